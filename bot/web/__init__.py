"""The one ASGI app: web chat, health check, and (later) the platform webhooks."""

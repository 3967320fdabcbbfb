"""Telegram webhook mode: updates POSTed to /webhooks/telegram on our own HTTP server.

Telegram sends the `secret_token` we registered with setWebhook in the
`X-Telegram-Bot-Api-Secret-Token` header of every request; anything without it (compared in
constant time) is refused with 403 before the body is read; then the body must be JSON within
`json_input`'s limits (400) that PTB can read as an update (400). An accepted update is
handled (the same handlers long polling feeds, within PTB's concurrency limit) before the
answer: Telegram gets its 200 only once the update's changes are committed and the replies
sent, so a worker killed meanwhile leaves the update with Telegram, which delivers it again
(to any worker; the committed idempotency claim answers a redelivery once).
"""

from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.channels.json_input import MalformedJson, load_json, read_limited

log = logging.getLogger(__name__)

PATH = "/webhooks/telegram"
SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_BODY_BYTES = 1024 * 1024


def webhook_route(app: Application, secret: str) -> Route:  # type: ignore[type-arg]
    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return PlainTextResponse("forbidden", status_code=403)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return PlainTextResponse("payload too large", status_code=413)
        body = await read_limited(request, MAX_BODY_BYTES)
        if body is None:
            return PlainTextResponse("payload too large", status_code=413)
        try:
            data = load_json(body)
        except MalformedJson:
            return PlainTextResponse("malformed JSON", status_code=400)
        try:
            update = Update.de_json(data, app.bot) if isinstance(data, dict) else None
        except Exception:
            update = None
        if update is None:
            return PlainTextResponse("malformed update", status_code=400)
        if not app.running:
            return PlainTextResponse("not running", status_code=503)  # Telegram retries
        await app.update_processor.process_update(update, app.process_update(update))
        return PlainTextResponse("ok")

    return Route(PATH, receive, methods=["POST"])

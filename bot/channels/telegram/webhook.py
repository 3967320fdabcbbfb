"""Telegram webhook mode: updates POSTed to /webhooks/telegram on our own HTTP server.

Telegram sends the `secret_token` we registered with setWebhook in the
`X-Telegram-Bot-Api-Secret-Token` header of every request; anything without it (compared in
constant time) is refused with 403 before the body is read. Accepted updates go to the
application's update queue, the same path long polling feeds, so handling is identical.
"""

from __future__ import annotations

import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

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
        body = await _read_limited(request)
        if body is None:
            return PlainTextResponse("payload too large", status_code=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            return PlainTextResponse("malformed update", status_code=400)
        if not app.running:
            return PlainTextResponse("not running", status_code=503)  # Telegram retries
        await app.update_queue.put(update)
        return PlainTextResponse("ok")

    return Route(PATH, receive, methods=["POST"])


async def _read_limited(request: Request) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)

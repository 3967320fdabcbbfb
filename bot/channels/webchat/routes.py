"""HTTP endpoints of the web chat. Replies are returned in the response (no push yet)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.channels.webchat.inbox import WebChatInbox
from bot.core.common.domain import Channel, ChannelAddress, Coordinates
from bot.core.common.messages import Inbound, InboundKind, Reply
from bot.i18n.catalogs import Catalogs, best_locale
from bot.i18n.locales import RTL_LOCALES
from dialogs.common.commands import web_chat_texts
from dialogs.service import ConversationService

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
SESSION = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_BODY_BYTES = 64 * 1024
MAX_TEXT_CHARS = 16_000


class BadMessage(ValueError):
    pass


def reply_json(reply: Reply) -> dict[str, Any]:
    body: dict[str, Any] = {
        "text": reply.text,
        "lang": reply.locale,
        "dir": "rtl" if reply.locale in RTL_LOCALES else "ltr",
        "options": [{"id": o.id, "label": o.label} for o in reply.options],
        "compact": reply.compact_options,
    }
    if reply.attachment is not None:
        body["attachment"] = {
            "filename": reply.attachment.filename,
            "mime": reply.attachment.mime_type,
            "data": base64.b64encode(reply.attachment.content).decode(),
        }
    return body


def parse_inbound(payload: object, locale_header: str | None) -> Inbound:
    if not isinstance(payload, dict):
        raise BadMessage("expected a JSON object")
    session = payload.get("session")
    if not isinstance(session, str) or not SESSION.match(session):
        raise BadMessage("session must be 16-64 characters of A-Z a-z 0-9 _ -")
    message_id = payload.get("id")
    if message_id is not None and (
        not isinstance(message_id, str) or not MESSAGE_ID.match(message_id)
    ):
        raise BadMessage("id must be 8-64 characters of A-Z a-z 0-9 _ -")
    locale = payload.get("locale")
    common: dict[str, Any] = {
        "sender": ChannelAddress(Channel.WEBCHAT, session),
        "locale_hint": locale if isinstance(locale, str) else locale_header,
        "idempotency_key": message_id,
    }
    if isinstance(payload.get("option"), str):
        return Inbound(kind=InboundKind.OPTION, option_id=payload["option"][:128], **common)
    location = payload.get("location")
    if isinstance(location, dict):
        try:
            where = Coordinates(float(location["latitude"]), float(location["longitude"]))
        except (KeyError, TypeError, ValueError):
            raise BadMessage("location needs numeric latitude and longitude") from None
        return Inbound(kind=InboundKind.LOCATION, location=where, **common)
    text = payload.get("text")
    if isinstance(text, str):
        if len(text) > MAX_TEXT_CHARS:
            raise BadMessage(f"text is longer than {MAX_TEXT_CHARS} characters")
        return Inbound(kind=InboundKind.TEXT, text=text, **common)
    raise BadMessage("send one of text, option or location")


def web_chat_routes(
    service: ConversationService, catalogs: Catalogs, inbox: WebChatInbox | None = None
) -> list[Route | Mount]:
    async def index(_: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def ui(request: Request) -> Response:
        locale = best_locale(request.query_params.get("locale")) or "en"
        tr = catalogs.get(locale)
        return JSONResponse(
            {"lang": locale, "dir": "rtl" if tr.rtl else "ltr", "texts": web_chat_texts(tr)}
        )

    async def messages(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"error": "message too large"}, status_code=413)
        try:
            inbound = parse_inbound(json.loads(body), request.headers.get("accept-language"))
        except json.JSONDecodeError:
            return JSONResponse({"error": "body is not JSON"}, status_code=400)
        except BadMessage as error:
            return JSONResponse({"error": str(error)}, status_code=422)
        outcome = await service.handle(inbound)
        return JSONResponse(
            {"duplicate": outcome.duplicate, "messages": [reply_json(r) for r in outcome.replies]}
        )

    async def pending(request: Request) -> Response:
        session = request.query_params.get("session", "")
        if not SESSION.match(session):
            return JSONResponse({"error": "unknown session"}, status_code=422)
        queued = inbox.take(session) if inbox is not None else []
        return JSONResponse({"messages": queued}, headers={"Cache-Control": "no-store"})

    return [
        Route("/", index),
        Route("/api/webchat/inbox", pending),
        Route("/api/webchat/ui", ui),
        Route("/api/webchat/messages", messages, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

"""HTTP endpoints of the web chat. Replies are returned in the response (no push yet).

Every POST passes the same gate first (`session.py`): our own origin (403), JSON only (415),
at most 64 KB (413), JSON within `json_input`'s limits (400), then a cookie and tab id the
server issued (403). Only then is the message read (422 when it is not one we understand).
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.channels.json_input import MalformedJson, load_json, read_limited
from bot.channels.webchat.inbox import WebChatInbox
from bot.channels.webchat.session import WebChatSessions, is_json, same_origin
from bot.core.common.domain import Channel, ChannelAddress, Coordinates
from bot.core.common.messages import Inbound, InboundKind, Reply
from bot.i18n.catalogs import Catalogs, best_locale
from bot.i18n.locales import RTL_LOCALES
from dialogs.common.commands import web_chat_texts
from dialogs.service import ConversationService

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
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


def parse_inbound(payload: dict[str, Any], member: str, locale_header: str | None) -> Inbound:
    """The message of a checked member (`member`: their external id from the session)."""
    message_id = payload.get("id")
    if message_id is not None and (
        not isinstance(message_id, str) or not MESSAGE_ID.match(message_id)
    ):
        raise BadMessage("id must be 8-64 characters of A-Z a-z 0-9 _ -")
    locale = payload.get("locale")
    common: dict[str, Any] = {
        "sender": ChannelAddress(Channel.WEBCHAT, member),
        "locale_hint": locale if isinstance(locale, str) else locale_header,
        # Ids the page makes are scoped to its member (another tab's id is no duplicate).
        "idempotency_key": f"{member}:{message_id}" if message_id is not None else None,
        "dedupe_before_consent": False,  # nobody redelivers: no row for a probe
    }
    if isinstance(payload.get("option"), str):
        return Inbound(kind=InboundKind.OPTION, option_id=payload["option"][:128], **common)
    location = payload.get("location")
    if isinstance(location, dict):
        try:
            latitude, longitude = float(location["latitude"]), float(location["longitude"])
        except (KeyError, TypeError, ValueError):
            raise BadMessage("location needs numeric latitude and longitude") from None
        if not (math.isfinite(latitude) and math.isfinite(longitude)) or (
            abs(latitude) > 90 or abs(longitude) > 180
        ):
            raise BadMessage("latitude must be within ±90 and longitude within ±180")
        where = Coordinates(latitude, longitude)
        return Inbound(kind=InboundKind.LOCATION, location=where, **common)
    text = payload.get("text")
    if isinstance(text, str):
        if len(text) > MAX_TEXT_CHARS:
            raise BadMessage(f"text is longer than {MAX_TEXT_CHARS} characters")
        return Inbound(kind=InboundKind.TEXT, text=text, **common)
    raise BadMessage("send one of text, option or location")


def web_chat_routes(
    service: ConversationService,
    catalogs: Catalogs,
    sessions: WebChatSessions,
    inbox: WebChatInbox | None = None,
) -> list[Route | Mount]:
    async def index(_: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def ui(request: Request) -> Response:
        locale = best_locale(request.query_params.get("locale")) or "en"
        tr = catalogs.get(locale)
        return JSONResponse(
            {"lang": locale, "dir": "rtl" if tr.rtl else "ltr", "texts": web_chat_texts(tr)}
        )

    async def new_tab(request: Request) -> Response:
        """A tab id for this browser (and the browser's cookie if it has none yet)."""
        payload = await _json_post(request)
        if isinstance(payload, Response):
            return payload
        session = sessions.browser(request)
        fresh = session is None
        if session is None:
            session = sessions.new_session()
        response = JSONResponse(
            {"tab": sessions.new_tab(session)}, headers={"Cache-Control": "no-store"}
        )
        if fresh:
            sessions.set_cookie(response, request, session)
        return response

    async def messages(request: Request) -> Response:
        payload = await _json_post(request)
        if isinstance(payload, Response):
            return payload
        member = _member(request, payload.get("tab"))
        if member is None:
            return JSONResponse({"error": "session"}, status_code=403)
        try:
            inbound = parse_inbound(payload, member, request.headers.get("accept-language"))
        except BadMessage as error:
            return JSONResponse({"error": str(error)}, status_code=422)
        outcome = await service.handle(inbound)
        return JSONResponse(
            {"duplicate": outcome.duplicate, "messages": [reply_json(r) for r in outcome.replies]}
        )

    async def pending(request: Request) -> Response:
        member = _member(request, request.query_params.get("tab"))
        if member is None:
            return JSONResponse({"error": "session"}, status_code=403)
        queued = await inbox.take(member) if inbox is not None else []
        return JSONResponse({"messages": queued}, headers={"Cache-Control": "no-store"})

    def _member(request: Request, tab: object) -> str | None:
        session = sessions.browser(request)
        return sessions.member_address(session, tab) if session is not None else None

    return [
        Route("/", index),
        Route("/api/webchat/inbox", pending),
        Route("/api/webchat/ui", ui),
        Route("/api/webchat/session", new_tab, methods=["POST"]),
        Route("/api/webchat/messages", messages, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


async def _json_post(request: Request) -> dict[str, Any] | Response:
    """The JSON object of a POST that passed the gate, or the response refusing it."""
    if not same_origin(request):
        return JSONResponse({"error": "cross-origin request"}, status_code=403)
    if not is_json(request):
        return JSONResponse({"error": "send application/json"}, status_code=415)
    body = await read_limited(request, MAX_BODY_BYTES)
    if body is None:
        return JSONResponse({"error": "message too large"}, status_code=413)
    try:
        payload = load_json(body)
    except MalformedJson as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    if not isinstance(payload, dict):
        return JSONResponse({"error": "expected a JSON object"}, status_code=400)
    return payload

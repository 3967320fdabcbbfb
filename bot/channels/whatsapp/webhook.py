"""The webhook Meta calls: GET to verify the URL, POST for messages and delivery statuses.

Every POST is checked before anything is parsed or stored: at most 1 MB (413), signed with the
app secret (`X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body>`, compared in constant
time; 401 without a signature, 403 with a wrong one), valid JSON within `json_input`'s limits
of depth and number size (400). Then the payload is
handed to `accept`, and Meta gets its 200 only once its events are handled and committed: a
worker killed meanwhile leaves the payload with Meta, which delivers it again (to any worker;
the committed idempotency claim answers it once). While the channel shuts down POSTs get
503, so Meta delivers them again later.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.json_input import MalformedJson, load_json, read_limited

PATH = "/webhooks/whatsapp"
MAX_BODY_BYTES = 1024 * 1024
SIGNATURE_HEADER = "x-hub-signature-256"


def sign(body: bytes, app_secret: str) -> str:
    """The X-Hub-Signature-256 value Meta sends for `body`."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_routes(
    *,
    verify_token: SecretStr | None,
    app_secret: SecretStr | None,
    accept: Callable[[Mapping[str, Any]], Awaitable[bool]],
    accepting: Callable[[], bool],
) -> list[BaseRoute]:
    async def verify(request: Request) -> Response:
        params = request.query_params
        given = params.get("hub.verify_token", "")
        expected = verify_token.get_secret_value() if verify_token else ""
        if (
            params.get("hub.mode") != "subscribe"
            or not expected
            or not hmac.compare_digest(given.encode(), expected.encode())
        ):
            return PlainTextResponse("forbidden", status_code=403)
        return PlainTextResponse(params.get("hub.challenge", ""))

    async def receive(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return PlainTextResponse("payload too large", status_code=413)
        body = await read_limited(request, MAX_BODY_BYTES)
        if body is None:
            return PlainTextResponse("payload too large", status_code=413)
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return PlainTextResponse("signature missing", status_code=401)
        secret = app_secret.get_secret_value() if app_secret else ""
        if not secret or not hmac.compare_digest(signature.encode(), sign(body, secret).encode()):
            return PlainTextResponse("bad signature", status_code=403)
        try:
            payload = load_json(body)
        except MalformedJson:
            return PlainTextResponse("malformed JSON", status_code=400)
        if not isinstance(payload, dict):
            return PlainTextResponse("malformed payload", status_code=400)
        if not accepting():
            return PlainTextResponse("shutting down", status_code=503)
        if not await accept(payload):
            return PlainTextResponse("shutting down", status_code=503)
        return PlainTextResponse("ok")

    return [
        Route(PATH, verify, methods=["GET"]),
        Route(PATH, receive, methods=["POST"]),
    ]

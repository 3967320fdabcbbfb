"""A local HTTP emulator of the WhatsApp Cloud API (Graph API) for tests and benchmarks.

It serves ``POST /{version}/{phone_number_id}/messages`` and ``/media``, and the business
account's ``/{version}/{waba_id}/message_templates`` (``whatsapp_templates.py``), over real
HTTP (Starlette on uvicorn, an ephemeral port on 127.0.0.1) inside the running event loop, and
it plays Meta's
part of the webhook: it builds payloads exactly as Meta sends them and POSTs them, signed with
``X-Hub-Signature-256``, to the app under test::

    async with WhatsAppGraphApiEmulator(webhook_url=f"{app_url}/webhooks/whatsapp") as api:
        api.add_user("4367612345678", "Layla")
        await api.send_text("4367612345678", "/start")
        [message] = await api.wait_for_messages("4367612345678", 1)
        assert message["type"] == "interactive"

Requests and answers use the real JSON shapes: a sent message answers
``{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}], "messages": [{"id":
"wamid..."}]}``; errors are Graph errors ``{"error": {"message": "(#131047) Re-engagement
message", "type": "OAuthException", "code": 131047, "error_data": {"messaging_product":
"whatsapp", "details": ...}, "fbtrace_id": ...}}``. Limits are checked as WhatsApp documents
them (text 4,096; interactive body 1,024; 1-3 buttons with titles of 1-20 characters; at most
10 list rows, row title 24, description 72, list button 20, section title 24).

Deliberate simplifications: every error answers HTTP 400 except a bad token (401); the window
check (``enforce_window``) uses the time of the last webhook message the emulator built; the
texts of parameter errors are close to, not copies of, Meta's.

Over 300 lines on purpose: one emulator mirroring the Cloud API (its validation is apart).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Self, TypedDict

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.emulators.whatsapp_templates import TemplateStore
from tests.emulators.whatsapp_validation import MEDIA_TYPES, ApiError, validate_message

JSONDict = dict[str, Any]
WINDOW = timedelta(hours=24)

#: Graph error codes a test can inject with `fail_next`, with Meta's titles and details.
FAULTS: dict[int, tuple[str, str]] = {
    131047: (
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer "
        "last replied to this number.",
    ),
    131026: (
        "Message Undeliverable",
        "Unable to deliver message. Reasons can include: the recipient phone number is not a "
        "WhatsApp phone number; the recipient has not accepted our new Terms of Service.",
    ),
    130429: ("Rate limit hit", "Cloud API message throughput has been reached."),
    131056: (
        "(Business Account, Consumer Account) pair rate limit hit",
        "Too many messages sent from the sender phone number to the same recipient phone "
        "number in a short period of time.",
    ),
    131000: ("Something went wrong", "Something went wrong."),
    132001: (
        "Template name does not exist in the translation",
        "template name (josoor_community_broadcast) does not exist in de",
    ),
}


class SentMessage(TypedDict):
    """One message the app sent successfully; `body` is the request JSON as sent."""

    id: str
    to: str
    type: str
    body: JSONDict
    time: float


class Upload(TypedDict):
    id: str
    filename: str | None
    mime_type: str
    content: bytes


class RecordedCall(TypedDict):
    path: str
    status: int
    request: JSONDict
    response: JSONDict


@dataclass
class _Fault:
    code: int
    retry_after: float | None


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WhatsAppGraphApiEmulator:
    """The Graph API for one business phone number, and Meta's side of the webhook."""

    def __init__(
        self,
        *,
        token: str = "EAAJtest-token-for-the-emulator-only",
        phone_number_id: str = "106540352242922",
        display_phone_number: str = "15550783881",
        business_account_id: str = "102290129340398",
        app_secret: str = "emulator-app-secret",
        api_version: str = "v23.0",
        webhook_url: str | None = None,
        enforce_window: bool = False,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.display_phone_number = display_phone_number
        self.business_account_id = business_account_id
        #: The account's message templates (the WhatsApp Business Management API).
        self.message_templates = TemplateStore()
        self.app_secret = app_secret
        self.api_version = api_version
        self.webhook_url = webhook_url
        self.enforce_window = enforce_window
        self.now = now
        self.users: dict[str, str] = {}
        #: Business-scoped user id → username, and → number when Meta still shares it.
        self.usernames: dict[str, str] = {}
        self.numbers: dict[str, str] = {}
        self.last_inbound: dict[str, datetime] = {}
        self.sent: list[SentMessage] = []
        self.calls: list[RecordedCall] = []
        self.uploads: dict[str, Upload] = {}
        self._faults: list[_Fault] = []
        self._ids = itertools.count(1)
        self._activity = asyncio.Event()
        self._server: _QuietServer | None = None
        self._task: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None
        self.app = Starlette(
            routes=[
                Route("/{version}/{phone_id}/messages", self._messages, methods=["POST"]),
                Route("/{version}/{phone_id}/media", self._media, methods=["POST"]),
                Route(
                    "/{version}/{waba_id}/message_templates",
                    self._message_templates,
                    methods=["GET", "POST"],
                ),
                Route("/{path:path}", self._unknown, methods=["GET", "POST"]),
            ]
        )

    # -- life cycle ----------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=0, log_level="warning", access_log=False,
            lifespan="off", timeout_graceful_shutdown=2,
        )  # fmt: skip
        self._server = _QuietServer(config)
        self._task = asyncio.create_task(self._server.serve(), name="whatsapp-graph-emulator")
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.005)
        self._http = httpx.AsyncClient(timeout=30)

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.aclose()
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await asyncio.wait_for(self._task, timeout=5)
        self._server = self._task = self._http = None

    @property
    def base_url(self) -> str:
        """What WHATSAPP_API_BASE points at; requests go to ``{base_url}/{version}/...``."""
        assert self._server is not None, "the emulator is not running"
        port = self._server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    # -- scripting ---------------------------------------------------------------------------

    def add_user(self, wa_id: str, name: str = "Test User") -> None:
        self.users[wa_id] = name

    def add_username_user(
        self, bsuid: str, username: str, name: str = "Test User", *, number: str | None = None
    ) -> None:
        """Someone with a WhatsApp username: webhooks carry their business-scoped user id
        (`from_user_id`, `user_id`) and their number only when `number` is given."""
        self.users[bsuid] = name
        self.usernames[bsuid] = username
        if number is not None:
            self.numbers[bsuid] = number

    def fail_next(self, code: int, *, count: int = 1, retry_after: float | None = None) -> None:
        """The next `count` sends fail with this Graph error code (see FAULTS)."""
        assert code in FAULTS, f"no canned error for {code}"
        self._faults.extend(_Fault(code, retry_after) for _ in range(count))

    def sent_to(self, wa_id: str) -> list[SentMessage]:
        return [message for message in self.sent if message["to"] == wa_id]

    async def wait_for_messages(
        self, wa_id: str, count: int, within: float = 10.0
    ) -> list[SentMessage]:
        """Wait until at least `count` messages were sent to `wa_id`; returns all of them."""
        deadline = time.monotonic() + within
        while len(self.sent_to(wa_id)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"{len(self.sent_to(wa_id))} of {count} messages to {wa_id} after {within}s"
                )
            self._activity.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._activity.wait(), remaining)
        return self.sent_to(wa_id)

    # -- webhooks, built as Meta builds them ---------------------------------------------------

    def message_id(self) -> str:
        raw = f"{self.phone_number_id}:{next(self._ids)}:{secrets.token_hex(8)}".encode()
        return "wamid." + base64.b64encode(raw).decode().rstrip("=")

    def message(self, wa_id: str, kind: str, content: JSONDict | None = None) -> JSONDict:
        """A message object of `kind` ("text", "interactive", "location", "sticker", …)."""
        self.last_inbound[wa_id] = self.now()
        message: JSONDict = {
            **self._from(wa_id),
            "id": self.message_id(),
            "timestamp": str(int(self.now().timestamp())),
            "type": kind,
        }
        if content is not None:
            message[kind] = content
        return message

    def text(self, wa_id: str, body: str) -> JSONDict:
        return self.message(wa_id, "text", {"body": body})

    def button_reply(self, wa_id: str, option_id: str, title: str = "…") -> JSONDict:
        reply = {"type": "button_reply", "button_reply": {"id": option_id, "title": title}}
        return self.message(wa_id, "interactive", reply)

    def list_reply(self, wa_id: str, option_id: str, title: str = "…") -> JSONDict:
        reply = {"type": "list_reply", "list_reply": {"id": option_id, "title": title}}
        return self.message(wa_id, "interactive", reply)

    def location(self, wa_id: str, latitude: float, longitude: float) -> JSONDict:
        return self.message(wa_id, "location", {"latitude": latitude, "longitude": longitude})

    def media_message(self, wa_id: str, kind: str) -> JSONDict:
        """A sticker, audio (a voice note), image, video or document the user sent."""
        content: JSONDict = {"id": str(900000 + next(self._ids)), "mime_type": _MIME[kind]}
        if kind == "audio":
            content["voice"] = True
        return self.message(wa_id, kind, content)

    def _from(self, wa_id: str) -> JSONDict:
        """The sender fields of a message: `from`, and `from_user_id` for username users."""
        if wa_id not in self.usernames:
            return {"from": wa_id}
        number = self.numbers.get(wa_id)
        return {"from_user_id": wa_id} | ({"from": number} if number else {})

    def contact(self, wa_id: str) -> JSONDict:
        """A `contacts` entry; for username users `user_id` and `username`, `wa_id` only when
        Meta shares the number."""
        profile: JSONDict = {"name": self.users.get(wa_id, "Test User")}
        if wa_id not in self.usernames:
            return {"profile": profile, "wa_id": wa_id}
        profile["username"] = self.usernames[wa_id]
        number = self.numbers.get(wa_id)
        return {"profile": profile, "user_id": wa_id} | ({"wa_id": number} if number else {})

    def messages_payload(
        self, wa_id: str, *messages: JSONDict, phone_number_id: str | None = None
    ) -> JSONDict:
        contacts = [self.contact(wa_id)]
        return self._payload({"contacts": contacts, "messages": list(messages)}, phone_number_id)

    def batch_payload(self, messages: list[JSONDict]) -> JSONDict:
        """One payload with messages from several senders (Meta batches under load)."""
        senders = dict.fromkeys(
            message.get("from_user_id") or message["from"] for message in messages
        )
        contacts = [self.contact(w) for w in senders]
        return self._payload({"contacts": contacts, "messages": messages}, None)

    def status_payload(
        self, wamid: str, status: str, recipient: str, error_code: int | None = None
    ) -> JSONDict:
        entry: JSONDict = {
            "id": wamid,
            "status": status,
            "timestamp": str(int(self.now().timestamp())),
            **(
                {"recipient_user_id": recipient}
                | ({"recipient_id": self.numbers[recipient]} if recipient in self.numbers else {})
                if recipient in self.usernames
                else {"recipient_id": recipient}
            ),
        }
        if error_code is not None:
            title = FAULTS.get(error_code, ("Error", ""))[0]
            entry["errors"] = [{"code": error_code, "title": title, "message": title}]
        return self._payload({"statuses": [entry]}, None)

    def _payload(self, value: JSONDict, phone_number_id: str | None) -> JSONDict:
        metadata = {
            "display_phone_number": self.display_phone_number,
            "phone_number_id": phone_number_id or self.phone_number_id,
        }
        change = {"value": {"messaging_product": "whatsapp", "metadata": metadata, **value}}
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398", "changes": [{**change, "field": "messages"}]}],
        }

    def sign(self, body: bytes) -> str:
        digest = hmac.new(self.app_secret.encode(), body, hashlib.sha256).hexdigest()
        return f"sha256={digest}"

    async def post(
        self, payload: JSONDict | bytes, *, signature: str | None = "auto"
    ) -> httpx.Response:
        """POST a payload to the webhook, signed unless `signature` is None or given."""
        assert self._http is not None and self.webhook_url, "set webhook_url first"
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "auto":
            headers["X-Hub-Signature-256"] = self.sign(body)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return await self._http.post(self.webhook_url, content=body, headers=headers)

    async def send(self, wa_id: str, *messages: JSONDict) -> httpx.Response:
        response = await self.post(self.messages_payload(wa_id, *messages))
        assert response.status_code == 200, response.text
        return response

    async def send_text(self, wa_id: str, body: str) -> JSONDict:
        message = self.text(wa_id, body)
        await self.send(wa_id, message)
        return message

    async def send_status(
        self, wamid: str, status: str, recipient: str, error_code: int | None = None
    ) -> httpx.Response:
        return await self.post(self.status_payload(wamid, status, recipient, error_code))

    # -- the Graph API -------------------------------------------------------------------------

    async def _messages(self, request: Request) -> Response:
        body: JSONDict = {}
        try:
            self._check_request(request)
            parsed = json.loads(await request.body() or b"{}")
            body = parsed if isinstance(parsed, dict) else {}
            validate_message(body, set(self.uploads))
            to = str(body.get("to") or body["recipient"])
            if self._faults:
                fault = self._faults.pop(0)
                raise ApiError(fault.code, *FAULTS[fault.code], retry_after=fault.retry_after)
            if self.enforce_window and body["type"] != "template":
                last = self.last_inbound.get(to)
                if last is None or self.now() - last > WINDOW:
                    raise ApiError(131047, *FAULTS[131047])
        except ApiError as error:
            return self._answer(request, body, error.status, error.body(), error.headers())
        wamid = self.message_id()
        sent = SentMessage(id=wamid, to=to, type=str(body["type"]), body=body, time=time.time())
        self.sent.append(sent)
        self._activity.set()
        contact = {"input": to, "user_id": to} if "." in to else {"input": to, "wa_id": to}
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [contact],
            "messages": [{"id": wamid}],
        }
        return self._answer(request, body, 200, answer)

    async def _media(self, request: Request) -> Response:
        try:
            self._check_request(request)
            fields, files = _multipart(await request.body(), request.headers["content-type"])
            upload = _validate_upload(fields, files)
        except KeyError:
            error = ApiError(100, "Invalid parameter", "multipart/form-data expected")
            return self._answer(request, {}, error.status, error.body())
        except ApiError as error:
            return self._answer(request, {}, error.status, error.body())
        media_id = str(1_000_000_000 + next(self._ids))
        self.uploads[media_id] = {**upload, "id": media_id}
        return self._answer(request, fields, 200, {"id": media_id})

    async def _message_templates(self, request: Request) -> Response:
        body: JSONDict = {}
        try:
            if request.headers.get("authorization") != f"Bearer {self.token}":
                raise ApiError(190, "Invalid OAuth access token - Cannot parse access token", "")
            if request.path_params["waba_id"] != self.business_account_id:
                raise ApiError(100, "Unsupported post request", "Unknown business account id")
            if request.method == "GET":
                limit = int(request.query_params.get("limit") or 25)
                after = request.query_params.get("after")
                url = str(request.url).split("?")[0]
                answer = self.message_templates.page(max(1, min(limit, 100)), after, url)
            else:
                parsed = json.loads(await request.body() or b"{}")
                body = parsed if isinstance(parsed, dict) else {}
                answer = self.message_templates.create(body)
        except ApiError as error:
            return self._answer(request, body, error.status, error.body())
        return self._answer(request, body, 200, answer)

    async def _unknown(self, request: Request) -> Response:
        error = ApiError(100, "Unsupported post request", f"Unknown path {request.url.path}")
        return self._answer(request, {}, error.status, error.body())

    def _check_request(self, request: Request) -> None:
        if request.headers.get("authorization") != f"Bearer {self.token}":
            raise ApiError(190, "Invalid OAuth access token - Cannot parse access token", "")
        if request.path_params["phone_id"] != self.phone_number_id:
            raise ApiError(100, "Unsupported post request", "Unknown phone number id")

    def _answer(
        self,
        request: Request,
        sent: JSONDict,
        status: int,
        body: JSONDict,
        headers: dict[str, str] | None = None,
    ) -> Response:
        self.calls.append(RecordedCall(path=request.url.path, status=status, request=sent,
                                       response=body))  # fmt: skip
        self._activity.set()
        return JSONResponse(body, status_code=status, headers=headers)


_MIME = {
    "sticker": "image/webp",
    "audio": "audio/ogg; codecs=opus",
    "image": "image/jpeg",
    "video": "video/mp4",
    "document": "application/pdf",
}


def _multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, Upload]]:
    """Fields and files of a multipart/form-data body (stdlib email parser)."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            mime = part.get_content_type()
            files[name] = Upload(id="", filename=filename, mime_type=mime, content=content)
        else:
            fields[name] = content.decode()
    return fields, files


def _validate_upload(fields: dict[str, str], files: dict[str, Upload]) -> Upload:
    if fields.get("messaging_product") != "whatsapp":
        raise ApiError(100, "Invalid parameter", "messaging_product must be whatsapp")
    file = files.get("file")
    if file is None or not file["content"]:
        raise ApiError(100, "Invalid parameter", "Param file is required and must be non-empty")
    mime = fields.get("type") or file["mime_type"]
    if mime not in MEDIA_TYPES:
        raise ApiError(131053, "Media upload error", f"Unsupported file type {mime}")
    return Upload(id="", filename=file["filename"], mime_type=mime, content=file["content"])


def styled_spans(text: str) -> list[tuple[str, str]]:
    """The spans WhatsApp would style in `text`: ("bold"|"italic"|"strike"|"code", content).

    WhatsApp styles text between two identical markers when the opening one follows the
    text's start, a space or punctuation and precedes a non-space, and the closing one follows
    a non-space and precedes the end, a space or punctuation, on one line (code: three
    backticks anywhere, or one backtick with the same boundaries).
    """
    spans: list[tuple[str, str]] = []
    if text.count("```") >= 2:
        start = text.index("```")
        end = text.find("```", start + 3)
        if end > start + 3:
            spans.append(("code", text[start + 3 : end]))
    for marker, style in (("*", "bold"), ("_", "italic"), ("~", "strike"), ("`", "code")):
        for start, char in enumerate(text):
            if char != marker or not _boundary(text, start - 1):
                continue
            if start + 1 >= len(text) or text[start + 1].isspace() or text[start + 1] == marker:
                continue
            end = text.find(marker, start + 1)
            while end != -1 and "\n" not in text[start:end]:
                if not text[end - 1].isspace() and _boundary(text, end + 1):
                    spans.append((style, text[start + 1 : end]))
                    break
                end = text.find(marker, end + 1)
    return spans


def _boundary(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return True
    char = text[index]
    return char.isspace() or unicodedata.category(char).startswith("P")

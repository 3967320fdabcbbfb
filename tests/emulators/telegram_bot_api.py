"""A local HTTP emulator of the Telegram Bot API for tests and benchmarks.

The emulator serves the Bot API over real HTTP (Starlette on uvicorn, bound to an ephemeral
port on 127.0.0.1) inside the running event loop, so the real ``python-telegram-bot`` stack
(``telegram.Bot``, ``telegram.ext.Application`` with long polling) can talk to it unchanged::

    async with TelegramBotApiEmulator(token="123:ABC") as api:
        api.add_user(42, first_name="Layla", language_code="ar")
        async with Bot("123:ABC", base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            await bot.send_message(42, "<b>مرحبا</b>", parse_mode="HTML")
        assert api.last_message(42)["plain_text"] == "مرحبا"

Responses use the Bot API's JSON shapes (``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ...}``) and the descriptions the real server
sends for the errors a bot is most likely to hit (unparsable HTML, over-long text, stale
callback queries, blocked users, flood control, ...).

The scripting side (``add_user``, ``send_text``, ``press_button``, ``fail_next``, ...) consists of
plain methods meant to be called from the event loop the emulator runs in. State is guarded by a
lock and long polls are woken thread-safely, so calling them from another thread also works.

Deliberate differences from the real server (all documented where they apply):

* ``getUpdates`` accepts a fractional ``timeout`` (PTB sends one for a fractional ``timedelta``),
  which keeps long-polling tests fast.
* With ``strict_html=True`` (the default) a ``&`` that does not start one of the entities
  Telegram knows is rejected. The real server shows such a ``&`` literally, but its documentation
  requires escaping it, so the strict mode catches missing escaping early.
* Only private chats with users registered through :meth:`TelegramBotApiEmulator.add_user` (or
  who wrote to the bot: scripting an inbound message from an unknown user registers them) exist,
  and the groups made with :meth:`TelegramBotApiEmulator.add_group`. In groups the emulator
  does not check the bot's admin rights.
* ``parse_mode=MarkdownV2``/``Markdown`` text is accepted without entity parsing.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import json
import math
import re
import struct
import threading
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Self, TypedDict, TypeVar
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = [
    "AnsweredCallback",
    "ApiError",
    "FileInfo",
    "RecordedCall",
    "SentMessage",
    "TelegramBotApiEmulator",
    "TelegramHtmlError",
    "parse_telegram_html",
]

JSONDict = dict[str, Any]
_T = TypeVar("_T")

# ---------------------------------------------------------------------------------------------
# Limits and real error descriptions
# ---------------------------------------------------------------------------------------------

MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64

ERR_UNAUTHORIZED: Final = "Unauthorized"
ERR_NOT_FOUND: Final = "Not Found"
ERR_CHAT_NOT_FOUND: Final = "Bad Request: chat not found"
ERR_CHAT_ID_EMPTY: Final = "Bad Request: chat_id is empty"
ERR_TEXT_EMPTY: Final = "Bad Request: message text is empty"
ERR_TEXT_TOO_LONG: Final = "Bad Request: message is too long"
ERR_CAPTION_TOO_LONG: Final = "Bad Request: message caption is too long"
ERR_PARSE_ENTITIES: Final = "Bad Request: can't parse entities: "
ERR_UNSUPPORTED_PARSE_MODE: Final = "Bad Request: unsupported parse_mode"
ERR_BUTTON_DATA_INVALID: Final = "Bad Request: BUTTON_DATA_INVALID"
ERR_TEXT_BUTTON: Final = (
    "Bad Request: can't parse InlineKeyboardButton: "
    "Text buttons are not allowed in the inline keyboard"
)
# Not verified against the live server; the closest MTProto error name.
ERR_BUTTON_TEXT_EMPTY: Final = "Bad Request: BUTTON_TEXT_INVALID"
ERR_MARKUP_JSON: Final = "Bad Request: can't parse reply keyboard markup JSON object"
ERR_MESSAGE_ID_MISSING: Final = "Bad Request: message identifier is not specified"
ERR_EDIT_NOT_FOUND: Final = "Bad Request: message to edit not found"
ERR_CANT_EDIT: Final = "Bad Request: message can't be edited"
ERR_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
ERR_DELETE_NOT_FOUND: Final = "Bad Request: message to delete not found"
ERR_QUERY_INVALID: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
ERR_BLOCKED: Final = "Forbidden: bot was blocked by the user"
ERR_POLL_CONFLICT: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
ERR_WEBHOOK_ACTIVE: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
ERR_BAD_WEBHOOK_URL: Final = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
ERR_WRONG_FILE_ID: Final = "Bad Request: wrong file identifier/HTTP URL specified"
ERR_EMPTY_FILE: Final = "Bad Request: file must be non-empty"
ERR_IMAGE_PROCESS_FAILED: Final = "Bad Request: IMAGE_PROCESS_FAILED"
ERR_WRONG_ACTION: Final = "Bad Request: wrong parameter action in request"
ERR_COMMAND_INVALID: Final = "Bad Request: BOT_COMMAND_INVALID"
ERR_COMMANDS_JSON: Final = "Bad Request: can't parse commands JSON object"
ERR_HIDE_REQUESTER_MISSING: Final = "Bad Request: HIDE_REQUESTER_MISSING"
ERR_USER_ALREADY_PARTICIPANT: Final = "Bad Request: USER_ALREADY_PARTICIPANT"
#: The user in ``from`` of messages sent by anonymous group admins.
GROUP_ANONYMOUS_BOT: Final = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}

_DEFAULT_DESCRIPTIONS: Final[Mapping[int, str]] = {
    400: "Bad Request",
    401: ERR_UNAUTHORIZED,
    403: ERR_BLOCKED,
    404: ERR_NOT_FOUND,
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

# Update types delivered when ``allowed_updates`` was never set (or set to an empty list).
_NOT_DELIVERED_BY_DEFAULT: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)

_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# Methods whose successful calls count against the flood limits in rate-limit mode.
_RATE_LIMITED_METHODS: Final = frozenset({"sendMessage", "sendDocument", "sendPhoto"})

_COMMAND_RE: Final = re.compile(r"[a-z0-9_]{1,32}")
_BOT_COMMAND_RE: Final = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")


# ---------------------------------------------------------------------------------------------
# Records handed to tests
# ---------------------------------------------------------------------------------------------


class FileInfo(TypedDict):
    """A file the bot uploaded (or referenced by ``file_id``/URL)."""

    file_id: str
    file_unique_id: str
    filename: str | None
    mime_type: str | None
    size: int
    content: bytes | None
    url: str | None


class SentMessage(TypedDict):
    """One outgoing message (``sendMessage``/``sendDocument``/``sendPhoto``) or text edit.

    ``text``/``caption`` are the raw parameters the bot sent (HTML included); ``plain_text``
    is what the user sees after entity parsing (the text or caption of the resulting message).
    """

    method: str
    chat_id: int
    message_id: int
    text: str | None
    plain_text: str | None
    caption: str | None
    parse_mode: str | None
    reply_markup: JSONDict | None
    document: FileInfo | None
    photo: FileInfo | None
    time: float
    message: JSONDict


class RecordedCall(TypedDict):
    """One HTTP request to the Bot API and what the emulator answered."""

    method: str
    params: JSONDict
    files: dict[str, FileInfo]
    status: int
    response: JSONDict
    time: float


class AnsweredCallback(TypedDict):
    """A successful ``answerCallbackQuery``."""

    callback_query_id: str
    user_id: int
    message_id: int | None
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    time: float


class ApiError(Exception):
    """An error answer of the Bot API (raised inside handlers, turned into a response)."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(description: str) -> ApiError:
    return ApiError(400, description)


# ---------------------------------------------------------------------------------------------
# Telegram HTML parse mode
# ---------------------------------------------------------------------------------------------


class TelegramHtmlError(ValueError):
    """Text that Telegram's HTML parse mode rejects; the message is Telegram's wording."""


_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_SIMPLE_ENTITY_TYPES: Final[Mapping[str, str]] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_NAMED_HTML_ENTITIES: Final[Mapping[str, str]] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# Telegram's parser treats these ASCII characters (and the end of the text) as spaces.
_HTML_SPACES: Final = frozenset(" \t\r\n\v\f")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference starting with the ``&`` at ``pos``.

    Returns the character and the position after the reference, or ``None`` when the ``&``
    does not start a reference Telegram understands (``&lt; &gt; &amp; &quot;`` and numeric
    ones; the ``;`` is optional, like in Telegram).
    """
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        digits_start = end
        base = 10
        if end < n and text[end] in "xX":
            end += 1
            digits_start = end
            base = 16
        allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
        while end < n and text[end] in allowed:
            end += 1
        digits = text[digits_start:end]
        if not digits or end - pos >= 10:
            return None
        code = int(digits, base)
        if code == 0 or code >= 0x10FFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in _NAMED_HTML_ENTITIES:
            return None
        char = _NAMED_HTML_ENTITIES[name]
    if end < n and text[end] == ";":
        end += 1
    return char, end


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_start: int


def parse_telegram_html(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse ``text`` the way Telegram's ``parse_mode=HTML`` does.

    Returns the plain text and its MessageEntity list (offsets in UTF-16 code units). Raises
    :class:`TelegramHtmlError` with Telegram's own wording (without the ``can't parse
    entities:`` prefix) for text the server rejects. With ``strict`` a ``&`` that starts no
    known character reference is rejected too (Telegram itself would show it literally).
    """

    def byte_offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8"))

    def is_space(pos: int) -> bool:
        return pos >= n or text[pos] in _HTML_SPACES

    n = len(text)
    out: list[str] = []
    out_len = 0  # characters in ``out``
    utf16 = 0
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i = 0
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                out_len += 1
                utf16 += _utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict:
                raise TelegramHtmlError(
                    f'Unescaped "&" at byte offset {byte_offset(i)} '
                    "(emulator strict mode: write &amp;)"
                )
        if char != "<":
            out.append(char)
            out_len += 1
            utf16 += 2 if ord(char) > 0xFFFF else 1
            i += 1
            continue

        begin = i
        i += 1
        if i < n and text[i] == "/":
            # An end tag.
            if not stack:
                raise TelegramHtmlError(f"Unexpected end tag at byte offset {byte_offset(begin)}")
            i += 1
            while not is_space(i) and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i].lower()
            while i < n and text[i] in _HTML_SPACES:
                i += 1
            if i >= n or text[i] != ">":
                raise TelegramHtmlError(f"Unclosed end tag at byte offset {byte_offset(begin)}")
            i += 1
            top = stack[-1]
            if end_name and end_name != top.name:
                raise TelegramHtmlError(
                    f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                    f'expected "</{top.name}>", found "</{end_name}>"'
                )
            stack.pop()
            if utf16 > top.utf16_offset:
                inner = "".join(out)[top.text_start :]
                entity = _entity_for_tag(top, utf16 - top.utf16_offset, inner, entities)
                if entity is not None:
                    entities.append(entity)
            continue

        # A start tag.
        while not is_space(i) and text[i] != ">":
            i += 1
        if i >= n:
            raise TelegramHtmlError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
        name = text[begin + 1 : i].lower()
        if name not in _HTML_TAGS:
            raise TelegramHtmlError(
                f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}'
            )
        argument, i = _parse_html_attributes(text, i, name, begin, byte_offset)
        if name == "span" and argument != "spoiler":
            raise TelegramHtmlError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}'
            )
        stack.append(_OpenTag(name, argument, utf16, out_len))

    if stack:
        raise TelegramHtmlError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_html_attributes(
    text: str, i: int, tag: str, begin: int, byte_offset: Callable[[int], int]
) -> tuple[str, int]:
    """Read the attributes of a start tag from ``i`` up to its ``>``.

    Returns the tag's argument (``href``, code language, span class, emoji id, ...) and the
    position after the ``>``.
    """
    n = len(text)
    argument = ""
    at = byte_offset(begin)
    while True:
        while i < n and text[i] in _HTML_SPACES:
            i += 1
        if i >= n:
            raise TelegramHtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if text[i] == ">":
            return argument, i + 1
        name_start = i
        while i < n and text[i] not in _HTML_SPACES and text[i] not in "=>/\"'":
            i += 1
        attribute = text[name_start:i]
        if not attribute:
            raise TelegramHtmlError(f'Empty attribute name in the tag "{tag}" at byte offset {at}')
        while i < n and text[i] in _HTML_SPACES:
            i += 1
        if i >= n:
            raise TelegramHtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if text[i] != "=":
            if tag == "blockquote" and attribute == "expandable":
                argument = "1"
            continue
        i += 1
        while i < n and text[i] in _HTML_SPACES:
            i += 1
        if i >= n:
            raise TelegramHtmlError(f'Unclosed start tag "{tag}" at byte offset {at}')
        if text[i] in "\"'":
            quote = text[i]
            i += 1
            value_chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_html_entity(text, i)
                    if decoded is not None:
                        value_chars.append(decoded[0])
                        i = decoded[1]
                        continue
                value_chars.append(text[i])
                i += 1
            if i < n:
                i += 1  # the closing quote
            value = "".join(value_chars)
        else:
            token_start = i
            while i < n and text[i].isascii() and (text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[token_start:i].lower()
            if i < n and text[i] not in _HTML_SPACES and text[i] != ">":
                raise TelegramHtmlError(
                    f"Unexpected end of name token at byte offset {byte_offset(token_start)}"
                )
        if i >= n:
            raise TelegramHtmlError(f"Unclosed start tag at byte offset {at}")
        if tag == "a" and attribute == "href":
            argument = value
        elif tag == "code" and attribute == "class" and value.startswith("language-"):
            argument = value.removeprefix("language-")
        elif tag == "span" and attribute == "class" and value.startswith("tg-"):
            argument = value.removeprefix("tg-")
        elif tag == "tg-emoji" and attribute == "emoji-id":
            argument = value
        elif tag == "blockquote" and attribute == "expandable":
            argument = "1"


def _entity_for_tag(
    tag: _OpenTag, length: int, inner_text: str, entities: list[JSONDict]
) -> JSONDict | None:
    """The MessageEntity a closed tag produces (or ``None``; may update the last entity)."""
    offset = tag.utf16_offset
    simple = _SIMPLE_ENTITY_TYPES.get(tag.name)
    if simple is not None:
        return {"type": simple, "offset": offset, "length": length}
    if tag.name == "a":
        url = tag.argument or inner_text
        if not url.strip():
            return None
        return {"type": "text_link", "offset": offset, "length": length, "url": url}
    if tag.name == "code":
        entity: JSONDict = {"type": "code", "offset": offset, "length": length}
        if tag.argument:
            entity["language"] = tag.argument  # kept only if a <pre> wraps it (see below)
        return entity
    if tag.name == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
        ):
            language = last.get("language")
            entities.pop()
            pre: JSONDict = {"type": "pre", "offset": offset, "length": length}
            if language:
                pre["language"] = language
            return pre
        return {"type": "pre", "offset": offset, "length": length}
    if tag.name == "blockquote":
        kind = "expandable_blockquote" if tag.argument else "blockquote"
        return {"type": kind, "offset": offset, "length": length}
    if tag.name == "tg-emoji":
        if not tag.argument.isdigit() or int(tag.argument) == 0:
            raise TelegramHtmlError("Invalid custom emoji identifier specified")
        return {
            "type": "custom_emoji",
            "offset": offset,
            "length": length,
            "custom_emoji_id": tag.argument,
        }
    return None  # pragma: no cover - every allowed tag is handled above


def _strip_formatted(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Trim surrounding whitespace like Telegram does, keeping entity offsets consistent."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = _utf16_len(text[: len(text) - len(text.lstrip())])
    limit = _utf16_len(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


# ---------------------------------------------------------------------------------------------
# Request parsing
# ---------------------------------------------------------------------------------------------


@dataclass
class _Upload:
    filename: str | None
    content_type: str | None
    data: bytes


_DISPOSITION_PARAM_RE: Final = re.compile(r';\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))')


def _parse_multipart(body: bytes, boundary: str) -> tuple[JSONDict, dict[str, _Upload]]:
    """Split a ``multipart/form-data`` body into text fields and uploaded files."""
    fields: JSONDict = {}
    files: dict[str, _Upload] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for section in body.split(delimiter)[1:]:
        if section.startswith(b"--"):
            break  # the closing delimiter
        section = section.removeprefix(b"\r\n")
        head, _, content = section.partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                headers[key.strip().lower()] = value.strip()
        params = {
            match.group(1).lower(): (
                match.group(2).replace('\\"', '"')
                if match.group(2) is not None
                else match.group(3)
            )
            for match in _DISPOSITION_PARAM_RE.finditer(headers.get("content-disposition", ""))
        }
        name = params.get("name")
        if name is None:
            continue
        filename = params.get("filename")
        if filename is not None:
            # Clients escape these three characters in quoted form-data names (WHATWG rules).
            for escaped, char in (("%22", '"'), ("%0D", "\r"), ("%0A", "\n")):
                filename = filename.replace(escaped, char)
            files[name] = _Upload(filename, headers.get("content-type"), content)
        else:
            fields[name] = content.decode("utf-8", "replace")
    return fields, files


_JSON_FIELD_ERRORS: Final[Mapping[str, str]] = {
    "reply_markup": ERR_MARKUP_JSON,
    "commands": ERR_COMMANDS_JSON,
    "scope": "Bad Request: can't parse BotCommandScope JSON object",
    "allowed_updates": "Bad Request: can't parse allowed updates JSON array",
    "entities": "Bad Request: can't parse entities JSON object",
    "caption_entities": "Bad Request: can't parse entities JSON object",
    "reply_parameters": "Bad Request: can't parse reply parameters JSON object",
    "link_preview_options": "Bad Request: can't parse link preview options JSON object",
}


class _Params:
    """Typed access to the parameters of one request (form values arrive as strings)."""

    def __init__(self, raw: JSONDict, files: dict[str, _Upload]) -> None:
        self.raw = raw
        self.files = files
        self.decoded: JSONDict = dict(raw)

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def get_str(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, error: str) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise _bad_request(error)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise _bad_request(error) from None

    def get_float(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _bad_request(f'Bad Request: field "{name}" must be a number') from None

    def get_bool(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"true", "1"} if value is not None else False

    def get_json(self, name: str) -> Any:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise _bad_request(
                    _JSON_FIELD_ERRORS.get(name, f"Bad Request: can't parse {name}")
                ) from None
        self.decoded[name] = value
        return value


# ---------------------------------------------------------------------------------------------
# Internal state
# ---------------------------------------------------------------------------------------------


class _Signal:
    """A broadcast wake-up: waiters grab :meth:`waiter` before checking their condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def waiter(self) -> asyncio.Event:
        return self._event

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()


@dataclass
class _PendingUpdate:
    update: JSONDict
    forced: bool = False  # an explicit (possibly duplicate) update_id: delivered regardless
    delivered: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next((key for key in self.update if key != "update_id"), "")


@dataclass
class _Fault:
    status: int
    description: str
    parameters: JSONDict | None
    remaining: int


@dataclass
class _Delay:
    seconds: float
    remaining: int


@dataclass
class _CallbackQuery:
    user_id: int
    message_id: int | None
    data: str | None
    answered: bool = False


@dataclass
class _RateLimits:
    global_per_second: int
    per_chat_per_second: int
    methods: frozenset[str]
    global_window: deque[float] = field(default_factory=deque)
    chat_windows: dict[int, deque[float]] = field(default_factory=dict)


@dataclass
class _StoredFile:
    info: FileInfo
    file_path: str


class _QuietServer(uvicorn.Server):
    """A uvicorn server for embedding: no signal handlers, and it stops without polling."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.stop_requested = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def main_loop(self) -> None:
        # uvicorn's own loop checks ``should_exit`` every 0.1 s; an event stops at once.
        await self.on_tick(0)
        await self.stop_requested.wait()


Handler = Callable[[_Params], Awaitable[Any]]


# ---------------------------------------------------------------------------------------------
# The emulator
# ---------------------------------------------------------------------------------------------


class TelegramBotApiEmulator:
    """Serve an emulated Telegram Bot API on ``127.0.0.1`` inside the running event loop.

    Use it as an async context manager (or call :meth:`start`/:meth:`stop`). ``base_url`` and
    ``base_file_url`` plug straight into ``telegram.Bot(..., base_url=..., base_file_url=...)``;
    ``api_root`` is for code that builds ``{root}/bot{token}/{method}`` itself.
    """

    def __init__(
        self,
        token: str = "123:ABC",
        *,
        bot_first_name: str = "Josoor Test Bot",
        bot_username: str = "josoor_test_bot",
        strict_html: bool = True,
        validate_photos: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        """Create the emulator (it starts serving in :meth:`start`).

        Args:
            token: The only token accepted; the bot's user id is the part before ``:``.
            bot_first_name: ``first_name`` of the bot user (``getMe``, ``from`` of its messages).
            bot_username: ``username`` of the bot user.
            strict_html: Reject a ``&`` that starts no known HTML entity (see module docs).
            validate_photos: Reject ``sendPhoto`` uploads that are not PNG/JPEG/GIF/WebP, like
                Telegram does (``IMAGE_PROCESS_FAILED``).
            host: Interface to bind; the port is always ephemeral.
        """
        bot_id_text = token.split(":", 1)[0]
        self.token = token
        self.strict_html = strict_html
        self.validate_photos = validate_photos
        self.host = host
        self.bot_user: JSONDict = {
            "id": int(bot_id_text) if bot_id_text.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        #: ``time.monotonic()`` when each inbound update was pushed, by ``update_id``.
        self.update_times: dict[int, float] = {}
        #: How many sends answered 429 because of :meth:`enforce_rate_limits`.
        self.rate_limit_violations = 0
        #: The last ``setWebhook`` parameters (``None`` when no webhook is set).
        self.webhook: JSONDict | None = None

        self._lock = threading.RLock()
        self._users: dict[int, JSONDict] = {}
        self._blocked: set[int] = set()
        self._message_ids: dict[int, int] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._pending: list[_PendingUpdate] = []
        self._next_update_id = 1
        self._update_chats: dict[int, int] = {}
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._sent: list[SentMessage] = []
        self._calls: list[RecordedCall] = []
        self._answered: list[AnsweredCallback] = []
        self._callback_queries: dict[str, _CallbackQuery] = {}
        self._next_callback_id = 1
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, list[_Delay]] = {}
        self._rate_limits: _RateLimits | None = None
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, str] = {}
        self._file_counter = 0
        self._groups: dict[int, JSONDict] = {}
        self._group_members: dict[int, set[int]] = {}
        self._join_requests: set[tuple[int, int]] = set()
        #: Decided join requests: (group chat id, user id, "approved" or "declined").
        self.join_decisions: list[tuple[int, int, str]] = []

        self._updates_signal = _Signal()
        self._activity_signal = _Signal()
        self._closing = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._server: _QuietServer | None = None
        self._server_task: asyncio.Task[None] | None = None
        self._port: int | None = None

        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "sendChatAction": self._send_chat_action,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "setMyCommands": self._set_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getMyCommands": self._get_my_commands,
                "getFile": self._get_file,
                "approveChatJoinRequest": self._approve_join_request,
                "declineChatJoinRequest": self._decline_join_request,
            }.items()
        }
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._handle_api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._handle_file, methods=["GET"]),
                Route("/{path:path}", self._handle_unknown, methods=["GET", "POST"]),
            ]
        )

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind an ephemeral port and start serving in the current event loop."""
        if self._server_task is not None:
            raise RuntimeError("the emulator is already running")
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._closing = False
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=0,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = _QuietServer(config)
        task = asyncio.create_task(server.serve(), name="telegram-bot-api-emulator")
        while not server.started:
            if task.done():
                task.result()  # re-raise the startup error
                raise RuntimeError("the emulator's server stopped during startup")
            await asyncio.sleep(0.005)
        self._server, self._server_task = server, task
        self._port = int(server.servers[0].sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        if self._server is None or self._server_task is None:
            return
        self._closing = True
        self._fire(self._updates_signal)
        self._fire(self._activity_signal)
        self._server.should_exit = True
        self._server.stop_requested.set()
        try:
            await asyncio.wait_for(self._server_task, timeout=5)
        finally:
            self._server = self._server_task = None
            self._port = None

    @property
    def port(self) -> int:
        """The TCP port the emulator listens on."""
        if self._port is None:
            raise RuntimeError("the emulator is not running; use `async with` or start()")
        return self._port

    @property
    def api_root(self) -> str:
        """``http://127.0.0.1:PORT``: methods live at ``{api_root}/bot{token}/{method}``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: PTB requests ``{base_url}{token}/{method}``."""
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's ``base_file_url``: files are served at ``{base_file_url}{token}/{file_path}``."""
        return f"{self.api_root}/file/bot"

    # -- users ------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "Test User",
        language_code: str | None = None,
        username: str | None = None,
        *,
        last_name: str | None = None,
    ) -> JSONDict:
        """Register a user who has started the bot (their private chat then exists).

        Returns the User object; calling it again updates the user.
        """
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        with self._lock:
            self._users[user_id] = user
        return dict(user)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: every send to their chat answers 403."""
        with self._lock:
            self._ensure_user(user_id)
            self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        with self._lock:
            self._blocked.discard(user_id)

    # -- inbound updates --------------------------------------------------------------------

    def send_text(self, user_id: int, text: str) -> JSONDict:
        """The user sends a text message; a leading ``/command`` gets a ``bot_command`` entity."""
        fields: JSONDict = {"text": text}
        match = _BOT_COMMAND_RE.match(text)
        if match:
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))}
            ]
        return self._push_user_message(user_id, fields)

    def send_location(self, user_id: int, latitude: float, longitude: float) -> JSONDict:
        """The user shares a location."""
        return self._push_user_message(
            user_id, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    def send_sticker(self, user_id: int, emoji: str = "👍") -> JSONDict:
        """The user sends a (static) sticker."""
        stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBP", "sticker.webp", "image/webp")
        sticker: JSONDict = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": stored["size"],
        }
        return self._push_user_message(user_id, {"sticker": sticker})

    def send_photo(
        self, user_id: int, caption: str | None = None, content: bytes | None = None
    ) -> JSONDict:
        """The user sends a photo (downloadable through ``getFile``)."""
        data = content if content is not None else _tiny_png()
        width, height = _image_size(data) or (800, 600)
        fields: JSONDict = {"photo": self._photo_sizes(data, width, height)}
        if caption is not None:
            fields["caption"] = caption
        return self._push_user_message(user_id, fields)

    def send_voice(
        self, user_id: int, duration: int = 3, content: bytes | None = None
    ) -> JSONDict:
        """The user sends a voice note (downloadable through ``getFile``)."""
        data = content if content is not None else b"OggS" + bytes(60)
        stored = self._store_file(data, None, "audio/ogg")
        voice: JSONDict = {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored["size"],
        }
        return self._push_user_message(user_id, {"voice": voice})

    def send_edited_text(self, user_id: int, message_id: int, text: str) -> JSONDict:
        """The user edits one of their text messages (an ``edited_message`` update)."""
        with self._lock:
            original = self._messages.get((user_id, message_id))
            if original is None or original.get("from", {}).get("id") != user_id:
                raise ValueError(f"user {user_id} has no message {message_id} to edit")
            edited = {**original, "text": text, "edit_date": int(time.time())}
            edited.pop("entities", None)
            match = _BOT_COMMAND_RE.match(text)
            if match:
                edited["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))}
                ]
            self._messages[(user_id, message_id)] = edited
            return self._enqueue({"edited_message": edited}, chat_id=user_id)

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, *, check_keyboard: bool = True
    ) -> JSONDict:
        """The user presses an inline button of the bot's message ``message_id``.

        With ``check_keyboard`` the message must currently carry a button with this
        ``callback_data`` (as a real client could only press an existing button).
        """
        with self._lock:
            self._ensure_user(user_id)
            message = self._messages.get((user_id, message_id))
            if message is None:
                raise ValueError(f"chat {user_id} has no message {message_id}")
            if check_keyboard:
                markup = message.get("reply_markup") or {}
                datas = [
                    button.get("callback_data")
                    for row in markup.get("inline_keyboard", [])
                    for button in row
                ]
                if callback_data not in datas:
                    raise ValueError(
                        f"message {message_id} in chat {user_id} has no button with "
                        f"callback_data {callback_data!r}; its buttons carry {datas!r}"
                    )
            query_id = str(4_611_686_018_427_387_904 + self._next_callback_id)
            self._next_callback_id += 1
            self._callback_queries[query_id] = _CallbackQuery(user_id, message_id, callback_data)
            query: JSONDict = {
                "id": query_id,
                "from": dict(self._users[user_id]),
                "message": copy.deepcopy(message),
                "chat_instance": str(-(6_000_000_000_000_000_000 + user_id)),
                "data": callback_data,
            }
            return self._enqueue({"callback_query": query}, chat_id=user_id)

    def push_raw_update(self, update: JSONDict) -> JSONDict:
        """Queue any update dict; without ``update_id`` the next id is assigned.

        An explicit ``update_id`` (for instance one already delivered) is delivered on the next
        ``getUpdates`` even if it is below the confirmed offset, which simulates a duplicate.
        """
        with self._lock:
            update = dict(update)
            if "update_id" in update:
                update_id = int(update["update_id"])
                self._next_update_id = max(self._next_update_id, update_id + 1)
                chat = _chat_id_of(update)
                if chat is not None:
                    self._update_chats[update_id] = chat
                return self._enqueue(update, chat_id=chat, forced=True)
            return self._enqueue(update, chat_id=_chat_id_of(update))

    # -- groups -----------------------------------------------------------------------------

    def add_group(
        self, chat_id: int, title: str = "Test group", kind: str = "supergroup"
    ) -> JSONDict:
        """A group (negative id) the bot is in; messages can be sent there and scripted."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat: JSONDict = {"id": chat_id, "title": title, "type": kind}
        with self._lock:
            self._groups[chat_id] = chat
            self._group_members.setdefault(chat_id, set())
        return dict(chat)

    def group_members(self, chat_id: int) -> set[int]:
        with self._lock:
            return set(self._group_members.get(chat_id, set()))

    def send_group_text(
        self,
        chat_id: int,
        user_id: int | None,
        text: str,
        *,
        forwarded_from: int | None = None,
    ) -> JSONDict:
        """A message in a group: from ``user_id``, or (None) from an anonymous admin, which
        Telegram sends with ``sender_chat`` = the group and ``from`` = GroupAnonymousBot."""
        with self._lock:
            chat = dict(self._groups[chat_id])
            fields: JSONDict = {"text": text}
            match = _BOT_COMMAND_RE.match(text)
            if match:
                fields["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))}
                ]
            if user_id is None:
                fields["from"] = dict(GROUP_ANONYMOUS_BOT)
                fields["sender_chat"] = chat
            else:
                fields["from"] = dict(self._ensure_user(user_id))
            if forwarded_from is not None:
                fields["forward_origin"] = {
                    "type": "user",
                    "date": int(time.time()),
                    "sender_user": dict(self._ensure_user(forwarded_from)),
                }
            return self._push_chat_message(chat_id, chat, fields)

    def send_forwarded_text(self, user_id: int, text: str, origin_user_id: int) -> JSONDict:
        """The user forwards (to the bot) a text message first written by ``origin_user_id``."""
        with self._lock:
            origin = dict(self._ensure_user(origin_user_id))
        return self._push_user_message(
            user_id,
            {
                "text": text,
                "forward_origin": {
                    "type": "user",
                    "date": int(time.time()),
                    "sender_user": origin,
                },
            },
        )

    def request_to_join(self, chat_id: int, user_id: int) -> JSONDict:
        """The user asks to join the group through an invite link that needs approval."""
        with self._lock:
            user = dict(self._ensure_user(user_id))
            chat = dict(self._groups[chat_id])
            self._join_requests.add((chat_id, user_id))
            body = {
                "chat_join_request": {
                    "chat": chat,
                    "from": user,
                    "user_chat_id": user_id,
                    "date": int(time.time()),
                }
            }
        return self._enqueue(body, chat_id=chat_id)

    def add_group_members(self, chat_id: int, user_ids: list[int]) -> JSONDict:
        """People join the group (added by an admin, or by an approved request)."""
        with self._lock:
            chat = dict(self._groups[chat_id])
            users = [dict(self._ensure_user(user_id)) for user_id in user_ids]
            self._group_members[chat_id].update(user_ids)
            fields: JSONDict = {"from": users[0], "new_chat_members": users}
            return self._push_chat_message(chat_id, chat, fields)

    def _push_chat_message(self, chat_id: int, chat: JSONDict, fields: JSONDict) -> JSONDict:
        with self._lock:
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "chat": chat,
                "date": int(time.time()),
                **fields,
            }
            self._messages[(chat_id, message["message_id"])] = message
            return self._enqueue({"message": copy.deepcopy(message)}, chat_id=chat_id)

    async def _approve_join_request(self, params: _Params) -> bool:
        chat_id, user_id = self._join_request(params)
        with self._lock:
            self.join_decisions.append((chat_id, user_id, "approved"))
        self.add_group_members(chat_id, [user_id])  # Telegram announces the new member
        return True

    async def _decline_join_request(self, params: _Params) -> bool:
        chat_id, user_id = self._join_request(params)
        with self._lock:
            self.join_decisions.append((chat_id, user_id, "declined"))
        return True

    def _join_request(self, params: _Params) -> tuple[int, int]:
        chat_id = self._require_chat(params)
        user_id = params.get_int("user_id", ERR_HIDE_REQUESTER_MISSING)
        with self._lock:
            if user_id is None or (chat_id, user_id) not in self._join_requests:
                if user_id is not None and user_id in self._group_members.get(chat_id, set()):
                    raise _bad_request(ERR_USER_ALREADY_PARTICIPANT)
                raise _bad_request(ERR_HIDE_REQUESTER_MISSING)
            self._join_requests.discard((chat_id, user_id))
        return chat_id, user_id

    # -- observation ------------------------------------------------------------------------

    def sent_messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's outgoing messages and text edits in ``chat_id``, oldest first."""
        with self._lock:
            return [message for message in self._sent if message["chat_id"] == chat_id]

    def all_sent(self) -> list[SentMessage]:
        """Every outgoing message and text edit, oldest first."""
        with self._lock:
            return list(self._sent)

    def last_message(self, chat_id: int) -> SentMessage:
        """The newest outgoing record in ``chat_id`` (``AssertionError`` if there is none)."""
        sent = self.sent_messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}")
        return sent[-1]

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a message in a chat (after edits), or ``None``."""
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            return copy.deepcopy(stored) if stored is not None else None

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Every request (optionally only those to ``method``, case-insensitive), oldest first."""
        with self._lock:
            if method is None:
                return list(self._calls)
            wanted = method.lower()
            return [call for call in self._calls if call["method"].lower() == wanted]

    @property
    def answered_callbacks(self) -> list[AnsweredCallback]:
        """Successful ``answerCallbackQuery`` calls, oldest first."""
        with self._lock:
            return list(self._answered)

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """Command lists by ``(scope key, language_code)``.

        Scope keys: ``"default"``, ``"all_private_chats"``, ``"all_group_chats"``,
        ``"all_chat_administrators"``, ``"chat:<id>"``, ``"chat_administrators:<id>"`` and
        ``"chat_member:<chat id>:<user id>"``; the language is ``""`` when none was given.
        """
        with self._lock:
            return {key: list(value) for key, value in self._commands.items()}

    @property
    def pending_update_count(self) -> int:
        """Updates not yet confirmed by a ``getUpdates`` offset."""
        with self._lock:
            return len(self._pending)

    def reply_latency(self, update_id: int) -> float | None:
        """Seconds from pushing ``update_id`` to the first outgoing record in its chat after it."""
        with self._lock:
            pushed = self.update_times.get(update_id)
            chat_id = self._update_chats.get(update_id)
            if pushed is None or chat_id is None:
                return None
            for message in self._sent:
                if message["chat_id"] == chat_id and message["time"] >= pushed:
                    return message["time"] - pushed
            return None

    def wait_for_messages(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> Coroutine[Any, Any, list[SentMessage]]:
        """Wait until ``chat_id`` has at least ``count`` outgoing records; return them all.

        Await the result: ``await api.wait_for_messages(chat_id, 2)``. On timeout it raises
        ``AssertionError`` listing what the chat received and the latest calls.
        """

        def ready() -> list[SentMessage] | None:
            sent = self.sent_messages(chat_id)
            return sent if len(sent) >= count else None

        def failure() -> str:
            got = [
                (message["method"], message["plain_text"])
                for message in self.sent_messages(chat_id)
            ]
            return (
                f"expected >= {count} outgoing message(s) in chat {chat_id} within {timeout}s, "
                f"got {len(got)}: {got!r}; calls: {self._call_summary()}"
            )

        return self._wait(ready, timeout, failure)

    def wait_for_calls(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> Coroutine[Any, Any, list[RecordedCall]]:
        """Wait until ``method`` was called at least ``count`` times; return those calls.

        Await the result, like :meth:`wait_for_messages`.
        """

        def ready() -> list[RecordedCall] | None:
            calls = self.calls(method)
            return calls if len(calls) >= count else None

        def failure() -> str:
            return (
                f"expected >= {count} call(s) to {method} within {timeout}s, got "
                f"{len(self.calls(method))}; calls: {self._call_summary()}"
            )

        return self._wait(ready, timeout, failure)

    # -- fault injection --------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 2,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls to ``method`` (``"*"``: any method) with an error.

        429 answers ``Too Many Requests: retry after N`` with ``parameters.retry_after``;
        other statuses use ``description`` or a default (400 ``Bad Request``, 403 blocked, ...).
        """
        parameters: JSONDict | None = None
        if status == 429:
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        elif description is None:
            description = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        with self._lock:
            self._faults.setdefault(method.lower(), []).append(
                _Fault(status, description, parameters, count)
            )

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Hold the next ``count`` calls to ``method`` (``"*"``: any) for ``seconds``.

        The request is processed after the delay even if the client gave up meanwhile, like
        the real server: a send that timed out on the client may still have been delivered.
        """
        with self._lock:
            self._delays.setdefault(method.lower(), []).append(_Delay(seconds, count))

    def enforce_rate_limits(
        self,
        global_per_second: int = 30,
        per_chat_per_second: int = 1,
        *,
        methods: frozenset[str] | set[str] | None = None,
    ) -> None:
        """Answer 429 to sends beyond these limits (sliding one-second windows).

        Violations are counted in :attr:`rate_limit_violations`. ``methods`` defaults to
        ``sendMessage``, ``sendDocument`` and ``sendPhoto``.
        """
        with self._lock:
            self._rate_limits = _RateLimits(
                global_per_second,
                per_chat_per_second,
                frozenset(methods) if methods is not None else _RATE_LIMITED_METHODS,
            )

    def disable_rate_limits(self) -> None:
        """Leave rate-limit mode."""
        with self._lock:
            self._rate_limits = None

    # -- HTTP entry points ------------------------------------------------------------------

    async def _handle_api(self, request: Request) -> Response:
        token = str(request.path_params["token"])
        method_name = str(request.path_params["method"])
        started = time.monotonic()
        entry = self._handlers.get(method_name.lower())
        canonical = entry[0] if entry else method_name
        params = _Params({}, {})
        try:
            params = await self._read_params(request)
            if ":" not in token:
                raise ApiError(404, ERR_NOT_FOUND)
            if token != self.token:
                raise ApiError(401, ERR_UNAUTHORIZED)
            await self._apply_delay(canonical)
            self._apply_fault(canonical)
            if entry is None:
                raise ApiError(404, ERR_NOT_FOUND)
            result = await entry[1](params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.status, error.body()
        except (LookupError, TypeError, ValueError, AttributeError, RuntimeError) as error:
            # A bug in the emulator (or a request it cannot handle): make it visible.
            status = 500
            body = {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: emulator crashed: {error!r}",
            }
        self._record_call(canonical, params, status, body, started)
        return JSONResponse(body, status_code=status)

    async def _handle_file(self, request: Request) -> Response:
        if str(request.path_params["token"]) != self.token:
            return JSONResponse(
                {"ok": False, "error_code": 401, "description": ERR_UNAUTHORIZED}, 401
            )
        with self._lock:
            file_id = self._file_paths.get(str(request.path_params["file_path"]))
            stored = self._files.get(file_id) if file_id else None
        if stored is None or stored.info["content"] is None:
            return JSONResponse(
                {"ok": False, "error_code": 404, "description": ERR_NOT_FOUND}, 404
            )
        return Response(
            stored.info["content"],
            media_type=stored.info["mime_type"] or "application/octet-stream",
        )

    async def _handle_unknown(self, request: Request) -> Response:
        return JSONResponse({"ok": False, "error_code": 404, "description": ERR_NOT_FOUND}, 404)

    async def _read_params(self, request: Request) -> _Params:
        raw: JSONDict = dict(request.query_params)
        files: dict[str, _Upload] = {}
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        mime = content_type.split(";", 1)[0].strip().lower()
        if body and mime == "application/json":
            try:
                decoded = json.loads(body)
            except json.JSONDecodeError:
                raise _bad_request("Bad Request: can't parse JSON encoded request") from None
            if not isinstance(decoded, dict):
                raise _bad_request("Bad Request: can't parse JSON encoded request")
            raw.update(decoded)
        elif body and mime == "multipart/form-data":
            match = re.search(r'boundary="?([^";]+)"?', content_type)
            if match is None:
                raise _bad_request("Bad Request: can't parse multipart/form-data request")
            fields, files = _parse_multipart(body, match.group(1))
            raw.update(fields)
        elif body:
            raw.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        return _Params(raw, files)

    async def _apply_delay(self, method: str) -> None:
        with self._lock:
            seconds = 0.0
            for key in (method.lower(), "*"):
                queue = self._delays.get(key)
                if queue:
                    delay = queue[0]
                    seconds = delay.seconds
                    delay.remaining -= 1
                    if delay.remaining <= 0:
                        queue.pop(0)
                    break
        if seconds > 0:
            await asyncio.sleep(seconds)

    def _apply_fault(self, method: str) -> None:
        with self._lock:
            for key in (method.lower(), "*"):
                queue = self._faults.get(key)
                if queue:
                    fault = queue[0]
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.pop(0)
                    raise ApiError(fault.status, fault.description, fault.parameters)

    def _record_call(
        self, method: str, params: _Params, status: int, body: JSONDict, started: float
    ) -> None:
        files = {name: self._describe_upload(upload) for name, upload in params.files.items()}
        with self._lock:
            self._calls.append(
                RecordedCall(
                    method=method,
                    params=dict(params.decoded),
                    files=files,
                    status=status,
                    response=body,
                    time=started,
                )
            )
        self._fire(self._activity_signal)

    # -- method handlers --------------------------------------------------------------------

    async def _true(self, params: _Params) -> bool:
        return True

    async def _get_me(self, params: _Params) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: _Params) -> list[JSONDict]:
        offset = params.get_int("offset", "Bad Request: wrong parameter offset")
        limit = params.get_int("limit", "Bad Request: wrong parameter limit") or 100
        limit = min(max(limit, 1), 100)
        timeout = max(params.get_float("timeout") or 0.0, 0.0)
        allowed = params.get_json("allowed_updates")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        with self._lock:
            if self.webhook is not None:
                raise ApiError(409, ERR_WEBHOOK_ACTIVE)
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(str(kind) for kind in allowed) or None
            self._poll_generation += 1
            generation = self._poll_generation
            self._confirm(offset)
        self._fire(self._updates_signal)  # terminates an older long poll (409)
        while True:
            waiter = self._updates_signal.waiter()
            with self._lock:
                if generation != self._poll_generation:
                    raise ApiError(409, ERR_POLL_CONFLICT)
                ready = self._deliverable(limit)
                if ready or self._closing:
                    for pending in ready:
                        pending.delivered = True
                    return [copy.deepcopy(pending.update) for pending in ready]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), timeout=remaining)

    def _confirm(self, offset: int | None) -> None:
        """Forget updates confirmed by ``offset`` (negative: keep only the last ``-offset``)."""
        if offset is None:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
            return
        self._pending = [
            pending
            for pending in self._pending
            if pending.update_id >= offset or (pending.forced and not pending.delivered)
        ]

    def _deliverable(self, limit: int) -> list[_PendingUpdate]:
        allowed = self._allowed_updates
        kept: list[_PendingUpdate] = []
        for pending in self._pending:
            if allowed is None:
                wanted = pending.kind not in _NOT_DELIVERED_BY_DEFAULT
            else:
                wanted = pending.kind in allowed
            if wanted:
                kept.append(pending)
        self._pending = kept
        return sorted(kept, key=lambda pending: pending.update_id)[:limit]

    async def _set_webhook(self, params: _Params) -> bool:
        url = params.get_str("url") or ""
        with self._lock:
            if not url:
                self.webhook = None
                return True
            if not url.lower().startswith("https://"):
                raise _bad_request(ERR_BAD_WEBHOOK_URL)
            self.webhook = {
                "url": url,
                "secret_token": params.get_str("secret_token"),
                "allowed_updates": params.get_json("allowed_updates"),
                "max_connections": params.get_int("max_connections", "Bad Request: bad value"),
                "drop_pending_updates": params.get_bool("drop_pending_updates"),
            }
            if params.get_bool("drop_pending_updates"):
                self._pending.clear()
        self._fire(self._updates_signal)  # a pending long poll now conflicts
        return True

    async def _delete_webhook(self, params: _Params) -> bool:
        with self._lock:
            self.webhook = None
            if params.get_bool("drop_pending_updates"):
                self._pending.clear()
        return True

    async def _get_webhook_info(self, params: _Params) -> JSONDict:
        with self._lock:
            info: JSONDict = {
                "url": self.webhook["url"] if self.webhook else "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._pending),
            }
            if self.webhook and self.webhook.get("max_connections"):
                info["max_connections"] = self.webhook["max_connections"]
            return info

    async def _send_message(self, params: _Params) -> JSONDict:
        chat_id = self._require_chat(params)
        raw_text = params.get_str("text") or ""
        parse_mode = self._parse_mode(params)
        text, entities = self._format(raw_text, parse_mode, ERR_TEXT_EMPTY, ERR_TEXT_TOO_LONG)
        markup = self._reply_markup(params)
        with self._lock:
            self._check_rate_limits("sendMessage", chat_id)
            fields: JSONDict = {"text": text}
            if entities:
                fields["entities"] = entities
            message = self._new_bot_message(chat_id, fields, markup)
            self._record_sent(
                "sendMessage", message, raw_text, text, None, parse_mode, markup, None, None
            )
            return message

    async def _send_document(self, params: _Params) -> JSONDict:
        chat_id = self._require_chat(params)
        caption, parse_mode, caption_fields = self._caption(params)
        markup = self._reply_markup(params)
        info = self._input_file(
            params, "document", "Bad Request: there is no document in the request"
        )
        with self._lock:
            self._check_rate_limits("sendDocument", chat_id)
            document: JSONDict = {
                "file_id": info["file_id"],
                "file_unique_id": info["file_unique_id"],
                "file_size": info["size"],
            }
            if info["filename"]:
                document["file_name"] = info["filename"]
            if info["mime_type"]:
                document["mime_type"] = info["mime_type"]
            message = self._new_bot_message(
                chat_id, {"document": document, **caption_fields}, markup
            )
            self._record_sent(
                "sendDocument",
                message,
                None,
                caption_fields.get("caption"),
                caption,
                parse_mode,
                markup,
                info,
                None,
            )
            return message

    async def _send_photo(self, params: _Params) -> JSONDict:
        chat_id = self._require_chat(params)
        caption, parse_mode, caption_fields = self._caption(params)
        markup = self._reply_markup(params)
        info = self._input_file(params, "photo", "Bad Request: there is no photo in the request")
        size = _image_size(info["content"]) if info["content"] is not None else (800, 600)
        if size is None:
            if self.validate_photos:
                raise _bad_request(ERR_IMAGE_PROCESS_FAILED)
            size = (800, 600)
        with self._lock:
            self._check_rate_limits("sendPhoto", chat_id)
            content = info["content"] or b""
            photo = self._photo_sizes(content, *size, full=info)
            message = self._new_bot_message(chat_id, {"photo": photo, **caption_fields}, markup)
            self._record_sent(
                "sendPhoto",
                message,
                None,
                caption_fields.get("caption"),
                caption,
                parse_mode,
                markup,
                None,
                info,
            )
            return message

    async def _send_chat_action(self, params: _Params) -> bool:
        self._require_chat(params)
        action = params.get_str("action")
        if action not in _CHAT_ACTIONS:
            raise _bad_request(ERR_WRONG_ACTION)
        return True

    async def _edit_message_text(self, params: _Params) -> JSONDict:
        chat_id, message_id, current = self._editable_message(params)
        raw_text = params.get_str("text") or ""
        parse_mode = self._parse_mode(params)
        text, entities = self._format(raw_text, parse_mode, ERR_TEXT_EMPTY, ERR_TEXT_TOO_LONG)
        markup = self._reply_markup(params)
        with self._lock:
            if "text" not in current:
                raise _bad_request("Bad Request: there is no text in the message to edit")
            if (
                current.get("text") == text
                and current.get("entities", []) == entities
                and current.get("reply_markup") == _echoed_markup(markup)
            ):
                raise _bad_request(ERR_NOT_MODIFIED)
            updated = {**current, "text": text, "edit_date": int(time.time())}
            updated.pop("entities", None)
            updated.pop("reply_markup", None)
            if entities:
                updated["entities"] = entities
            echoed = _echoed_markup(markup)
            if echoed is not None:
                updated["reply_markup"] = echoed
            self._messages[(chat_id, message_id)] = updated
            self._record_sent(
                "editMessageText", updated, raw_text, text, None, parse_mode, markup, None, None
            )
            return copy.deepcopy(updated)

    async def _edit_message_reply_markup(self, params: _Params) -> JSONDict:
        chat_id, message_id, current = self._editable_message(params)
        markup = self._reply_markup(params)
        with self._lock:
            echoed = _echoed_markup(markup)
            if current.get("reply_markup") == echoed:
                raise _bad_request(ERR_NOT_MODIFIED)
            updated = {**current, "edit_date": int(time.time())}
            updated.pop("reply_markup", None)
            if echoed is not None:
                updated["reply_markup"] = echoed
            self._messages[(chat_id, message_id)] = updated
            return copy.deepcopy(updated)

    async def _delete_message(self, params: _Params) -> bool:
        chat_id = self._require_chat(params)
        message_id = params.get_int("message_id", ERR_DELETE_NOT_FOUND)
        if message_id is None:
            raise _bad_request(ERR_MESSAGE_ID_MISSING)
        with self._lock:
            if self._messages.pop((chat_id, message_id), None) is None:
                raise _bad_request(ERR_DELETE_NOT_FOUND)
        return True

    async def _answer_callback_query(self, params: _Params) -> bool:
        query_id = params.get_str("callback_query_id") or ""
        with self._lock:
            query = self._callback_queries.get(query_id)
            if query is None or query.answered:
                raise _bad_request(ERR_QUERY_INVALID)
            query.answered = True
            self._answered.append(
                AnsweredCallback(
                    callback_query_id=query_id,
                    user_id=query.user_id,
                    message_id=query.message_id,
                    data=query.data,
                    text=params.get_str("text"),
                    show_alert=params.get_bool("show_alert"),
                    url=params.get_str("url"),
                    cache_time=params.get_int("cache_time", "Bad Request: wrong cache_time"),
                    time=time.monotonic(),
                )
            )
        return True

    async def _set_my_commands(self, params: _Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list):
            raise _bad_request(ERR_COMMANDS_JSON)
        cleaned: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request(ERR_COMMANDS_JSON)
            name = str(command.get("command", "")).removeprefix("/")
            description = str(command.get("description", ""))
            if not _COMMAND_RE.fullmatch(name):
                raise _bad_request(ERR_COMMAND_INVALID)
            if not 1 <= len(description.strip()) <= 256:
                raise _bad_request("Bad Request: command description must be non-empty")
            cleaned.append({"command": name, "description": description})
        key = self._commands_key(params)
        with self._lock:
            if cleaned:
                self._commands[key] = cleaned
            else:
                self._commands.pop(key, None)
        return True

    async def _delete_my_commands(self, params: _Params) -> bool:
        key = self._commands_key(params)
        with self._lock:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: _Params) -> list[JSONDict]:
        key = self._commands_key(params)
        with self._lock:
            return [dict(command) for command in self._commands.get(key, [])]

    async def _get_file(self, params: _Params) -> JSONDict:
        file_id = params.get_str("file_id") or ""
        with self._lock:
            stored = self._files.get(file_id)
            if stored is None:
                raise _bad_request("Bad Request: invalid file_id")
            return {
                "file_id": stored.info["file_id"],
                "file_unique_id": stored.info["file_unique_id"],
                "file_size": stored.info["size"],
                "file_path": stored.file_path,
            }

    # -- handler helpers --------------------------------------------------------------------

    def _require_chat(self, params: _Params) -> int:
        """The private chat addressed by ``chat_id``; checks existence and blocking."""
        if not params.has("chat_id"):
            raise _bad_request(ERR_CHAT_ID_EMPTY)
        chat_id = params.get_int("chat_id", ERR_CHAT_NOT_FOUND)
        assert chat_id is not None
        with self._lock:
            if chat_id in self._groups:
                return chat_id
            if chat_id not in self._users:
                raise _bad_request(ERR_CHAT_NOT_FOUND)
            if chat_id in self._blocked:
                raise ApiError(403, ERR_BLOCKED)
        return chat_id

    def _parse_mode(self, params: _Params) -> str | None:
        parse_mode = params.get_str("parse_mode") or None
        if parse_mode is not None and parse_mode.lower() not in {"html", "markdown", "markdownv2"}:
            raise _bad_request(ERR_UNSUPPORTED_PARSE_MODE)
        return parse_mode

    def _format(
        self, raw: str, parse_mode: str | None, empty_error: str | None, too_long_error: str
    ) -> tuple[str, list[JSONDict]]:
        """Apply the parse mode, trim, and check emptiness and length like Telegram."""
        entities: list[JSONDict] = []
        text = raw
        if parse_mode is not None and parse_mode.lower() == "html":
            try:
                text, entities = parse_telegram_html(raw, strict=self.strict_html)
            except TelegramHtmlError as error:
                raise _bad_request(ERR_PARSE_ENTITIES + str(error)) from None
        text, entities = _strip_formatted(text, entities)
        if not text and empty_error is not None:
            raise _bad_request(empty_error)
        limit = MAX_TEXT_LENGTH if too_long_error == ERR_TEXT_TOO_LONG else MAX_CAPTION_LENGTH
        if len(text) > limit:
            raise _bad_request(too_long_error)
        return text, entities

    def _caption(self, params: _Params) -> tuple[str | None, str | None, JSONDict]:
        """The raw caption, the parse mode and the Message fields the caption produces."""
        raw = params.get_str("caption")
        parse_mode = self._parse_mode(params)
        if not raw:
            return raw, parse_mode, {}
        text, entities = self._format(raw, parse_mode, None, ERR_CAPTION_TOO_LONG)
        fields: JSONDict = {}
        if text:
            fields["caption"] = text
        if entities:
            fields["caption_entities"] = entities
        return raw, parse_mode, fields

    def _reply_markup(self, params: _Params) -> JSONDict | None:
        """Decode and validate ``reply_markup``."""
        markup = params.get_json("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request(ERR_MARKUP_JSON)
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad_request('Bad Request: Field "inline_keyboard" must be of type Array')
            for row in rows:
                for button in row:
                    _check_inline_button(button)
        return markup

    def _input_file(self, params: _Params, name: str, missing_error: str) -> FileInfo:
        """Resolve an ``InputFile`` parameter: an upload, ``attach://``, a file_id or a URL."""
        upload = params.files.get(name)
        reference = params.get_str(name)
        if upload is None and reference and reference.startswith("attach://"):
            upload = params.files.get(reference.removeprefix("attach://"))
            if upload is None:
                raise _bad_request(missing_error)
        if upload is not None:
            if not upload.data:
                raise _bad_request(ERR_EMPTY_FILE)
            return self._store_file(upload.data, upload.filename, upload.content_type)
        if not reference:
            raise _bad_request(missing_error)
        with self._lock:
            stored = self._files.get(reference)
            if stored is not None:
                return stored.info
        if re.match(r"https?://", reference):
            return self._store_file(
                None, reference.rsplit("/", 1)[-1] or None, None, url=reference
            )
        raise _bad_request(ERR_WRONG_FILE_ID)

    def _editable_message(self, params: _Params) -> tuple[int, int, JSONDict]:
        if params.has("inline_message_id") and not params.has("chat_id"):
            raise _bad_request("Bad Request: MESSAGE_ID_INVALID")
        chat_id = self._require_chat(params)
        message_id = params.get_int("message_id", ERR_EDIT_NOT_FOUND)
        if message_id is None:
            raise _bad_request(ERR_MESSAGE_ID_MISSING)
        with self._lock:
            current = self._messages.get((chat_id, message_id))
            if current is None:
                raise _bad_request(ERR_EDIT_NOT_FOUND)
            if current.get("from", {}).get("id") != self.bot_user["id"]:
                raise _bad_request(ERR_CANT_EDIT)
            return chat_id, message_id, current

    def _commands_key(self, params: _Params) -> tuple[str, str]:
        scope = params.get_json("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise _bad_request(_JSON_FIELD_ERRORS["scope"])
        kind = str(scope["type"])
        if kind in {"chat", "chat_administrators"}:
            kind = f"{kind}:{scope.get('chat_id')}"
        elif kind == "chat_member":
            kind = f"chat_member:{scope.get('chat_id')}:{scope.get('user_id')}"
        elif kind not in {
            "default",
            "all_private_chats",
            "all_group_chats",
            "all_chat_administrators",
        }:
            raise _bad_request("Bad Request: unsupported bot command scope type")
        return kind, params.get_str("language_code") or ""

    def _check_rate_limits(self, method: str, chat_id: int) -> None:
        """In rate-limit mode, answer 429 when this send exceeds a one-second window."""
        limits = self._rate_limits
        if limits is None or method not in limits.methods:
            return
        now = time.monotonic()
        chat_window = limits.chat_windows.setdefault(chat_id, deque())
        for window in (limits.global_window, chat_window):
            while window and window[0] <= now - 1.0:
                window.popleft()
        blocking: deque[float] | None = None
        if len(chat_window) >= limits.per_chat_per_second:
            blocking = chat_window
        elif len(limits.global_window) >= limits.global_per_second:
            blocking = limits.global_window
        if blocking is not None:
            self.rate_limit_violations += 1
            retry_after = max(1, math.ceil(blocking[0] + 1.0 - now))
            raise ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        limits.global_window.append(now)
        chat_window.append(now)

    def _new_bot_message(
        self, chat_id: int, fields: JSONDict, markup: JSONDict | None
    ) -> JSONDict:
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "from": dict(self.bot_user),
            "chat": self._private_chat(chat_id),
            "date": int(time.time()),
            **fields,
        }
        echoed = _echoed_markup(markup)
        if echoed is not None:
            message["reply_markup"] = echoed
        self._messages[(chat_id, message["message_id"])] = message
        return copy.deepcopy(message)

    def _record_sent(
        self,
        method: str,
        message: JSONDict,
        text: str | None,
        plain_text: str | None,
        caption: str | None,
        parse_mode: str | None,
        markup: JSONDict | None,
        document: FileInfo | None,
        photo: FileInfo | None,
    ) -> None:
        self._sent.append(
            SentMessage(
                method=method,
                chat_id=int(message["chat"]["id"]),
                message_id=int(message["message_id"]),
                text=text,
                plain_text=plain_text,
                caption=caption,
                parse_mode=parse_mode,
                reply_markup=markup,
                document=document,
                photo=photo,
                time=time.monotonic(),
                message=copy.deepcopy(message),
            )
        )
        self._fire(self._activity_signal)

    # -- internal state helpers -------------------------------------------------------------

    def _ensure_user(self, user_id: int) -> JSONDict:
        user = self._users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
            self._users[user_id] = user
        return user

    def _private_chat(self, user_id: int) -> JSONDict:
        if user_id in self._groups:  # a group's chat object (messages the bot sends there)
            return dict(self._groups[user_id])
        user = self._users[user_id]
        chat: JSONDict = {"id": user_id, "first_name": user["first_name"], "type": "private"}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        next_id = self._message_ids.get(chat_id, 0) + 1
        self._message_ids[chat_id] = next_id
        return next_id

    def _push_user_message(self, user_id: int, fields: JSONDict) -> JSONDict:
        with self._lock:
            user = self._ensure_user(user_id)
            message: JSONDict = {
                "message_id": self._next_message_id(user_id),
                "from": dict(user),
                "chat": self._private_chat(user_id),
                "date": int(time.time()),
                **fields,
            }
            self._messages[(user_id, message["message_id"])] = message
            return self._enqueue({"message": copy.deepcopy(message)}, chat_id=user_id)

    def _enqueue(self, body: JSONDict, *, chat_id: int | None, forced: bool = False) -> JSONDict:
        with self._lock:
            if "update_id" in body:
                update = body
            else:
                update = {"update_id": self._next_update_id, **body}
                self._next_update_id += 1
            update_id = int(update["update_id"])
            self._pending.append(_PendingUpdate(update, forced=forced))
            self.update_times[update_id] = time.monotonic()
            if chat_id is not None:
                self._update_chats[update_id] = chat_id
        self._fire(self._updates_signal)
        return copy.deepcopy(update)

    def _store_file(
        self,
        data: bytes | None,
        filename: str | None,
        mime_type: str | None,
        *,
        url: str | None = None,
        prefix: str = "BQAC",
    ) -> FileInfo:
        with self._lock:
            self._file_counter += 1
            digest = hashlib.sha256(f"{self.token}:{self._file_counter}".encode()).hexdigest()
            info = FileInfo(
                file_id=f"{prefix}AgIAAxkBAA{digest[:40]}",
                file_unique_id=f"AgAD{digest[40:52]}",
                filename=filename,
                mime_type=mime_type,
                size=len(data) if data is not None else 0,
                content=data,
                url=url,
            )
            extension = (filename or "").rpartition(".")[2] if filename and "." in filename else ""
            file_path = f"files/file_{self._file_counter}" + (f".{extension}" if extension else "")
            self._files[info["file_id"]] = _StoredFile(info, file_path)
            self._file_paths[file_path] = info["file_id"]
            return info

    def _photo_sizes(
        self, data: bytes, width: int, height: int, *, full: FileInfo | None = None
    ) -> list[JSONDict]:
        """A thumbnail and a full-size PhotoSize, like Telegram's ``photo`` arrays."""
        full_info = full or self._store_file(data, None, "image/jpeg", prefix="AgAC")
        scale = min(1.0, 90 / max(width, height, 1))
        thumb_info = self._store_file(data, None, "image/jpeg", prefix="AgAC")
        return [
            {
                "file_id": thumb_info["file_id"],
                "file_unique_id": thumb_info["file_unique_id"],
                "width": max(1, round(width * scale)),
                "height": max(1, round(height * scale)),
                "file_size": max(1, len(data) // 10),
            },
            {
                "file_id": full_info["file_id"],
                "file_unique_id": full_info["file_unique_id"],
                "width": width,
                "height": height,
                "file_size": full_info["size"],
            },
        ]

    def _describe_upload(self, upload: _Upload) -> FileInfo:
        return FileInfo(
            file_id="",
            file_unique_id="",
            filename=upload.filename,
            mime_type=upload.content_type,
            size=len(upload.data),
            content=None,
            url=None,
        )

    def _fire(self, signal: _Signal) -> None:
        """Wake the waiters of ``signal`` from any thread."""
        loop = self._loop
        if loop is None or threading.get_ident() == self._loop_thread:
            signal.fire()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(signal.fire)

    async def _wait(
        self, ready: Callable[[], _T | None], within: float, failure: Callable[[], str]
    ) -> _T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            waiter = self._activity_signal.waiter()
            result = ready()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(failure())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), timeout=remaining)

    def _call_summary(self) -> str:
        return (
            ", ".join(f"{call['method']}->{call['status']}" for call in self.calls()[-20:])
            or "none"
        )


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _check_inline_button(button: Any) -> None:
    """Validate one InlineKeyboardButton like Telegram does."""
    if not isinstance(button, dict):
        raise _bad_request("Bad Request: can't parse InlineKeyboardButton: Object expected")
    if "text" not in button:
        raise _bad_request(
            "Bad Request: can't parse InlineKeyboardButton: Can't find field \"text\""
        )
    if not str(button["text"]).strip():
        raise _bad_request(ERR_BUTTON_TEXT_EMPTY)
    data = button.get("callback_data")
    actions = [key for key, value in button.items() if key != "text" and value not in (None, "")]
    if not actions:
        raise _bad_request(ERR_TEXT_BUTTON)
    if data not in (None, "") and len(str(data).encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
        raise _bad_request(ERR_BUTTON_DATA_INVALID)


def _echoed_markup(markup: JSONDict | None) -> JSONDict | None:
    """The part of ``reply_markup`` Telegram echoes in the Message (inline keyboards only)."""
    if markup is None or "inline_keyboard" not in markup:
        return None
    return {"inline_keyboard": markup["inline_keyboard"]}


def _chat_id_of(update: JSONDict) -> int | None:
    """The chat an update belongs to, when its shape says so."""
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        chat = value.get("chat")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
        message = value.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return int(message["chat"]["id"])
        sender = value.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image, or ``None`` if it is none of them."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
        return None
    return None


def _tiny_png() -> bytes:
    """A valid 1x1 PNG (the default content of :meth:`TelegramBotApiEmulator.send_photo`)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )

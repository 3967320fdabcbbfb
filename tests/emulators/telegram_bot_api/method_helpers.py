"""What the method handlers share: chats, parse modes, captions, markup, files, rate limits."""

from __future__ import annotations

import copy
import math
import re
import time
from collections import deque

from tests.emulators.telegram_bot_api.html import parse_telegram_html
from tests.emulators.telegram_bot_api.html_tags import TelegramHtmlError, _strip_formatted
from tests.emulators.telegram_bot_api.limits import (
    ERR_BLOCKED,
    ERR_CANT_EDIT,
    ERR_CAPTION_TOO_LONG,
    ERR_CHAT_ID_EMPTY,
    ERR_CHAT_NOT_FOUND,
    ERR_EDIT_NOT_FOUND,
    ERR_EMPTY_FILE,
    ERR_MARKUP_JSON,
    ERR_MESSAGE_ID_MISSING,
    ERR_PARSE_ENTITIES,
    ERR_TEXT_TOO_LONG,
    ERR_UNSUPPORTED_PARSE_MODE,
    ERR_WRONG_FILE_ID,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    JSONDict,
)
from tests.emulators.telegram_bot_api.params import _JSON_FIELD_ERRORS, _Params
from tests.emulators.telegram_bot_api.records import ApiError, FileInfo, SentMessage, _bad_request
from tests.emulators.telegram_bot_api.state import _check_inline_button, _echoed_markup


class MethodHelpersMixin:
    """What the method handlers share."""

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

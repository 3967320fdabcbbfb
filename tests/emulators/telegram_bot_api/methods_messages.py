"""Bot API methods about messages: send, edit, delete, answer callbacks, commands, files."""

from __future__ import annotations

import copy
import time

from tests.emulators.telegram_bot_api.limits import (
    _CHAT_ACTIONS,
    _COMMAND_RE,
    ERR_COMMAND_INVALID,
    ERR_COMMANDS_JSON,
    ERR_DELETE_NOT_FOUND,
    ERR_IMAGE_PROCESS_FAILED,
    ERR_MESSAGE_ID_MISSING,
    ERR_NOT_MODIFIED,
    ERR_QUERY_INVALID,
    ERR_TEXT_EMPTY,
    ERR_TEXT_TOO_LONG,
    ERR_WRONG_ACTION,
    JSONDict,
)
from tests.emulators.telegram_bot_api.params import _Params
from tests.emulators.telegram_bot_api.records import AnsweredCallback, _bad_request
from tests.emulators.telegram_bot_api.state import _echoed_markup, _image_size


class MessageMethodsMixin:
    """Sending, editing and deleting messages; callbacks, commands, files."""

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

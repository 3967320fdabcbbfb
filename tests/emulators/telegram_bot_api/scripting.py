"""Scripting users and what they send: messages, locations, stickers, photos, voice, edits, button
presses."""

from __future__ import annotations

import copy
import time

from tests.emulators.telegram_bot_api.html_tags import _utf16_len
from tests.emulators.telegram_bot_api.limits import _BOT_COMMAND_RE, JSONDict
from tests.emulators.telegram_bot_api.state import (
    _CallbackQuery,
    _chat_id_of,
    _image_size,
    _tiny_png,
)


class ScriptingMixin:
    """What scripted users send."""

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

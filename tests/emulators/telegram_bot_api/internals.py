"""Keeping the emulator's state: users, chats, message ids, the update queue, files, signals."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import threading
import time
from collections.abc import Callable

from tests.emulators.telegram_bot_api.limits import _T, JSONDict
from tests.emulators.telegram_bot_api.params import _Upload
from tests.emulators.telegram_bot_api.records import FileInfo
from tests.emulators.telegram_bot_api.state import _PendingUpdate, _Signal, _StoredFile


class InternalsMixin:
    """Keeping the emulator's state."""

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

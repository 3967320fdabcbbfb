"""The emulator's internal records (pending updates, faults, delays, rate limits, files) and small
helpers."""

from __future__ import annotations

import asyncio
import contextlib
import struct
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from tests.emulators.telegram_bot_api.limits import (
    ERR_BUTTON_DATA_INVALID,
    ERR_BUTTON_TEXT_EMPTY,
    ERR_TEXT_BUTTON,
    MAX_CALLBACK_DATA_BYTES,
    JSONDict,
)
from tests.emulators.telegram_bot_api.params import _Params
from tests.emulators.telegram_bot_api.records import FileInfo, _bad_request

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

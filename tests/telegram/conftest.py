"""The real Telegram adapter (python-telegram-bot) against the Bot API emulator over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

TOKEN = "123456:TEST-token-for-the-emulator-only"


@pytest.fixture
async def api() -> AsyncIterator[TelegramBotApiEmulator]:
    async with TelegramBotApiEmulator(token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
async def telegram(api: TelegramBotApiEmulator, core: Core) -> AsyncIterator[TelegramChannel]:
    channel = TelegramChannel(TOKEN, api.api_root, core.service, core.catalogs, poll_timeout=1)
    await channel.start()
    yield channel
    await channel.stop()


def buttons(message: dict) -> list[str]:  # type: ignore[type-arg]
    markup = message.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]

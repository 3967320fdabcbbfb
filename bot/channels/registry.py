"""Which chat channels run, decided from the settings (a channel runs when its secrets are set)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from starlette.routing import BaseRoute

from bot.app import Core
from bot.core.delivery import Sender


class ChannelRuntime(Sender, Protocol):
    """A running channel: it may add HTTP routes (webhooks) and has a life cycle."""

    name: str

    def routes(self) -> Sequence[BaseRoute]: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


def build_channels(core: Core) -> list[ChannelRuntime]:
    settings = core.settings
    channels: list[ChannelRuntime] = []
    if settings.telegram.token is not None:
        from bot.channels.telegram.adapter import TelegramChannel  # only when configured

        channels.append(
            TelegramChannel(
                settings.telegram.token.get_secret_value(),
                settings.telegram.api_base,
                core.service,
                core.catalogs,
                max_messages_per_second=settings.telegram.max_messages_per_second,
                poll_timeout=settings.telegram.poll_timeout_seconds,
            )
        )
    return channels

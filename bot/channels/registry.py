"""Which chat channels run, decided from the settings (a channel runs when its secrets are set)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from starlette.routing import BaseRoute

from bot.app import Core
from bot.channels.webchat.inbox import WebChatInbox
from bot.config import TelegramSettings
from bot.core.common.delivery import Sender
from bot.storage.database import is_sqlite
from bot.storage.delivery_states import SqlWebChatInbox
from bot.storage.rate_limits import SqlSharedLimits


class ChannelRuntime(Sender, Protocol):
    """A running channel: it may add HTTP routes (webhooks) and has a life cycle."""

    name: str

    def routes(self) -> Sequence[BaseRoute]: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


def build_channels(core: Core) -> list[ChannelRuntime]:
    settings = core.settings
    # On PostgreSQL several workers may run: platform limits are kept in the database.
    limits = None if is_sqlite(core.engine) else SqlSharedLimits(core.engine, core.keyed_hash)
    # The web chat always runs; its routes are added by the web app itself.
    channels: list[ChannelRuntime] = [WebChatInbox(SqlWebChatInbox(core.engine), core.clock)]
    if settings.telegram.token is not None:
        from bot.channels.telegram.adapter import TelegramChannel  # only when configured
        from dialogs.features import ROUTES
        from dialogs.groups import GroupDesk

        channels.append(
            TelegramChannel(
                settings.telegram.token.get_secret_value(),
                settings.telegram.api_base,
                core.service,
                core.catalogs,
                max_messages_per_second=settings.telegram.max_messages_per_second,
                poll_timeout=settings.telegram.poll_timeout_seconds,
                groups=GroupDesk(core.uow_factory, core.catalogs, core.clock, ROUTES),
                limits=limits,
                **_telegram_webhook(settings.telegram),
            )
        )
    if settings.whatsapp.enabled:
        # --- WhatsApp: runs when WHATSAPP_TOKEN and WHATSAPP_PHONE_ID are set ---
        from bot.channels.whatsapp.adapter import WhatsAppChannel
        from bot.storage.delivery_states import SqlWhatsAppStore

        channels.append(
            WhatsAppChannel(
                settings.whatsapp,
                core.service,
                SqlWhatsAppStore(core.engine, core.keyed_hash),
                core.clock,
                limits=limits,
            )
        )
    return channels


def _telegram_webhook(telegram: TelegramSettings) -> dict[str, str | None]:
    """Webhook mode's URL and secret for the Telegram adapter (nothing in polling mode)."""
    if telegram.mode != "webhook" or telegram.webhook_secret is None:
        return {}
    return {
        "webhook_url": telegram.webhook_url,
        "webhook_secret": telegram.webhook_secret.get_secret_value(),
    }

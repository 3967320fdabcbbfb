"""Runs the bot on Telegram with python-telegram-bot: long polling (or a webhook) in, replies out.

Updates from different people are handled concurrently; updates from one person are handled
in order (a per-chat lock), so a double tap cannot race with itself. Everything we send is
paced by one `Pacer` (see pacing.py for why not PTB's rate limiter); group chats and the
ambassadors' command menus are handled in groups.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

from starlette.routing import BaseRoute
from telegram import BotCommand, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.channels.telegram.groups import TelegramGroups
from bot.channels.telegram.inbound import ALLOWED_UPDATES, blocked, to_inbound
from bot.channels.telegram.pacing import Pacer
from bot.channels.telegram.sending import Outgoing, Pacing
from bot.channels.telegram.shared_pacing import SharedPacer
from bot.channels.telegram.status import StatusMessages
from bot.channels.telegram.webhook import PATH as WEBHOOK_PATH
from bot.channels.telegram.webhook import webhook_route
from bot.core.ambassadors.invites import LINK_BUILDERS
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.limits import SharedLimits
from bot.core.common.messages import Reply
from bot.i18n.catalogs import Catalogs
from bot.i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES
from dialogs.common.commands import command_menu
from dialogs.features import ROUTES
from dialogs.groups import GroupDesk
from dialogs.service import ConversationService

log = logging.getLogger(__name__)


@dataclass
class _ChatLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class TelegramChannel:
    """The Telegram adapter; also the `Sender` for proactive messages to Telegram members."""

    channel = Channel.TELEGRAM
    name = "Telegram"
    #: Seconds to wait for Telegram's answer to a request (None: PTB's default, 5).
    read_timeout: float | None = None

    def __init__(
        self,
        token: str,
        api_base: str,
        service: ConversationService,
        catalogs: Catalogs,
        *,
        max_messages_per_second: float = 28.0,
        poll_timeout: int = 30,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        groups: GroupDesk | None = None,
        limits: SharedLimits | None = None,
    ) -> None:
        """Long polling by default; with `webhook_url` (our public HTTPS base) and
        `webhook_secret`, updates arrive at /webhooks/telegram instead. With `groups`, the bot
        serves linked community groups and publishes ambassadors' command menus. With `limits`
        (several workers on PostgreSQL), Telegram's limits are kept with every worker."""
        if webhook_url is not None and not webhook_secret:
            raise ValueError("webhook mode needs a secret (TELEGRAM_WEBHOOK_SECRET)")
        self._service = service
        self._catalogs = catalogs
        self._poll_timeout = poll_timeout
        self._webhook_url = webhook_url.rstrip("/") if webhook_url else None
        self._webhook_secret = webhook_secret or ""
        self._chat_locks: dict[int, _ChatLock] = {}
        builder = (
            ApplicationBuilder()
            .token(token)
            .base_url(f"{api_base}/bot")
            .base_file_url(f"{api_base}/file/bot")
            .concurrent_updates(True)
        )
        if self.read_timeout is not None:
            builder = builder.read_timeout(self.read_timeout)
        self.app: Application = builder.build()  # type: ignore[type-arg]
        pacer: Pacing = (
            Pacer(max_messages_per_second)
            if limits is None
            else SharedPacer(limits, token.split(":", 1)[0], max_messages_per_second)
        )
        self.outgoing = Outgoing(lambda: self.app.bot, pacer)
        self._status = StatusMessages(lambda: self.app.bot, pacer)
        self._groups = (
            TelegramGroups(groups, self.app.bot, self._deliver_to) if groups is not None else None
        )
        self._menu_task: asyncio.Task[None] | None = None
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)

    def routes(self) -> Sequence[BaseRoute]:
        if self._webhook_url is None:
            return []  # long polling needs no HTTP route
        return [webhook_route(self.app, self._webhook_secret)]

    async def start(self) -> None:
        await self.app.initialize()
        username = self.app.bot.username
        LINK_BUILDERS[Channel.TELEGRAM] = lambda token: f"https://t.me/{username}?start={token}"
        await self._publish_commands()
        if self._groups is not None:
            self._menu_task = asyncio.create_task(self._groups.keep_menus())
        await self.app.start()
        if self._webhook_url is not None:
            await self.app.bot.set_webhook(
                f"{self._webhook_url}{WEBHOOK_PATH}",
                secret_token=self._webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("telegram: webhook set for @%s", self.app.bot.username)
            return
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, timeout=self._poll_timeout
        )
        log.info("telegram: polling as @%s", self.app.bot.username)

    async def stop(self) -> None:
        if self._menu_task is not None:
            self._menu_task.cancel()
            with suppress(asyncio.CancelledError):
                await self._menu_task
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def _publish_commands(self) -> None:
        """The command menu in every language (Telegram picks by the user's app language)."""

        async def publish(locale: str | None) -> None:
            tr = self._catalogs.get(locale or DEFAULT_LOCALE)
            commands = [BotCommand(name, text) for name, text in command_menu(tr, ROUTES)]
            await self.app.bot.set_my_commands(commands, language_code=locale)

        await asyncio.gather(*(publish(locale) for locale in (None, *SUPPORTED_LOCALES)))

    async def sync_ambassador_menus(self) -> None:
        """Publish ambassadors' command menus now (they are also re-synced every minute)."""
        if self._groups is not None:
            await self._groups.sync_menus()

    async def sync_group_links(self) -> None:
        """Make the linked groups' missing invite links now (also tried every minute)."""
        if self._groups is not None:
            await self._groups.sync_links()

    async def _on_update(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        arrived = time.monotonic()  # the pacer answers the oldest update first
        who_blocked = blocked(update)
        if who_blocked is not None:
            await self._service.mark_unreachable(who_blocked)
            return
        if self._groups is not None and await self._groups.handle(update):
            return
        inbound = to_inbound(update)
        if inbound is None:
            return
        chat_id = int(inbound.sender.external_id)
        # The button's spinner is stopped while we work, not before the reply: one round
        # trip less between the press and the answer.
        answering = (
            asyncio.ensure_future(self._answer_callback(update))
            if update.callback_query is not None
            else None
        )
        try:
            async with self._chat(chat_id):
                outcome = await self._service.handle(inbound)
                if not outcome.duplicate:
                    await self.send(
                        chat_id, outcome.replies, screen=_screen_of(update), since=arrived
                    )
        finally:
            if answering is not None:
                await answering

    @asynccontextmanager
    async def _chat(self, chat_id: int) -> AsyncIterator[None]:
        """One update per chat at a time; the lock is dropped when nobody holds or awaits it."""
        entry = self._chat_locks.setdefault(chat_id, _ChatLock())
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._chat_locks[chat_id]

    async def _answer_callback(self, update: Update) -> None:
        assert update.callback_query is not None
        with suppress(BadRequest):  # too old to answer: the reply message is what matters
            await update.callback_query.answer()

    async def send(
        self,
        chat_id: int,
        replies: list[Reply],
        *,
        screen: int | None = None,
        since: float | None = None,
    ) -> bool:
        """Answer a person who just wrote; False when they cannot be reached (blocked us).
        `screen`: the message whose button they pressed (a reply may replace it); `since`:
        when their update arrived."""
        address = ChannelAddress(Channel.TELEGRAM, str(chat_id))
        result = await self.deliver(address, replies, screen=screen, since=since)
        if result.status is DeliveryStatus.UNREACHABLE:
            log.info("telegram: a member blocked the bot; marked unreachable")
            await self._service.mark_unreachable(address)
            return False
        if result.status is not DeliveryStatus.SENT:
            log.warning("telegram: reply not delivered: %s (%s)", result.status, result.reason)
        return True

    async def deliver(
        self,
        address: ChannelAddress,
        replies: Sequence[Reply],
        *,
        bulk: bool = False,
        screen: int | None = None,
        since: float | None = None,
    ) -> DeliveryResult:
        """Send replies in order and say, in neutral terms, how it went (see sending.py)."""
        if not self.app.running:  # not started yet (Telegram unreachable at start): later
            return DeliveryResult(DeliveryStatus.RETRY, retry_after=5.0, reason="not_started")
        return await self.outgoing.deliver(
            int(address.external_id), replies, bulk=bulk, screen_message_id=screen, since=since
        )

    async def replace_status(self, address: ChannelAddress, key: str, reply: Reply) -> None:
        """A status message edited in place (a broadcast's progress; see status.py)."""
        if self.app.running:
            await self._status.replace(int(address.external_id), key, reply)

    async def _deliver_to(
        self, address: ChannelAddress, replies: Sequence[Reply]
    ) -> DeliveryResult:
        return await self.deliver(address, replies)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The exception type only: update contents are personal data.
        log.error("telegram: error while handling an update: %r", type(context.error).__name__)


def _screen_of(update: Update) -> int | None:
    """The id of the message whose inline button was pressed, if Telegram still has it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None  # not a button, or an InaccessibleMessage (older than 48 hours)
    return query.message.message_id

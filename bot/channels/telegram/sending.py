"""Sending to one Telegram chat, paced, with Telegram's answers turned into neutral results.

Replies and reminders (not bulk) wait out a 429 and try again, up to three times. Bulk
messages (broadcasts) are never sent twice: a 429 comes back as RETRY for the outbox to
reschedule (and pauses every send), a timeout after the request left us comes back as SENT
"unconfirmed" (Telegram may well have delivered it), and once the first message of a bulk
delivery is on its way the delivery is finished even if the caller is cancelled, so the
outbox always learns what happened. A cancellation before that means nothing was sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Protocol

import httpx
from telegram import Bot, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot import metrics
from bot.channels.telegram.rendering import caption_for, render
from bot.core.common.delivery import DeliveryResult, DeliveryStatus, sending_now
from bot.core.common.messages import AttachmentKind, Reply

#: How long to wait before retrying after a timeout or a connection error.
NETWORK_RETRY_SECONDS = 5.0
#: Tries after a 429 for messages that are not bulk.
RETRIES = 3
UNCONFIRMED = "unconfirmed"
#: httpx errors raised before a request left this machine: safe to send again.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def seconds(value: float | timedelta) -> float:
    """PTB 22 gives retry_after as seconds or, opted in, as a timedelta."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Pacing(Protocol):
    """This process's `Pacer` (pacing.py) or, with several workers, `SharedPacer`."""

    def pause(self, seconds: float) -> None: ...
    async def turn(
        self, chat_id: int, *, bulk: bool, since: float | None = None, edit: bool = False
    ) -> None: ...


class _Call(Protocol):
    """One paced call to Telegram (`Outgoing._send_all`'s `call`); an `edit` takes no slot
    of the bot's rate."""

    async def __call__(
        self, send: Callable[[], Awaitable[object]], *, edit: bool = ...
    ) -> None: ...


class Outgoing:
    def __init__(self, bot: Callable[[], Bot], pacer: Pacing) -> None:
        self._bot = bot
        self.pacer = pacer

    async def deliver(
        self,
        chat_id: int,
        replies: Sequence[Reply],
        *,
        bulk: bool,
        screen_message_id: int | None = None,
        since: float | None = None,
    ) -> DeliveryResult:
        """`screen_message_id`: the message whose button was pressed; a first reply that
        `replaces` the screen edits it (see `_edit_screen`). `since`: when the update these
        replies answer arrived (the pacer lets the oldest go first)."""
        if not bulk:
            return await self._send_all(
                chat_id,
                replies,
                bulk=False,
                first_paced=False,
                screen=screen_message_id,
                since=since,
            )
        await self.pacer.turn(chat_id, bulk=True)  # cancelled here: nothing was sent
        await sending_now()
        sending = asyncio.ensure_future(
            self._send_all(chat_id, replies, bulk=True, first_paced=True)
        )
        try:
            return await asyncio.shield(sending)
        except asyncio.CancelledError:
            return await sending  # under way: finish, so the caller learns how it went

    async def _send_all(
        self,
        chat_id: int,
        replies: Sequence[Reply],
        *,
        bulk: bool,
        first_paced: bool,
        screen: int | None = None,
        since: float | None = None,
    ) -> DeliveryResult:
        paced = [first_paced]

        async def call(send: Callable[[], Awaitable[object]], *, edit: bool = False) -> None:
            for attempt in range(RETRIES + 1):
                if paced[0]:
                    paced[0] = False
                else:
                    await self.pacer.turn(chat_id, bulk=bulk, since=since, edit=edit)
                    await sending_now()
                try:
                    await send()
                    return
                except RetryAfter as error:
                    metrics.rate_limited("telegram", seconds(error.retry_after))
                    self.pacer.pause(seconds(error.retry_after))
                    if bulk or attempt == RETRIES:
                        raise

        try:
            for index, reply in enumerate(replies):
                if (
                    index == 0
                    and screen is not None
                    and await self._edit_screen(chat_id, screen, reply, call)
                ):
                    continue
                await self._send_one(chat_id, reply, call)
        except Forbidden:
            return DeliveryResult(DeliveryStatus.UNREACHABLE, reason="forbidden")
        except RetryAfter as error:
            return DeliveryResult(DeliveryStatus.RETRY, seconds(error.retry_after), "429")
        except BadRequest as error:
            gone = "chat not found" in str(error).lower()
            return DeliveryResult(
                DeliveryStatus.FAILED, reason="chat_not_found" if gone else "bad_request"
            )
        except NetworkError as error:  # TimedOut is a NetworkError too
            if bulk and not isinstance(error.__cause__, _NOT_SENT):
                return DeliveryResult(DeliveryStatus.SENT, reason=UNCONFIRMED)
            return DeliveryResult(DeliveryStatus.RETRY, NETWORK_RETRY_SECONDS, "network")
        except TelegramError as error:
            return DeliveryResult(DeliveryStatus.FAILED, reason=type(error).__name__)
        return DeliveryResult(DeliveryStatus.SENT)

    async def _edit_screen(
        self,
        chat_id: int,
        message_id: int,
        reply: Reply,
        call: _Call,
    ) -> bool:
        """Show `reply` in place of the message the pressed button belongs to: one edit
        instead of one more message in the chat. False (the caller sends it as a new message)
        when the reply is not meant to replace it, does not fit one message, or Telegram
        cannot edit that message any more (deleted, too old)."""
        if not reply.replaces or reply.attachment is not None:
            return False
        messages = render(reply)
        if len(messages) != 1:
            return False
        bot = self._bot()
        try:
            await call(
                partial(
                    bot.edit_message_text,
                    messages[0].html_text,
                    chat_id=chat_id,
                    message_id=message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=messages[0].keyboard,
                    disable_web_page_preview=True,
                ),
                edit=True,
            )
        except BadRequest as error:
            # A double tap: the screen already shows exactly this.
            return "not modified" in str(error).lower()
        return True

    async def _send_one(
        self,
        chat_id: int,
        reply: Reply,
        call: _Call,
    ) -> None:
        bot = self._bot()
        if reply.attachment is not None:
            caption, before = caption_for(reply)
            for message in before:
                await call(
                    partial(
                        bot.send_message,
                        chat_id,
                        message.html_text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=message.keyboard,
                    )
                )
            file = InputFile(reply.attachment.content, filename=reply.attachment.filename)
            method = (
                bot.send_photo
                if reply.attachment.kind is AttachmentKind.IMAGE
                else bot.send_document
            )
            await call(partial(method, chat_id, file, caption=caption, parse_mode=ParseMode.HTML))
            return
        for message in render(reply):
            await call(
                partial(
                    bot.send_message,
                    chat_id,
                    message.html_text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=message.keyboard,
                    disable_web_page_preview=True,
                )
            )

"""Group updates and ambassadors' command menus on Telegram.

Group events go to the core's `GroupDesk`; its answers become Telegram calls: a message in
the group, a private word to someone, approving or declining a join request (the private
word first: Telegram lets a bot write to a requester only until the request is decided).
Ambassadors see their extra commands in their own chat's menu (setMyCommands with a chat
scope, in their language); the menus are re-synced every minute, so appointing or stepping
down shows within a minute. Every linked group gets one invite link that asks to join
(createChatInviteLink with creates_join_request, so requests are decided on consent as
above): right after /linkgroup, else within a minute of the bot being made an admin who may
invite users.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError

from bot.channels.telegram.inbound import group_event
from bot.core.ambassadors.groups import GroupCommand, JoinRequest, MembersJoined
from bot.core.common.delivery import DeliveryResult
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from dialogs.groups import GroupAnswer, GroupDesk

log = logging.getLogger(__name__)

MENU_SYNC_SECONDS = 60.0
#: The name of our invite link in the group's settings, for its admins.
INVITE_LINK_NAME = "Josoor"
Deliver = Callable[[ChannelAddress, Sequence[Reply]], Awaitable[DeliveryResult]]


class TelegramGroups:
    def __init__(self, desk: GroupDesk, bot: Bot, deliver: Deliver) -> None:
        self._desk = desk
        self._bot = bot
        self._deliver = deliver
        #: chat id → the command list we published there.
        self._menus: dict[int, list[tuple[str, str]]] = {}

    async def handle(self, update: Update) -> bool:
        """True when the update was a group event (handled here), False otherwise."""
        event = group_event(update)
        if event is None:
            return False
        if isinstance(event, JoinRequest):
            answer = await self._desk.join_request(event)
        elif isinstance(event, MembersJoined):
            answer = await self._desk.joined(event)
        else:
            assert isinstance(event, GroupCommand)
            answer = await self._desk.command(event)
        await self._carry_out(answer, event)
        if isinstance(event, GroupCommand) and answer.in_group:
            await self.sync_links()  # a group just linked gets its link now
        return True

    async def sync_links(self) -> None:
        """Make the invite link of every linked group that has none yet."""
        for group in await self._desk.groups_without_link(Channel.TELEGRAM):
            try:
                link = await self._bot.create_chat_invite_link(
                    int(group.chat.external_id), name=INVITE_LINK_NAME, creates_join_request=True
                )
            except TelegramError as error:  # not an admin who may invite (yet): next minute
                log.debug("telegram: no invite link for a group: %s", type(error).__name__)
                continue
            await self._desk.store_invite_link(group.id, link.invite_link)

    async def _carry_out(
        self, answer: GroupAnswer, event: GroupCommand | JoinRequest | MembersJoined
    ) -> None:
        if answer.in_group:
            await self._deliver(event.group, answer.in_group)
        for address, replies in answer.private:
            await self._deliver(address, replies)
        if isinstance(event, JoinRequest) and answer.approve is not None:
            chat, user = int(event.group.external_id), int(event.person.external_id)
            try:
                if answer.approve:
                    await self._bot.approve_chat_join_request(chat, user)
                else:
                    await self._bot.decline_chat_join_request(chat, user)
            except TelegramError as error:
                log.warning("telegram: join request not decided: %s", type(error).__name__)

    async def sync_menus(self) -> None:
        """Publish each ambassador's menu; remove it where someone is no longer one."""
        wanted: dict[int, list[tuple[str, str]]] = {
            int(address.external_id): commands
            for address, commands in await self._desk.ambassador_menus()
            if address.channel is Channel.TELEGRAM
        }
        for chat_id, commands in wanted.items():
            if self._menus.get(chat_id) == commands:
                continue
            with suppress(TelegramError):
                await self._bot.set_my_commands(
                    [BotCommand(name, text) for name, text in commands],
                    scope=BotCommandScopeChat(chat_id),
                )
                self._menus[chat_id] = commands
        for chat_id in [c for c in self._menus if c not in wanted]:
            with suppress(TelegramError):
                await self._bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))
            del self._menus[chat_id]

    async def keep_menus(self, every: float = MENU_SYNC_SECONDS) -> None:
        while True:
            try:
                await self.sync_menus()
                await self.sync_links()
            except Exception as error:  # keep syncing; the database may be back next time
                log.warning("telegram: menus or links not synced: %s", type(error).__name__)
            await asyncio.sleep(every)

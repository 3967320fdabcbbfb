"""/group on Telegram: the linked group's invite link asks to join, and the request is
approved on consent; no link until the bot may invite; no group, a clear answer."""

from __future__ import annotations

import re

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from tests.ambassadors.conftest import telegram_member
from tests.ambassadors.test_telegram_groups_and_menus import AMBASSADOR, GROUP, _ambassador
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

LINK = re.compile(r"https://t\.me/\+[\w-]+")


async def _last_text(api: TelegramBotApiEmulator, user: int, count: int) -> str:
    messages = await api.wait_for_messages(user, count)
    return messages[-1]["plain_text"] or ""


async def test_a_member_asks_for_the_group_and_joins_through_its_link(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    api.add_group(GROUP, "Josoor Wien")
    api.deny_invite_rights(GROUP)
    await _ambassador(core, api)
    await telegram_member(core, api, 7500, "ar")
    api.send_text(7500, "/group")
    before = await _last_text(api, 7500, 1)
    assert "فيينا" in before and "رابط" not in before  # no group linked yet
    api.send_group_text(GROUP, AMBASSADOR, "/linkgroup")
    await api.wait_for_messages(GROUP, 1)
    await api.wait_for_calls("createChatInviteLink", 1)
    assert api.invite_links(GROUP) == []  # not an admin who may invite
    api.send_text(7500, "/group")
    waiting = await _last_text(api, 7500, 2)
    assert "مشرف" in waiting and LINK.search(waiting) is None
    api.grant_invite_rights(GROUP)
    await telegram.sync_group_links()
    [made] = api.invite_links(GROUP)
    assert made["creates_join_request"] is True
    api.send_text(7500, "/group")
    answer = await _last_text(api, 7500, 3)
    link = LINK.search(answer)
    assert link is not None and link.group(0) == made["invite_link"]
    api.request_to_join_by_link(link.group(0), 7500)
    await api.wait_for_calls("approveChatJoinRequest", 1)
    assert (GROUP, 7500, "approved") in api.join_decisions
    await telegram.sync_group_links()
    assert len(api.invite_links(GROUP)) == 1  # one link per group, made once

"""On Telegram: linking a community group, join requests decided on consent, greetings once,
no chatter; ambassadors' command menus per chat; edited and forwarded commands; invites."""

from __future__ import annotations

import asyncio
import re

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.ambassadors.domain import BroadcastStatus
from bot.core.ambassadors.roles import AddAmbassadorAudited, ChangeRole
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.communities.domain import CommunityRole
from tests.ambassadors.conftest import community_id, telegram_member
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.test_help_and_menus import AMBASSADORS, MEMBERS

GROUP = -1001234
AMBASSADOR = 7001


async def _ambassador(core: Core, api: TelegramBotApiEmulator, user: int = AMBASSADOR,
                      locale: str = "de", community: str = "vienna") -> int:  # fmt: skip
    member = await telegram_member(core, api, user, locale, community)
    async with core.uow_factory() as uow:
        await AddAmbassadorAudited(uow, core.clock)(
            community, ChannelAddress(Channel.TELEGRAM, str(user))
        )
        await uow.commit()
    return member


async def _quiet(api: TelegramBotApiEmulator, seconds: float = 0.6) -> None:
    """Give the adapter time to (not) answer."""
    await asyncio.sleep(seconds)


async def test_an_ambassador_links_the_group_and_join_requests_follow_consent(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    api.add_group(GROUP, "Josoor Wien")
    await _ambassador(core, api)
    api.send_group_text(GROUP, AMBASSADOR, "/linkgroup")
    [linked] = await api.wait_for_messages(GROUP, 1)
    assert "Wien" in (linked["plain_text"] or "")
    # Someone who accepted the privacy notice in private: approved, joins, greeted once.
    await telegram_member(core, api, 7100, "ar", community=None)
    api.request_to_join(GROUP, 7100)
    await api.wait_for_messages(GROUP, 2, timeout=10)
    assert (GROUP, 7100, "approved") in api.join_decisions
    vienna = await _vienna(core)
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, "7100"))
        assert member is not None
        assert await uow.memberships.get(member.id, vienna) is not None
    api.add_group_members(GROUP, [7100])  # they leave and come back: no second greeting
    # Someone who never talked to the bot: declined, with a private word first.
    api.add_user(7200, first_name="Lena", language_code="nl")
    api.request_to_join(GROUP, 7200)
    [word] = await api.wait_for_messages(7200, 1)
    assert "/start" in (word["plain_text"] or "")
    await api.wait_for_calls("declineChatJoinRequest", 1)
    assert (GROUP, 7200, "declined") in api.join_decisions
    await _quiet(api)
    assert len(api.sent_messages(GROUP)) == 2  # the link confirmation and one greeting
    async with core.uow_factory() as uow:
        assert await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, "7200")) is None


async def _vienna(core: Core) -> int:
    return await community_id(core)


async def test_the_bot_does_not_chatter_and_refuses_wrong_linkers(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    api.add_group(GROUP)
    await telegram_member(core, api, 7300)  # a member, not an ambassador
    await _ambassador(core, api, 7400, "en", community="graz")
    api.send_group_text(GROUP, 7300, "hello everyone")
    api.send_group_text(GROUP, 7300, "/broadcast")
    api.send_group_text(GROUP, 7300, "/linkgroup")
    api.send_group_text(GROUP, None, "/linkgroup")  # an anonymous admin
    api.send_group_text(GROUP, 7400, "/linkgroup vienna")  # Graz's ambassador, for Vienna
    sent = await api.wait_for_messages(GROUP, 3, timeout=10)  # 3 s apart in a group
    await _quiet(api)
    texts = sorted(m["plain_text"] or "" for m in api.sent_messages(GROUP))
    assert len(texts) == 3 and sent  # /linkgroup tries only: "hello" and /broadcast ignored
    assert sum("Only an ambassador" in t for t in texts) == 2
    assert sum("not anonymously" in t for t in texts) == 1
    async with core.uow_factory() as uow:
        assert await uow.groups.by_chat(ChannelAddress(Channel.TELEGRAM, str(GROUP))) is None
    api.request_to_join(GROUP, 7300)  # an unlinked group: left to its human admins
    await _quiet(api)
    assert api.join_decisions == []


async def test_ambassadors_get_their_commands_in_their_language(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    ambassador = await _ambassador(core, api, locale="uk")
    co = await telegram_member(core, api, 7500, "ar")
    await telegram.sync_ambassador_menus()
    menu = api.commands[(f"chat:{AMBASSADOR}", "")]
    assert {c["command"] for c in menu} == MEMBERS | AMBASSADORS  # every command they have
    uk = core.catalogs.get("uk")
    assert {
        "command": "match",
        "description": uk.text("Match newcomers and Welcome Groups"),
    } in menu
    vienna = await _vienna(core)
    async with core.uow_factory() as uow:
        await ChangeRole(uow, core.clock).appoint(ambassador, vienna, co)
        await uow.commit()
    await telegram.sync_ambassador_menus()
    assert ("chat:7500", "") in api.commands
    async with core.uow_factory() as uow:
        await ChangeRole(uow, core.clock).dismiss(ambassador, vienna, co)
        assert (await uow.memberships.get(co, vienna)).role is CommunityRole.MEMBER  # type: ignore[union-attr]
        await uow.commit()
    await telegram.sync_ambassador_menus()
    assert ("chat:7500", "") not in api.commands
    assert (f"chat:{AMBASSADOR}", "") in api.commands


async def test_edited_and_forwarded_commands_do_not_act(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    await _ambassador(core, api)
    await telegram_member(core, api, 7600)
    update = api.send_text(7600, "hello")
    await api.wait_for_messages(7600, 1)
    await _quiet(api)
    before = len(api.sent_messages(7600))
    api.send_edited_text(7600, update["message"]["message_id"], "/broadcast")
    await _quiet(api)
    assert len(api.sent_messages(7600)) == before  # an edit is not a new turn: no answer
    api.send_forwarded_text(7600, "/broadcast", origin_user_id=AMBASSADOR)
    await api.wait_for_messages(7600, before + 1)
    await _quiet(api)
    texts = [m["plain_text"] or "" for m in api.sent_messages(7600)[before:]]
    assert "Only ambassadors" in texts[0]
    async with core.uow_factory() as uow:
        assert await uow.broadcasts.with_status(BroadcastStatus.DRAFT) == []


async def test_an_invite_link_on_telegram_is_a_t_me_link_with_a_qr_photo(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    await _ambassador(core, api)
    vienna = await _vienna(core)
    api.send_text(AMBASSADOR, "/invite")
    [listing] = await api.wait_for_messages(AMBASSADOR, 1)
    api.press_button(AMBASSADOR, listing["message_id"], f"inv:new:{vienna}:0:25")
    [_, photo] = await api.wait_for_messages(AMBASSADOR, 2)
    assert photo["method"] == "sendPhoto"
    match = re.search(
        r"https://t\.me/josoor_test_bot\?start=(J1[A-Za-z0-9]+)", photo["caption"] or ""
    )
    assert match
    api.add_user(7700, first_name="Taras", language_code="uk")
    api.send_text(7700, f"/start {match.group(1)}")
    [_, notice] = await api.wait_for_messages(7700, 2)
    accept = next(
        b["callback_data"]
        for row in notice["reply_markup"]["inline_keyboard"]  # type: ignore[index]
        for b in row
        if b["callback_data"].startswith("consent:accept:uk")
    )
    api.press_button(7700, notice["message_id"], accept)
    await api.wait_for_messages(7700, 3)
    async with core.uow_factory() as uow:
        [invite] = await uow.invites.of_community(vienna)
    assert invite.uses == 1

"""Gaps from the issue's point 7, over the real adapter and the Bot API emulator: an
`update_id` that jumps (Telegram picks a random one after a quiet week) is still processed,
and a changed username or first name leaves the member's identity alone."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.domain import Channel, ChannelAddress
from bot.storage.members.tables import ConsentRow, MemberRow
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import buttons

USER = 5101


async def onboard(api: TelegramBotApiEmulator) -> None:
    api.add_user(USER, first_name="Mira", language_code="de", username="mira_k")
    api.send_text(USER, "/start")
    [_, notice] = await api.wait_for_messages(USER, 2)  # the language switch, the notice
    api.press_button(USER, notice["message_id"], "consent:accept:de")
    await api.wait_for_messages(USER, 3)  # the notice becomes the welcome and role question


async def test_an_update_id_jump_is_still_processed(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    await onboard(api)
    before = len(api.sent_messages(USER))
    api._next_update_id += 987_654_321
    update = api.send_text(USER, "/help")
    assert update["update_id"] > 987_654_321
    sent = await api.wait_for_messages(USER, before + 1)
    assert sent[before]["plain_text"]
    later = api.send_text(USER, "/menu")  # and the ones after it, too
    assert later["update_id"] == update["update_id"] + 1
    assert buttons((await api.wait_for_messages(USER, before + 2))[before + 1])


async def test_a_changed_username_or_name_leaves_identity_alone(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    await onboard(api)
    address = ChannelAddress(Channel.TELEGRAM, str(USER))
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(address)
    assert member is not None
    api.add_user(USER, first_name="Mira K.", language_code="en", username="someone_else")
    before = len(api.sent_messages(USER))
    api.send_text(USER, "/menu")
    [menu] = (await api.wait_for_messages(USER, before + 1))[before:]
    assert buttons(menu)  # the menu, not the privacy notice again
    assert not any(b.startswith("consent:") for b in buttons(menu))
    async with core.uow_factory() as uow:
        again = await uow.members.by_address(address)
    assert again is not None
    assert (again.id, again.locale, again.created_at) == (member.id, "de", member.created_at)
    async with core.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(MemberRow)) == 1
        assert await connection.scalar(select(func.count()).select_from(ConsentRow)) == 1

"""Duplicates, stale buttons, blocked members, flood control and media we cannot read."""

from __future__ import annotations

import json

import pytest

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.domain import Channel, ChannelAddress
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import buttons

USER = 6001


async def _onboard(api: TelegramBotApiEmulator, user: int = USER) -> None:
    api.add_user(user, first_name="Mira", language_code="de")
    api.send_text(user, "/start")
    [switch, notice] = await api.wait_for_messages(user, 2)
    assert buttons(switch) == ["lang:ar", "lang:fa", "lang:en", "lang:nl", "lang:uk"]
    api.press_button(user, notice["message_id"], "consent:accept:de")
    await api.wait_for_messages(user, 3)  # the notice is replaced by the role question


async def test_the_same_update_twice_is_handled_once(
    api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    await _onboard(api)
    update = api.send_text(USER, "/help")
    await api.wait_for_messages(USER, 4)
    api.push_raw_update(update)  # Telegram delivers the same update_id again
    api.send_text(USER, "/menu")
    sent = await api.wait_for_messages(USER, 5)
    assert len(api.sent_messages(USER)) == 5
    assert "menu:communities" in buttons(sent[4])


async def test_a_button_from_an_old_message_gets_a_polite_answer(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    await _onboard(api)
    old = api.sent_messages(USER)[1]["message_id"]
    for data in ("join:99999", "no-such-thing", "forget:yes"):
        api.press_button(USER, old, data, check_keyboard=False)
    # community gone (in place of the screen the button was on) + search prompt, then two
    # "no longer valid" answers as new messages
    sent = await api.wait_for_messages(USER, 7)
    de = core.catalogs.get("de")
    assert de.text("This community does not exist any more.") in sent[3]["plain_text"]
    assert (sent[3]["method"], sent[3]["message_id"]) == ("editMessageText", old)
    stale = de.text("That button is no longer valid. Here is what I can do now:")
    assert [stale in (m["plain_text"] or "") for m in sent[3:]] == [False, False, True, True]
    assert [m["method"] for m in sent[4:]] == ["sendMessage"] * 3
    assert len(api.answered_callbacks) == 1 + 3


async def test_a_member_who_blocked_the_bot_is_marked_unreachable(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    await _onboard(api)
    api.block(USER)
    api.send_text(USER, "/help")
    await api.wait_for_calls("sendMessage", 3)
    address = ChannelAddress(Channel.TELEGRAM, str(USER))
    for _ in range(50):
        async with core.uow_factory() as uow:
            member = await uow.members.by_address(address)
        assert member is not None
        if member.unreachable:
            break
        await _tick()
    assert member.unreachable
    # Writing again proves they can be reached: the flag is cleared.
    api.unblock(USER)
    api.send_text(USER, "/menu")
    await api.wait_for_messages(USER, 4)
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(address)
    assert member is not None
    assert not member.unreachable


async def test_flood_control_is_waited_out(
    api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    api.add_user(USER, first_name="Mira", language_code="nl")
    api.fail_next("sendMessage", status=429, retry_after=1)
    api.send_text(USER, "/start")
    [switch, notice] = await api.wait_for_messages(USER, 2, timeout=8)
    assert "lang:ar" in buttons(switch) and "consent:accept:nl" in buttons(notice)
    statuses = [c["status"] for c in api.calls("sendMessage")]
    assert statuses == [429, 200, 200]


@pytest.mark.parametrize("send", ["sticker", "photo", "voice"])
async def test_media_during_onboarding_gets_a_clear_answer(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core, send: str
) -> None:
    api.add_user(USER, first_name="Mira", language_code="uk")
    getattr(api, f"send_{send}")(USER)
    sent = await api.wait_for_messages(USER, 3)
    uk = core.catalogs.get("uk")
    assert sent[0]["plain_text"] == uk.text("I can only read text messages and buttons.")
    assert "consent:accept:uk" in buttons(sent[2])


async def test_mydata_arrives_as_text_and_a_json_file(
    api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    await _onboard(api)
    api.send_text(USER, "/mydata")
    sent = await api.wait_for_messages(USER, 4)
    # Short enough to ride along as the file's caption: one message, text and file together.
    document = sent[3]["document"]
    assert document is not None
    assert document["filename"] == "josoor-my-data.json"
    exported = json.loads(document["content"] or b"")
    [account] = exported["accounts"]
    assert (account["channel"], account["id"]) == ("telegram", str(USER))
    assert account["last_message_at"].startswith("2026-11-23")
    assert "\u2068Mira\u2069" in (sent[3]["caption"] or "")


async def _tick() -> None:
    import asyncio

    await asyncio.sleep(0.05)

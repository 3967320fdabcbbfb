"""A person joins a community on Telegram, end to end over HTTP."""

from __future__ import annotations

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.domain import Channel, ChannelAddress
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import buttons

USER = 5001


async def test_arabic_speaker_joins_vienna_in_four_steps(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    api.add_user(USER, first_name="<b>x</b> & <script>", language_code="ar")
    ar = core.catalogs.get("ar")

    api.send_text(USER, "/start")
    [notice] = await api.wait_for_messages(USER, 1)
    assert notice["plain_text"] == ar.text(
        "Before we start, please read how I handle your data.\n\n"
    ).strip() or notice["plain_text"].startswith(ar.text("Do you agree?")[:0])
    assert buttons(notice) == ["consent:accept:ar", "consent:decline:ar", "lang:menu"]

    api.press_button(USER, notice["message_id"], "consent:accept:ar")
    sent = await api.wait_for_messages(USER, 3)
    greeting, role_question = sent[1], sent[2]
    # The HTML in the name arrives as literal text: it was escaped, not interpreted.
    assert "<b>x</b> & <script>" in greeting["plain_text"]
    assert buttons(role_question) == ["role:newcomer", "role:supporter"]

    api.press_button(USER, role_question["message_id"], "role:newcomer")
    await api.wait_for_messages(USER, 4)
    api.send_text(USER, "فيينا")
    sent = await api.wait_for_messages(USER, 5)
    assert "join:1" in buttons(sent[4])

    api.press_button(USER, sent[4]["message_id"], "join:1")
    sent = await api.wait_for_messages(USER, 7)
    assert "فيينا" in sent[5]["plain_text"]
    assert "menu:communities" in buttons(sent[6])

    # Every button press was answered, and Telegram never refused one of our requests.
    assert len(api.answered_callbacks) == 3
    assert [c for c in api.calls() if c["status"] != 200 and c["method"] != "getUpdates"] == []
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(USER)))
        assert member is not None
        assert member.locale == "ar"
        assert [c.slug for _, c in await uow.memberships.of_member(member.id)] == ["vienna"]


async def test_commands_are_published_in_every_language(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    commands = api.commands
    for locale in ("ar", "fa", "de", "nl", "uk", "en"):
        listed = commands[("default", locale)]
        names = [c["command"] for c in listed]
        assert names[:3] == ["menu", "language", "mydata"]
        expected = core.catalogs.get(locale).text("Delete all your data")
        assert {"command": "forget", "description": expected} in listed
    assert ("default", "") in commands  # the fallback for unsupported app languages


async def test_user_without_language_code_gets_the_language_menu(
    api: TelegramBotApiEmulator, telegram: TelegramChannel
) -> None:
    api.add_user(USER, first_name="Sam", language_code=None)
    api.send_text(USER, "/start")
    [menu] = await api.wait_for_messages(USER, 1)
    assert buttons(menu) == [f"lang:{c}" for c in ("ar", "fa", "en", "de", "nl", "uk")]
    # Languages are offered side by side, two per row, each in its own script.
    rows = menu["reply_markup"]["inline_keyboard"]
    assert [len(row) for row in rows] == [2, 2, 2]
    assert rows[0][0]["text"] == "العربية"
    assert rows[0][1]["text"] == "فارسی"

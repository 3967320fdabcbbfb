"""A person joins a community on Telegram, end to end over HTTP."""

from __future__ import annotations

import re

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.domain import Channel, ChannelAddress
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import buttons
from tests.test_help_and_menus import MEMBERS
from tests.test_opt_out import STOPPED, listed_words

USER = 5001


async def test_arabic_speaker_joins_vienna_in_four_steps(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    api.add_user(USER, first_name="<b>x</b> & <script>", language_code="ar")

    api.send_text(USER, "/start")
    [switch, notice] = await api.wait_for_messages(USER, 2)
    assert buttons(switch) == ["lang:fa", "lang:en", "lang:de", "lang:nl", "lang:uk"]
    # The privacy notice, in Arabic: no Latin letters but its commands.
    text = notice["plain_text"]
    assert "/forget" in text and not re.search("[A-Za-z]", re.sub("/[a-z]+", "", text))
    assert buttons(notice) == ["consent:accept:ar", "consent:decline:ar"]

    api.press_button(USER, notice["message_id"], "consent:accept:ar")
    sent = await api.wait_for_messages(USER, 4)
    greeting, role_question = sent[2], sent[3]
    # The HTML in the name arrives as literal text: it was escaped, not interpreted.
    assert "<b>x</b> & <script>" in greeting["plain_text"]
    assert buttons(role_question) == ["role:newcomer", "role:supporter"]

    api.press_button(USER, role_question["message_id"], "role:newcomer")
    await api.wait_for_messages(USER, 5)
    api.send_text(USER, "فيينا")
    sent = await api.wait_for_messages(USER, 6)
    assert "join:1" in buttons(sent[5])

    api.press_button(USER, sent[5]["message_id"], "join:1")
    sent = await api.wait_for_messages(USER, 8)
    assert "فيينا" in sent[6]["plain_text"]
    assert "menu:communities" in buttons(sent[7])

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
        assert names[0] == "menu" and names[-1] == "help"
        assert set(names) == MEMBERS  # every member command, no ambassador's
        expected = core.catalogs.get(locale).text("Delete all your data")
        assert {"command": "forget", "description": expected} in listed
        welcome = core.catalogs.get(locale).text("Ask for or form a Welcome Group")
        assert {"command": "welcome", "description": welcome} in listed
    assert ("default", "") in commands  # the fallback for unsupported app languages


async def test_app_language_german_but_arabic_text_is_answered_in_arabic(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    api.add_user(USER, first_name="Omar", language_code="de")
    api.send_text(USER, "مرحبا، بدي انضم لمجتمع")
    [switch, notice] = await api.wait_for_messages(USER, 2)
    assert buttons(notice) == ["consent:accept:ar", "consent:decline:ar"]
    assert buttons(switch) == ["lang:fa", "lang:en", "lang:de", "lang:nl", "lang:uk"]
    api.press_button(USER, notice["message_id"], "consent:accept:ar")
    await api.wait_for_messages(USER, 4)
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(USER)))
    assert member is not None and member.locale == "ar"


async def test_every_opt_out_word_with_a_question_open(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    for user, (locale, word) in enumerate(listed_words(core.catalogs), start=USER + 1):
        api.add_user(user, first_name="Mira", language_code="nl")
        api.send_text(user, "/start")
        notice = (await api.wait_for_messages(user, 2))[1]
        api.press_button(user, notice["message_id"], "consent:accept:nl")
        role = (await api.wait_for_messages(user, 4))[3]
        api.press_button(user, role["message_id"], "role:supporter")  # the city question
        await api.wait_for_messages(user, 5)
        api.send_text(user, word)
        answer = (await api.wait_for_messages(user, 6))[5]
        assert answer["plain_text"] == core.catalogs.get("nl").text(STOPPED), (locale, word)
        async with core.uow_factory() as uow:
            member = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(user)))
        assert member is not None and not member.proactive_allowed, (locale, word)


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

"""A person joins a community on Telegram, end to end over HTTP."""

from __future__ import annotations

import asyncio
import re

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.domain import Channel, ChannelAddress
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import buttons
from tests.test_help_and_menus import MEMBERS
from tests.test_opt_out import STOPPED, listed_words

USER = 5001


async def test_arabic_speaker_joins_vienna_in_three_messages(
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

    # Accepting replaces the notice (one edit): the welcome and the role question together.
    api.press_button(USER, notice["message_id"], "consent:accept:ar")
    sent = await api.wait_for_messages(USER, 3)
    welcome = sent[2]
    assert welcome["method"] == "editMessageText"
    assert welcome["message_id"] == notice["message_id"]
    # The HTML in the name arrives as literal text: it was escaped, not interpreted.
    assert "<b>x</b> & <script>" in welcome["plain_text"]
    assert buttons(welcome) == ["role:newcomer", "role:supporter"]

    # The role picker becomes the city question, in place.
    api.press_button(USER, welcome["message_id"], "role:newcomer")
    sent = await api.wait_for_messages(USER, 4)
    assert sent[3]["method"] == "editMessageText"
    assert buttons(sent[3]) == ["community:all"]
    api.send_text(USER, "فيينا")
    sent = await api.wait_for_messages(USER, 5)
    picker = sent[4]
    assert picker["method"] == "sendMessage" and "join:1" in buttons(picker)

    # Joining replaces the picker with the welcome and the main menu: one screen.
    api.press_button(USER, picker["message_id"], "join:1")
    sent = await api.wait_for_messages(USER, 6)
    joined = sent[5]
    assert joined["method"] == "editMessageText"
    assert joined["message_id"] == picker["message_id"]
    assert "فيينا" in joined["plain_text"]
    assert "menu:communities" in buttons(joined)
    # Three messages in all for the whole join (the language switch, the notice, the
    # picker), where it used to take eight.
    assert len(api.calls("sendMessage")) == 3
    assert len(api.sent_messages(USER)) == 6

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
    await api.wait_for_messages(USER, 3)
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(USER)))
    assert member is not None and member.locale == "ar"


async def test_every_opt_out_word_with_a_question_open(
    api: TelegramBotApiEmulator, telegram: TelegramChannel, core: Core
) -> None:
    async def opt_out(user: int, locale: str, word: str) -> None:
        api.add_user(user, first_name="Mira", language_code="nl")
        api.send_text(user, "/start")
        notice = (await api.wait_for_messages(user, 2))[1]
        api.press_button(user, notice["message_id"], "consent:accept:nl")
        role = (await api.wait_for_messages(user, 3))[2]
        api.press_button(user, role["message_id"], "role:supporter")  # the city question
        await api.wait_for_messages(user, 4)
        api.send_text(user, word)
        answer = (await api.wait_for_messages(user, 5))[4]
        assert answer["plain_text"] == core.catalogs.get("nl").text(STOPPED), (locale, word)
        async with core.uow_factory() as uow:
            member = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(user)))
        assert member is not None and not member.proactive_allowed, (locale, word)

    # Side by side, one person per word: Telegram's second per chat paces each walk.
    words = enumerate(listed_words(core.catalogs), start=USER + 1)
    await asyncio.gather(*(opt_out(user, locale, word) for user, (locale, word) in words))


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

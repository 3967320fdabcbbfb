"""Opt-out words before everything: every language's words, whatever question is open.

The words come from the catalogs (`dialogs/common/keywords.py`), so these tests read them from
there: a language that adds a word is tested with it. The same checks run on each real
channel in tests/telegram, tests/whatsapp and tests/test_webchat_http.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.core.common.domain import ChannelAddress
from bot.core.meetups.rsvp import AnswerRsvp
from bot.i18n.catalogs import Catalogs
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.common.keywords import HELP, MENU, STOP, keyword, keyword_command, word_lists
from tests.test_meetups import new_meetup

MemberFactory = Callable[..., MemoryMember]
STOPPED = (
    "Done: I will not send you messages on my own any more (no reminders, no news). "
    "I still answer when you write. Send /start to turn them on again."
)


def listed_words(catalogs: Catalogs, command: str = STOP) -> list[tuple[str, str]]:
    """(language, word) for every word of `command` in every catalog, as written there."""
    found = []
    for locale in SUPPORTED_LOCALES:
        listed = word_lists(catalogs.get(locale))[command]
        for word in listed.replace("،", ",").split(","):
            found.append((locale, word.strip()))
    return found


def test_every_language_has_its_own_opt_out_words() -> None:
    catalogs = Catalogs()
    words = listed_words(catalogs)
    assert {locale for locale, _ in words} == set(SUPPORTED_LOCALES)
    for wanted in ("STOP", "stopp", "توقف", "لغو", "afmelden", "abmelden", "відписатися"):
        assert keyword_command(catalogs, wanted) == STOP, wanted
    assert keyword(catalogs, "لغو") == (STOP, frozenset({"fa"}))


@pytest.mark.parametrize(
    ("text", "command"),
    [
        (" Stop! ", STOP),
        ("\u200fتوقف\u200f", STOP),
        ("UNSUBSCRIBE", STOP),
        ("Afmelden.", STOP),
        ("Menü", MENU),
        ("القائمة", MENU),
        ("منو", MENU),
        ("Hilfe", HELP),
        ("راهنما", HELP),
        ("допомога", HELP),
    ],
)
def test_keywords_ignore_case_punctuation_and_direction_marks(text: str, command: str) -> None:
    assert keyword_command(Catalogs(), text) == command


@pytest.mark.parametrize("text", ["stop it please", "bus stop Wien", "menu please?", "2", ""])
def test_a_sentence_with_a_keyword_in_it_is_not_a_keyword(text: str) -> None:
    assert keyword_command(Catalogs(), text) == ""


async def _member_at_the_city_question(factory: MemberFactory, locale: str) -> MemoryMember:
    member = factory(locale)
    await member.say("/start")
    await member.press(f"consent:accept:{locale}")
    await member.press("role:newcomer")  # "Which city do you live in?" is now open
    return member


async def _proactive_allowed(core: Core, address: ChannelAddress) -> bool:
    async with core.uow_factory() as uow:
        member = await uow.members.by_address(address)
    assert member is not None
    return member.proactive_allowed


async def test_each_opt_out_word_stops_messages_with_the_city_question_open(
    core: Core, member_factory: MemberFactory
) -> None:
    for locale, word in listed_words(core.catalogs):
        member = await _member_at_the_city_question(member_factory, locale)
        [answer] = await member.say(word)
        assert answer.text == core.catalogs.get(locale).text(STOPPED), (locale, word)
        assert not await _proactive_allowed(core, member.address), (locale, word)


async def test_an_opt_out_word_instead_of_a_check_in_code(
    core: Core, member_factory: MemberFactory
) -> None:
    for locale, word in [("de", "abmelden"), ("nl", "afmelden"), ("fa", "لغو"), ("ar", "توقف")]:
        member = await _member_at_the_city_question(member_factory, locale)
        await member.say("/checkin")
        [answer] = await member.say(word)
        assert answer.text == core.catalogs.get(locale).text(STOPPED), (locale, word)
        assert not await _proactive_allowed(core, member.address)


async def test_afmelden_with_no_question_open_keeps_the_rsvp(
    core: Core, member_factory: MemberFactory
) -> None:
    """Dutch and German "sign off" mean the messages, not the meetup the member is coming to."""
    meetup = await new_meetup(core, core.clock.now() + timedelta(days=5))
    for locale, word in (("nl", "afmelden"), ("de", "abmelden")):
        member = member_factory(locale)
        await member.say("/start vienna")
        await member.press(next(o for o in member.last_options if "accept" in o))
        async with core.uow_factory() as uow:
            found = await uow.members.by_address(member.address)
            assert found is not None
            await AnswerRsvp(uow, core.clock).going(meetup.id, found.id)
            await uow.commit()
        [answer] = await member.say(word)
        assert answer.text == core.catalogs.get(locale).text(STOPPED)
        async with core.uow_factory() as uow:
            rsvp = await uow.rsvps.get(meetup.id, found.id)
        assert rsvp is not None and rsvp.status.value == "going"


async def test_menu_and_help_words_in_any_language(
    core: Core, member_factory: MemberFactory
) -> None:
    member = await _member_at_the_city_question(member_factory, "fa")
    [menu] = await member.say("منو")
    assert menu.text == core.catalogs.get("fa").text("What would you like to do?")
    [help_] = await member.say("Hilfe")  # a German word from a Persian member: still help
    assert "/meetups" in help_.text and "/forget" in help_.text


async def test_stop_before_consent_stores_nothing_and_answers_in_the_words_language(
    core: Core, member_factory: MemberFactory
) -> None:
    member = member_factory("de")
    [answer] = await member.say("لغو")  # Persian only
    fa = core.catalogs.get("fa")
    assert answer.text == fa.text(
        "All right. I will not send you anything unless you write to me."
    )
    async with core.uow_factory() as uow:
        assert await uow.members.by_address(member.address) is None

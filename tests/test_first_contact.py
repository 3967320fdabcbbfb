"""The first answer is in the language the person writes, whatever their platform says.

The platform's hint (WhatsApp: the calling code; Telegram: the app language) only decides when
the text does not; "سلام" alone (Arabic and Persian alike) from an Austrian number is asked
in both. The same cases run over the real channels in tests/whatsapp/test_first_contact.py
and tests/telegram/test_onboarding_on_telegram.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.core.common.messages import Reply

MemberFactory = Callable[..., MemoryMember]
LANGUAGES = ["ar", "fa", "en", "de", "nl", "uk"]


def notice_language(replies: list[Reply]) -> str:
    """The language of the privacy notice we answered with (its accept button says it)."""
    accept = [o.id for r in replies for o in r.options if o.id.startswith("consent:accept:")]
    assert len(accept) == 1, [r.text for r in replies]
    return accept[0].split(":")[2]


@pytest.mark.parametrize(
    ("hint", "text", "language"),
    [
        ("de", "مرحبا", "ar"),
        ("de", "السلام عليكم، أنا من سوريا", "ar"),
        ("nl", "سلام خوبی؟", "fa"),
        ("de", "سلام، من از افغانستان هستم", "fa"),
        (None, "مرحبا", "ar"),
        ("en", "درود", "fa"),
        ("fa", "سلام", "fa"),  # ambiguous text: the hint is one of the candidates
        ("ar", "سلام", "ar"),
        ("ar", "hello", "en"),
        ("de", "Hallo ik ben Sara", "nl"),
        ("nl", "Hallo", "nl"),
        # The word lists leave "Hallo" open; with more words the NLU's language model decides.
        ("en", "Hallo allemaal", "nl"),
        ("en", "Hallo zusammen", "de"),
        ("de", "привіт", "uk"),
        ("de", "hi", "de"),  # no evidence: the hint stays
        ("uk", "👋", "uk"),
    ],
)
async def test_first_message_decides_the_language(
    member_factory: MemberFactory, hint: str | None, text: str, language: str
) -> None:
    member = member_factory(hint)
    replies = await member.say(text)
    assert notice_language(replies) == language
    assert {r.locale for r in replies} == {language}


async def test_the_first_screen_offers_every_other_language_in_its_own_script(
    member_factory: MemberFactory,
) -> None:
    replies = await member_factory("de").say("مرحبا")
    switch = replies[0]
    assert [o.id for o in switch.options] == [
        "lang:fa",
        "lang:en",
        "lang:de",
        "lang:nl",
        "lang:uk",
    ]
    assert [o.label for o in switch.options] == [
        "فارسی", "English", "Deutsch", "Nederlands", "Українська",
    ]  # fmt: skip
    # One tap: the notice again, in that language, with the switch to the others.
    replies = await member_factory("de").press("lang:fa")
    assert notice_language(replies) == "fa"
    assert "lang:ar" in [o.id for o in replies[0].options]


@pytest.mark.parametrize("hint", ["de", "nl", "en", None])
async def test_salam_alone_is_asked_in_arabic_and_farsi(
    core: Core, member_factory: MemberFactory, hint: str | None
) -> None:
    [question] = await member_factory(hint).say("سلام")
    greeting = "Welcome to Josoor! Please choose your language."
    assert question.text == (
        core.catalogs.get("ar").text(greeting) + "\n\n" + core.catalogs.get("fa").text(greeting)
    )
    assert [o.id for o in question.options] == [f"lang:{code}" for code in LANGUAGES]


async def test_a_deep_link_keeps_the_hint(member_factory: MemberFactory) -> None:
    replies = await member_factory("uk").say("/start vienna")
    assert notice_language(replies) == "uk"
    # Copied from a right-to-left text, with its direction mark: still the deep link.
    replies = await member_factory("ar").say("\u200e/start vienna")
    [accept] = [o.id for r in replies for o in r.options if o.id.startswith("consent:accept:")]
    assert accept.startswith("consent:accept:ar:")  # the parked payload's nonce


async def test_nothing_is_stored_before_consent(core: Core, member_factory: MemberFactory) -> None:
    member = member_factory("de")
    for text in ("مرحبا", "سلام", "Hallo"):
        await member.say(text)
    async with core.uow_factory() as uow:
        assert await uow.members.by_address(member.address) is None

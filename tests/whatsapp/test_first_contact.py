"""First contact on WhatsApp: Arabic and Farsi speakers with Austrian, German and Dutch
numbers are answered in Arabic and Farsi (the calling code says where the SIM was bought, not
what the person reads); opt-out words work with any question open."""

from __future__ import annotations

import re

import pytest

from tests.test_opt_out import STOPPED, listed_words
from tests.whatsapp.conftest import exchange, option_ids, stored_member, text_of
from tests.whatsapp.harness import Rig

NUMBERS = {"+43": "436641234567", "+49": "4915112345678", "+31": "31612345678"}


@pytest.mark.parametrize("country", sorted(NUMBERS))
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("مرحبا", "ar"),
        ("السلام عليكم، بدي انضم", "ar"),
        ("سلام، خوبی؟", "fa"),
        ("سلام من از افغانستان هستم", "fa"),
    ],
)
async def test_arabic_and_farsi_from_local_numbers(
    rig: Rig, country: str, text: str, language: str
) -> None:
    wa_id = NUMBERS[country]
    rig.api.add_user(wa_id, "Amal")
    switch, notice = await exchange(rig, wa_id, rig.api.text(wa_id, text))
    assert option_ids(notice) == [f"consent:accept:{language}", f"consent:decline:{language}"]
    assert "/forget" in text_of(notice)
    assert not re.search("[A-Za-z]", re.sub("/[a-z]+", "", text_of(notice)))  # no German
    # The first screen switches language in one tap: a list of the others, in their script.
    assert switch["body"]["interactive"]["type"] == "list"
    assert f"lang:{language}" not in option_ids(switch) and len(option_ids(switch)) == 5
    [accepted, *_] = await exchange(
        rig, wa_id, rig.api.button_reply(wa_id, f"consent:accept:{language}")
    )
    member = await stored_member(rig.core, wa_id)
    assert member is not None and member.locale == language
    assert "Amal" in text_of(accepted)


@pytest.mark.parametrize("country", sorted(NUMBERS))
async def test_salam_alone_is_asked_in_arabic_and_farsi(rig: Rig, country: str) -> None:
    wa_id = NUMBERS[country]
    rig.api.add_user(wa_id, "Amal")
    [question] = await exchange(rig, wa_id, rig.api.text(wa_id, "سلام"))
    greeting = "Welcome to Josoor! Please choose your language."
    ar, fa = rig.core.catalogs.get("ar"), rig.core.catalogs.get("fa")
    assert text_of(question) == ar.text(greeting) + "\n\n" + fa.text(greeting)
    assert option_ids(question)[:2] == ["lang:ar", "lang:fa"]
    await exchange(rig, wa_id, rig.api.list_reply(wa_id, "lang:fa"))
    assert "consent:accept:fa" in option_ids(rig.api.sent_to(wa_id)[-1])
    assert await stored_member(rig.core, wa_id) is None


async def test_every_opt_out_word_with_the_city_question_open(rig: Rig) -> None:
    for number, (locale, word) in enumerate(listed_words(rig.core.catalogs)):
        wa_id = f"43664{number:07d}"
        rig.api.add_user(wa_id, "Mira")
        await exchange(rig, wa_id, rig.api.text(wa_id, "/start"))
        accept = next(i for i in option_ids(rig.api.sent_to(wa_id)[-1]) if "accept" in i)
        await exchange(rig, wa_id, rig.api.button_reply(wa_id, accept))
        await exchange(rig, wa_id, rig.api.button_reply(wa_id, "role:newcomer"))
        [answer] = await exchange(rig, wa_id, rig.api.text(wa_id, word))
        assert text_of(answer) == rig.core.catalogs.get("de").text(STOPPED), (locale, word)
        member = await stored_member(rig.core, wa_id)
        assert member is not None and not member.proactive_allowed, (locale, word)

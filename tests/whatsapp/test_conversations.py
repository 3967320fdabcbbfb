"""The dialogs on WhatsApp: media we cannot read, stale lists, typed choices, opt-out words,
formatting in names, /mydata and /forget, and order within one payload."""

from __future__ import annotations

import json

import pytest

from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Option, Reply
from tests.emulators.whatsapp_graph_api import styled_spans
from tests.whatsapp.conftest import AT, UA, exchange, onboard, option_ids, stored_member, text_of
from tests.whatsapp.harness import Rig, plain


async def test_a_voice_note_during_onboarding_gets_a_localized_answer(rig: Rig) -> None:
    rig.api.add_user(UA, "Olena")
    sent = await exchange(rig, UA, rig.api.media_message(UA, "audio"))
    uk = rig.core.catalogs.get("uk")
    assert text_of(sent[0]) == uk.text("I can only read text messages and buttons.")
    assert "consent:accept:uk" in option_ids(sent[-1])
    assert await stored_member(rig.core, UA) is None  # nothing stored before consent


@pytest.mark.parametrize("kind", ["sticker", "image", "video", "document"])
async def test_other_media_from_a_member_get_the_menu(rig: Rig, kind: str) -> None:
    await onboard(rig)
    [answer] = await exchange(rig, AT, rig.api.media_message(AT, kind))
    de = rig.core.catalogs.get("de")
    expected = de.text("I can only read text messages and buttons. Here is what I can do:")
    assert text_of(answer) == expected
    assert "menu:communities" in option_ids(answer)


async def test_a_reply_to_a_list_that_no_longer_exists(rig: Rig) -> None:
    await onboard(rig)
    de = rig.core.catalogs.get("de")
    gone = await exchange(rig, AT, rig.api.list_reply(AT, "join:99999", "Atlantis"))
    assert de.text("This community does not exist any more.") in text_of(gone[0])
    for stale in ("forget:yes", "menu:nothing-here", "no such thing!"):
        [answer] = await exchange(rig, AT, rig.api.list_reply(AT, stale))
        stale_text = de.text("That button is no longer valid. Here is what I can do now:")
        assert text_of(answer) == stale_text
    member = await stored_member(rig.core, AT)
    assert member is not None  # forget:yes outside the question deleted nothing


async def test_a_typed_number_in_any_script_selects_from_a_numbered_list(rig: Rig) -> None:
    await onboard(rig)
    codes = ["ar", "fa", "en", "de", "nl", "uk"]
    options = tuple(Option(f"lang:{code}", f"Language {code}") for code in codes) + tuple(
        Option(f"join:{n}", f"Community {n}") for n in range(1, 7)
    )
    result = await rig.channel.deliver(
        ChannelAddress(Channel.WHATSAPP, AT), [Reply("Choose:", "de", options)]
    )
    assert result.status.value == "sent"
    assert rig.api.sent_to(AT)[-1]["body"]["text"]["body"].startswith("Choose:\n\n1. Language ar")
    for typed, locale in (("٢", "fa"), ("۲", "fa")):
        await exchange(rig, AT, rig.api.text(AT, typed))
        member = await stored_member(rig.core, AT)
        assert member is not None and member.locale == locale
        await rig.channel.deliver(
            ChannelAddress(Channel.WHATSAPP, AT), [Reply("Choose:", locale, options)]
        )


async def test_one_payload_is_handled_in_order_so_a_typed_label_follows_its_list(
    rig: Rig,
) -> None:
    await onboard(rig)
    # "/language" brings the language list; "English" must be read after it.
    answers = await exchange(
        rig,
        AT,
        rig.api.text(AT, "/language"),
        rig.api.text(AT, "English"),
        rig.api.text(AT, "/help"),
    )
    assert option_ids(answers[0])[:3] == ["lang:ar", "lang:fa", "lang:en"]
    member = await stored_member(rig.core, AT)
    assert member is not None and member.locale == "en"
    assert "/menu" in text_of(answers[-1])


async def test_a_typed_number_next_to_a_list_is_text_not_a_choice(rig: Rig) -> None:
    await onboard(rig)
    await exchange(rig, AT, rig.api.text(AT, "/language"))
    await exchange(rig, AT, rig.api.text(AT, "2"))
    member = await stored_member(rig.core, AT)
    assert member is not None and member.locale == "de"


async def test_a_typed_label_selects_the_option(rig: Rig) -> None:
    await onboard(rig)
    await exchange(rig, AT, rig.api.text(AT, "/language"))
    await exchange(rig, AT, rig.api.text(AT, "nederlands"))
    member = await stored_member(rig.core, AT)
    assert member is not None and member.locale == "nl"


@pytest.mark.parametrize("word", ["STOP", "stopp", "توقف", "إلغاء الاشتراك", "لغو", "стоп"])
async def test_opt_out_words_stop_proactive_messages(rig: Rig, word: str) -> None:
    await onboard(rig)
    [answer] = await exchange(rig, AT, rig.api.text(AT, word))
    done = rig.core.catalogs.get("de").text(
        "Done: I will not send you messages on my own any more (no reminders, no news). "
        "I still answer when you write. Send /start to turn them on again."
    )
    assert text_of(answer) == done
    member = await stored_member(rig.core, AT)
    assert member is not None and not member.proactive_allowed


async def test_formatting_characters_in_a_name_are_shown_literally(rig: Rig) -> None:
    name = "Ali *VIP* _x_ ~y~ `z`"
    sent = await onboard(rig, AT, name)
    thanks = next(m for m in sent if name in plain(text_of(m)))
    assert styled_spans(text_of(thanks)) == []


async def test_mydata_arrives_as_a_document_and_forget_erases_everything(rig: Rig) -> None:
    await onboard(rig)
    answers = await exchange(rig, AT, rig.api.text(AT, "/mydata"))
    document = next(m for m in answers if m["type"] == "document")
    upload = rig.api.uploads[document["body"]["document"]["id"]]
    assert document["body"]["document"]["filename"] == "josoor-my-data.json"
    assert upload["mime_type"] == "text/plain"  # WhatsApp accepts no application/json
    [account] = json.loads(upload["content"])["accounts"]
    assert (account["channel"], account["id"]) == ("whatsapp", AT)
    question = await exchange(rig, AT, rig.api.text(AT, "/forget"))
    assert option_ids(question[-1]) == ["forget:yes", "forget:no"]
    await exchange(rig, AT, rig.api.button_reply(AT, "forget:yes"))
    assert await stored_member(rig.core, AT) is None


async def test_a_shared_location_finds_the_nearest_community(rig: Rig) -> None:
    await onboard(rig)
    await exchange(rig, AT, rig.api.button_reply(AT, "role:newcomer"))
    answers = await exchange(rig, AT, rig.api.location(AT, 48.2082, 16.3738))
    assert "join:1" in option_ids(answers[-1])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("menu", "What would you like to do?"), ("Menü", "What would you like to do?"),
     ("Hilfe", "I connect refugees and local supporters in their city's Josoor community."),
     ("help", "I connect refugees and local supporters in their city's Josoor community.")],
)  # fmt: skip
async def test_typed_menu_and_help_words(rig: Rig, typed: str, expected: str) -> None:
    await onboard(rig)
    await exchange(rig, AT, rig.api.text(AT, "/checkin"))  # a question is open
    answer = (await exchange(rig, AT, rig.api.text(AT, typed)))[-1]
    assert text_of(answer).startswith(rig.core.catalogs.get("de").text(expected))


async def test_long_pickers_are_lists_never_numbered_text(rig: Rig) -> None:
    """The ambassador's menu, the topics of interest: lists of at most ten rows, in pages."""
    from bot.core.ambassadors.appoint import AddAmbassador
    from bot.core.common.domain import Channel, ChannelAddress

    async with rig.core.uow_factory() as uow:
        await AddAmbassador(uow, rig.core.clock)("vienna", ChannelAddress(Channel.WHATSAPP, AT))
        await uow.commit()
    await onboard(rig)
    for typed in ("/menu", "/interests"):
        await exchange(rig, AT, rig.api.text(AT, typed))
    await exchange(rig, AT, rig.api.button_reply(AT, "pint:yes"))
    await exchange(rig, AT, rig.api.list_reply(AT, "pint:pg:1"))
    interactive = [m for m in rig.api.sent_to(AT) if m["type"] == "interactive"]
    lists = [m for m in interactive if m["body"]["interactive"]["type"] == "list"]
    assert "menu:ambassador" in option_ids(lists[-3])
    assert option_ids(lists[-1])[-3:] == ["pint:done", "pint:del", "pint:pg:0"]
    numbered = [m for m in rig.api.sent_to(AT) if m["type"] == "text" and "\n1. " in text_of(m)]
    assert numbered == []

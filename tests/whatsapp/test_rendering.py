"""Rendering within WhatsApp's limits, checked against the emulator's validation of each body."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.whatsapp.rendering import (
    LIST_BUTTON,
    WORD_JOINER,
    escape,
    render,
    shorten,
)
from bot.channels.whatsapp.typed import Choices
from bot.core.common.messages import Option, Reply
from tests.emulators.whatsapp_graph_api import styled_spans
from tests.emulators.whatsapp_validation import validate_message


def _valid(message: dict[str, Any]) -> dict[str, Any]:
    validate_message({"messaging_product": "whatsapp", "to": "1", **message}, set())
    return message


def _options(count: int, label: str = "Option number {n}") -> tuple[Option, ...]:
    return tuple(Option(f"join:{n}", label.format(n=n)) for n in range(1, count + 1))


def test_up_to_three_options_are_reply_buttons_with_short_titles_and_the_same_ids() -> None:
    options = (
        Option("consent:accept:de", "Ja, ich bin einverstanden"),
        Option("consent:decline:de", "Nein, danke"),
        Option("lang:menu", "Andere Sprache"),
    )
    [message] = render(Reply("Einverstanden?", "de", options)).messages
    interactive = _valid(message)["interactive"]
    assert interactive["type"] == "button"
    buttons = [b["reply"] for b in interactive["action"]["buttons"]]
    assert [b["id"] for b in buttons] == [o.id for o in options]
    assert buttons[0]["title"] == "Ja, ich bin einvers…"
    assert len(buttons[0]["title"]) == 20


@pytest.mark.parametrize("count", [4, 7, 10])
def test_four_to_ten_options_are_a_list_with_the_full_label_in_the_description(
    count: int,
) -> None:
    options = _options(count, "A community with a very long name number {n}")
    rendered = render(Reply("Which one?", "en", options))
    [message] = rendered.messages
    interactive = _valid(message)["interactive"]
    assert interactive["type"] == "list"
    assert interactive["action"]["button"] == LIST_BUTTON
    rows = interactive["action"]["sections"][0]["rows"]
    assert [row["id"] for row in rows] == [o.id for o in options]
    assert rows[0]["title"] == "A community with a very…"
    assert rows[0]["description"] == "A community with a very long name number 1"
    assert rendered.choices == options


def test_a_short_label_in_a_list_needs_no_description() -> None:
    [message] = render(Reply("Sprache?", "de", _options(4, "Row {n}"))).messages
    rows = message["interactive"]["action"]["sections"][0]["rows"]
    assert all("description" not in row for row in rows)


def test_more_than_ten_options_are_numbered_text_in_the_members_digits() -> None:
    options = _options(12)
    rendered = render(Reply("اختر:", "ar", options))
    [message] = rendered.messages
    body = _valid(message)["text"]["body"]
    assert body.startswith("اختر:\n\n١. Option number 1\n")
    assert "١٢. Option number 12" in body
    assert rendered.choices == options


def test_typed_numbers_in_any_script_and_exact_labels_pick_the_last_options() -> None:
    choices = Choices()
    choices.offered("1", _options(12), numbered=True)
    for typed in ("2", "٢", "۲", " 2. "):
        assert choices.pick("1", typed) == "join:2"
    assert choices.pick("1", "option NUMBER 11") == "join:11"
    assert choices.pick("1", "13") is None
    assert choices.pick("1", "0") is None
    assert choices.pick("1", "Vienna") is None
    assert choices.pick("2", "2") is None  # never offered anything
    choices.offered("1", ())  # a message without options was sent last
    assert choices.pick("1", "2") is None


def test_next_to_buttons_a_typed_number_is_an_answer_but_a_label_picks() -> None:
    choices = Choices()
    choices.offered("1", (Option("mk:nolimit", "No limit"),))  # "Type a number, or tap …"
    assert choices.pick("1", "1") is None
    assert choices.pick("1", "no limit") == "mk:nolimit"


def test_the_choices_memory_is_bounded() -> None:
    choices = Choices(max_members=2)
    for wa_id in ("a", "b", "c"):
        choices.offered(wa_id, _options(2), numbered=True)
    assert choices.last("a") == ()
    assert choices.pick("c", "1") == "join:1"


def test_a_long_text_with_options_sends_the_head_as_text_and_the_tail_with_the_buttons() -> None:
    paragraphs = [f"Paragraph {n}: " + "word " * 150 for n in range(14)]
    text = "\n\n".join([*paragraphs, "Do you agree?"])
    messages = render(Reply(text, "en", _options(2))).messages
    for message in messages:
        _valid(message)
    *head, last = messages
    assert all(m["type"] == "text" for m in head) and len(head) >= 3
    assert last["interactive"]["body"]["text"].endswith("Do you agree?")
    sent = "\n\n".join([*(m["text"]["body"] for m in head), last["interactive"]["body"]["text"]])
    assert sent.split() == text.split()


def test_texts_over_4096_characters_are_split_and_nothing_is_lost() -> None:
    text = ("Ein Satz mit Worten. " * 700).strip()
    messages = render(Reply(text, "de")).messages
    assert len(messages) == 4
    joined = " ".join(_valid(m)["text"]["body"] for m in messages)
    assert joined.split() == text.split()


def test_user_strings_cannot_inject_whatsapp_formatting() -> None:
    name = "Ali *VIP* _x_ ~y~ `z` ```code```"
    assert len(styled_spans(f"Welcome, {name}!")) >= 4  # what WhatsApp would do unescaped
    escaped = escape(f"Welcome, {name}!")
    assert styled_spans(escaped) == []
    assert escaped.replace(WORD_JOINER, "") == f"Welcome, {name}!"
    [message] = render(Reply(f"Welcome, {name}!", "en", _options(2))).messages
    assert styled_spans(message["interactive"]["body"]["text"]) == []


def test_shorten_keeps_bidi_isolates_balanced() -> None:
    label = "Join \u2068Sankt Pölten an der Traisen\u2069"
    short = shorten(label, 20)
    assert len(short) == 20 and short.endswith("\u2069…")
    assert shorten("  two\nlines ", 20) == "two lines"


def test_duplicate_button_titles_after_shortening_fall_back_to_a_list() -> None:
    options = (
        Option("forget:yes", "Delete absolutely everything now"),
        Option("forget:no", "Delete absolutely everything later"),
    )
    [message] = render(Reply("Sure?", "en", options)).messages
    assert _valid(message)["interactive"]["type"] == "list"

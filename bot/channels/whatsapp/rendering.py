"""Neutral replies → Graph API message bodies, within WhatsApp's limits.

Up to 3 options become reply buttons, 4-10 a list message, more a numbered text (the member
answers with the number). A text too long for an interactive body (1,024) goes first as plain
text, split at 4,096; the interactive message carries the last paragraphs.

**Formatting.** WhatsApp styles text between `*`, `_`, `~` and backticks. Reply texts are plain
text, so every such character we send is flanked by U+2060 WORD JOINER: WhatsApp opens or closes
a style only at a word boundary (after/before a space, punctuation or the text's edge), and a
word joiner is none of these, so the marker stays a literal character. It is invisible, joins
nothing (unlike U+200D, which glues emoji) and leaves the visible text unchanged (unlike
look-alike characters). Button, row and list titles are not formatted by WhatsApp and are sent
as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.channels.text_split import split_text
from bot.core.common.messages import Option, Reply, is_valid_option_id
from bot.i18n.formatting import format_number
from bot.i18n.text import FSI, PDI

MAX_TEXT = 4096
MAX_BODY = 1024
MAX_CAPTION = 1024
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
#: The list message's button. WhatsApp requires a text (≤20); a symbol needs no translation.
LIST_BUTTON = "☰"

WORD_JOINER = "\u2060"
_MARKERS = re.compile(r"[*_~`]")

Message = dict[str, Any]


def escape(text: str) -> str:
    """Make WhatsApp show `*_~` and backticks literally (see the module docstring)."""
    return _MARKERS.sub(lambda m: f"{WORD_JOINER}{m.group()}{WORD_JOINER}", text)


def _escaped_len(text: str) -> int:
    return len(escape(text))


def shorten(label: str, limit: int) -> str:
    """One line, at most `limit` characters, cut with an ellipsis; isolates stay balanced."""
    label = " ".join(label.split()) or "…"
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rstrip()
    if cut.count(FSI) > cut.count(PDI):
        cut = label[: limit - 2].rstrip() + PDI
    return cut + "…"


@dataclass(frozen=True, slots=True)
class Rendered:
    """The messages for one reply, and the options a typed label (or, when the options were
    numbered, a typed number) may now pick."""

    messages: list[Message]
    choices: tuple[Option, ...] = field(default=())
    numbered: bool = False


def render(reply: Reply) -> Rendered:
    options = tuple(o for o in reply.options if is_valid_option_id(o.id))
    if not options:
        return Rendered([text_message(chunk) for chunk in _chunks(reply.text, MAX_TEXT)])
    if len(options) > MAX_ROWS:
        return Rendered(_numbered(reply.text, options, reply.locale), options, numbered=True)
    head, body = _split_tail(reply.text or "…", MAX_BODY)
    messages = [text_message(chunk) for chunk in _chunks(head, MAX_TEXT)]
    titles = {shorten(o.label, MAX_BUTTON_TITLE) for o in options}
    # Button titles must differ; labels that only differ after the cut go into a list.
    as_buttons = len(options) <= MAX_BUTTONS and len(titles) == len(options)
    interactive = _buttons(options) if as_buttons else _list(options)
    messages.append(
        {"type": "interactive", "interactive": {"body": {"text": escape(body)}, **interactive}}
    )
    return Rendered(messages, options)


def text_message(text: str) -> Message:
    return {"type": "text", "text": {"preview_url": False, "body": escape(text)}}


def caption_fits(reply: Reply) -> bool:
    """A short text without options rides along as the file's caption."""
    return not reply.options and _escaped_len(reply.text) <= MAX_CAPTION


def _chunks(text: str, limit: int) -> list[str]:
    return [chunk for chunk in split_text(text, limit, _escaped_len) if chunk.strip()]


def _split_tail(text: str, limit: int) -> tuple[str, str]:
    """(head, tail): the tail is the longest run of final paragraphs (or lines, or words)
    that fits `limit` once escaped; the head is everything before it."""
    if _escaped_len(text) <= limit:
        return "", text
    for separator in ("\n\n", "\n", " "):
        start = len(text) - limit
        while (at := text.find(separator, max(start, 1))) != -1:
            tail = text[at + len(separator) :].strip()
            if tail and _escaped_len(tail) <= limit:
                return text[:at].rstrip(), tail
            start = at + 1
    pieces = split_text(text, limit, _escaped_len)
    return "\n".join(pieces[:-1]), pieces[-1]


def _buttons(options: tuple[Option, ...]) -> dict[str, Any]:
    buttons = [
        {"type": "reply", "reply": {"id": o.id, "title": shorten(o.label, MAX_BUTTON_TITLE)}}
        for o in options
    ]
    return {"type": "button", "action": {"buttons": buttons}}


def _list(options: tuple[Option, ...]) -> dict[str, Any]:
    rows = []
    for option in options:
        label = " ".join(option.label.split()) or "…"
        row = {"id": option.id, "title": shorten(label, MAX_ROW_TITLE)}
        if row["title"] != label:
            row["description"] = shorten(label, MAX_ROW_DESCRIPTION)
        rows.append(row)
    return {"type": "list", "action": {"button": LIST_BUTTON, "sections": [{"rows": rows}]}}


def _numbered(body: str, options: tuple[Option, ...], locale: str) -> list[Message]:
    lines = [f"{format_number(n, locale)}. {o.label}" for n, o in enumerate(options, start=1)]
    full = f"{body}\n\n" + "\n".join(lines) if body.strip() else "\n".join(lines)
    return [text_message(chunk) for chunk in _chunks(full, MAX_TEXT)]

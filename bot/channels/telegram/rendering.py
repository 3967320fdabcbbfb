"""Neutral replies → Telegram messages: HTML-escaped text, split at 4096, inline keyboards."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.text_split import split_text
from bot.core.common.messages import Option, Reply, is_valid_option_id

MAX_TEXT = 4096
MAX_CAPTION = 1024
#: Labels longer than this are cut; Telegram shows about this much on a phone anyway.
MAX_BUTTON_LABEL = 60


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    html_text: str
    keyboard: InlineKeyboardMarkup | None


def escape(text: str) -> str:
    """Every dynamic string is escaped; we send no markup of our own."""
    return html.escape(text, quote=False)


def render(reply: Reply) -> list[TelegramMessage]:
    """One reply becomes one or more messages; the keyboard goes on the last one."""
    chunks = split_text(reply.text, MAX_TEXT, lambda piece: len(escape(piece)))
    keyboard = keyboard_for(reply.options, compact=reply.compact_options)
    messages = [TelegramMessage(escape(chunk), None) for chunk in chunks]
    if not messages:
        messages = [TelegramMessage("…", None)]
    messages[-1] = TelegramMessage(messages[-1].html_text, keyboard)
    return messages


def keyboard_for(options: tuple[Option, ...], *, compact: bool) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(_label(option.label), callback_data=option.id)
        for option in options
        if is_valid_option_id(option.id)
    ]
    if not buttons:
        return None
    per_row = 2 if compact else 1
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return InlineKeyboardMarkup(rows)


def _label(label: str) -> str:
    label = " ".join(label.split()) or "…"
    return label if len(label) <= MAX_BUTTON_LABEL else label[: MAX_BUTTON_LABEL - 1] + "…"


def caption_for(reply: Reply) -> tuple[str | None, list[TelegramMessage]]:
    """A short text rides along as the file's caption; a long one is sent before the file."""
    if len(escape(reply.text)) <= MAX_CAPTION and not reply.options:
        return escape(reply.text), []
    return None, render(reply)

"""Small text helpers the dialogs share: cutting labels to fit buttons and lists, reading a
typed number."""

from __future__ import annotations

from bot.i18n.text import to_ascii_digits

#: Digits of a typed number we read: more is no count of seats or people.
TYPED_NUMBER_DIGITS = 9

#: Projects or communities offered as buttons at once (WhatsApp lists hold 10 rows).
LIST_SHOWN = 8
BUTTON_TITLE_MAX = 40


def shorten(label: str, limit: int) -> str:
    """Cut a label to `limit` characters, the last one an ellipsis when something was cut."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def button_title(title: str) -> str:
    return shorten(title, BUTTON_TITLE_MAX)


def typed_number(text: str) -> int | None:
    """A whole number typed in any digit script ("30", "٣٠", "-2"), else None.

    Not `int()` on `str.isdigit()`: "²" is a digit int() cannot read, and int() refuses
    numbers of more than 4,300 digits; neither is a number of seats.
    """
    cleaned = to_ascii_digits(text).strip()
    digits = cleaned.removeprefix("-")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= TYPED_NUMBER_DIGITS):
        return None
    return int(cleaned)

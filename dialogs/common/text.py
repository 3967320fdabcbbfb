"""Small text helpers the dialogs share: cutting labels to fit buttons and lists."""

from __future__ import annotations

#: Projects or communities offered as buttons at once (WhatsApp lists hold 10 rows).
LIST_SHOWN = 8
BUTTON_TITLE_MAX = 40


def shorten(label: str, limit: int) -> str:
    """Cut a label to `limit` characters, the last one an ellipsis when something was cut."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def button_title(title: str) -> str:
    return shorten(title, BUTTON_TITLE_MAX)

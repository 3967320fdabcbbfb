"""Making user-supplied strings safe inside translated sentences.

A name typed by a person may carry bidi override characters (to reorder what others see) or be
written in a script of the other direction. We strip every explicit directional control and
wrap the string in first-strong isolates (U+2068 … U+2069) so that, for example, a Latin name
inside an Arabic sentence cannot flip the sentence around it. Our own right-to-left templates
get direction marks before their `/commands` (`mark_commands`).
"""

from __future__ import annotations

import re
import unicodedata

FSI = "\u2068"
PDI = "\u2069"
LRM = "\u200e"
RLM = "\u200f"
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_DIGIT = str.maketrans({chr(0x30 + d): None for d in range(10)})


def strip_bidi_controls(text: str) -> str:
    return _BIDI_CONTROLS.sub("", text)


def clean_user_text(text: str, max_length: int | None = None) -> str:
    """Remove bidi and C0 controls, normalise to NFC, trim, and cut to `max_length`."""
    cleaned = unicodedata.normalize("NFC", _OTHER_CONTROLS.sub("", strip_bidi_controls(text)))
    cleaned = cleaned.strip()
    if max_length is not None and len(cleaned) > max_length:
        cleaned = cleaned[: max_length - 1].rstrip() + "…"
    return cleaned


def isolate(text: str) -> str:
    """A user-supplied string ready to place inside a sentence of either direction."""
    return f"{FSI}{strip_bidi_controls(text)}{PDI}"


#: The slash of a command in a message template: `/start`, not one inside a link (`t.me/…`),
#: a date (`1/2`), a closing tag (`</b>`) or one already marked.
_COMMAND_SLASH = re.compile(r"(?<![\w/:.<\u200e])/(?=[a-z])")
_COMMAND_AT_LINE_START = re.compile(f"^{LRM}/", re.MULTILINE)


def mark_commands(template: str) -> str:
    """A right-to-left message template whose commands show as `/start`, not `start/`.

    Between Arabic or Persian letters the slash of `/start` is a neutral character and takes
    the sentence's direction, so it is drawn on the wrong side of the word. A LEFT-TO-RIGHT
    MARK right before the slash joins it to the command's left-to-right run. Telegram still
    makes the command clickable: the mark is not a letter or digit, so the command token
    starts at the slash as before. A command that begins a line also gets a RIGHT-TO-LEFT
    MARK first, so apps that take each line's direction from its first letter keep that line
    right-to-left. Only templates are marked, before values are put in: names, titles and
    links typed by people are never changed.
    """
    marked = _COMMAND_SLASH.sub(LRM + "/", template)
    return _COMMAND_AT_LINE_START.sub(RLM + LRM + "/", marked)


def to_ascii_digits(text: str) -> str:
    """Digits typed in any script (Arabic-Indic ٢, Persian ۲, Devanagari २, …) become 0-9."""
    out = []
    for char in text:
        if char.isdecimal() and not ("0" <= char <= "9"):
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return "".join(out)


_NATIVE_ZERO = {"ar": 0x0660, "fa": 0x06F0}


def to_native_digits(text: str, locale: str) -> str:
    """ASCII digits in `text` written in the locale's own digits (ar ٠-٩, fa ۰-۹)."""
    zero = _NATIVE_ZERO.get(locale)
    if zero is None:
        return text
    return text.translate({0x30 + d: zero + d for d in range(10)})

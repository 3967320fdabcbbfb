"""Script-aware normalisation so that the same word typed different ways compares equal.

Arabic: diacritics and tatweel removed; alef variants (أ إ آ ٱ) → ا; ى → ي; ة → ه.
Persian: ZWNJ removed; Arabic yeh/kaf (ي ك) → Persian (ی ک) are folded to one form.
All scripts: digits of any script → 0-9; Latin and Cyrillic case and accents folded; emoji and
punctuation become spaces.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ی", "ي": "ی", "ئ": "ی",
        "ك": "ک",
        "ة": "ه", "ۀ": "ه",
        "ؤ": "و",
        "\u200c": "", "\u200d": "",
    }
)  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(text: str) -> str:
    """A comparison key for free text in any of our scripts."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_FOLD)
    out = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(char) and not _is_arabic(char):
            continue  # drop Latin/Cyrillic accents (é → e, й stays via NFKC below)
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    text = unicodedata.normalize("NFKC", "".join(out))
    return " ".join(_NON_WORD.sub(" ", text).split())


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


_LATIN_SOUNDS = (
    ("ph", "f"), ("ck", "k"), ("sch", "sh"), ("ee", "i"), ("ie", "i"), ("ei", "ai"),
    ("oo", "u"), ("ou", "u"), ("w", "v"), ("c", "k"), ("y", "i"), ("j", "i"), ("z", "s"),
    ("q", "k"), ("th", "t"), ("dt", "t"),
)  # fmt: skip


def sound_key(text: str) -> str:
    """A rough phonetic key for Latin transliterations ("Ween" and "Wien" → "vin")."""
    key = normalize(text)
    for old, new in _LATIN_SOUNDS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)

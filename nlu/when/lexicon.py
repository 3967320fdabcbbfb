"""Text to known words and numbers: every phrase of `words.py` and Babel's month and day
names, folded with nlu.normalize; the longest known phrase wins, an unknown word fails."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from babel.dates import get_day_names, get_month_names

from nlu.normalize import normalize
from nlu.when import words
from nlu.when.words import DayPart

Kind = Literal[
    "month", "jmonth", "weekday", "rel", "part", "suffix", "am", "clock", "unit", "prep",
    "monthword", "noise",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Word:
    kind: Kind
    value: int = 0
    part: DayPart | None = None


@dataclass(frozen=True, slots=True)
class Num:
    text: str


Lexeme = Word | Num
_APOSTROPHES = re.compile("['’ʼ`´]")
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_DATE_WORDS = ("weekday", "month", "jmonth")
_NUMBER = re.compile(r"\d+(?:[:./-]\d+)*\.?")


def _words(text: str) -> list[str]:
    return normalize(_APOSTROPHES.sub("", text)).split()


def _entries() -> Iterator[tuple[str, Word]]:
    for loc in words.BABEL_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, loc).items():
                    yield name, Word("month", int(number))
                for number, name in get_day_names(width, context, loc).items():
                    yield name, Word("weekday", int(number))
    for table in words.MONTHS.values():
        yield from ((name, Word("month", n)) for name, n in table.items())
    yield from ((name, Word("jmonth", n)) for name, n in words.JALALI_MONTHS.items())
    for table in words.WEEKDAYS.values():
        yield from ((name, Word("weekday", n)) for name, n in table.items())
    for rel_table in words.RELATIVE_DAYS.values():
        yield from ((name, Word("rel", n)) for name, n in rel_table.items())
    for name, (offset, part) in words.RELATIVE_DAY_PARTS.items():
        yield name, Word("rel", offset, part)
    for part_table in words.DAY_PARTS.values():
        yield from ((name, Word("part", part=p)) for name, p in part_table.items())
    yield from ((name, Word("suffix", part=p)) for name, p in words.SUFFIX_PARTS.items())
    yield "am", Word("am")
    yield from ((name, Word("clock", hour)) for name, hour in words.CLOCK_WORDS.items())
    yield from ((name, Word("unit")) for name in words.HOUR_UNITS)
    yield from ((name, Word("prep")) for name in words.TIME_PREPOSITIONS)
    yield from ((name, Word("monthword")) for name in words.MONTH_WORDS)
    for noise in words.NOISE.values():
        yield from ((name, Word("noise")) for name in noise)


def _build_lexicon() -> dict[tuple[str, ...], Word]:
    lexicon: dict[tuple[str, ...], Word] = {}
    for phrase, word in _entries():
        key = tuple(_words(phrase))
        if word.kind in ("month", "weekday") and (len("".join(key)) < 2 or not key[0].isalpha()):
            continue  # Babel's one-letter ("ش") and "۱ش"-style short names collide
        if lexicon.setdefault(key, word) != word:
            raise ValueError(f"{phrase!r} means both {lexicon[key]} and {word}")
    return lexicon


_LEXICON = _build_lexicon()
_LONGEST = max(len(key) for key in _LEXICON)


def tokenize(text: str) -> list[str]:
    text = _BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text)).replace("٫", ".")
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    tokens: list[str] = []
    start = 0
    for match in _NUMBER.finditer(text):
        tokens += _words(text[start : match.start()])
        tokens.append(match.group())
        start = match.end()
    return tokens + _words(text[start:])


def lex(tokens: list[str]) -> list[Lexeme]:
    """Known phrases, longest first; noise dropped. Raises NotUnderstood on unknown words."""
    found: list[Lexeme] = []
    i = 0
    while i < len(tokens):
        if tokens[i][0].isdigit():
            found.append(Num(tokens[i]))
            i += 1
            continue
        for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
            word = _LEXICON.get(tuple(tokens[i : i + size]))
            if word is not None:
                break
        else:
            raise NotUnderstood
        if word.kind != "noise":
            found.append(word)
        i += size
    return _in_context(found)


def _in_context(lexemes: list[Lexeme]) -> list[Lexeme]:
    """Words whose meaning depends on their neighbours: "am", "pm"/"م", "شهر ١٢"."""
    out: list[Lexeme] = []
    i = 0
    while i < len(lexemes):
        item: Lexeme | None = lexemes[i]
        prev = lexemes[i - 1] if i else None
        nxt = lexemes[i + 1] if i + 1 < len(lexemes) else None
        if isinstance(item, Word):
            if item.kind == "am":  # English a.m. after an hour; German "am Samstag" otherwise
                starts_date = isinstance(nxt, Num) or kind_of(nxt) in (
                    "weekday",
                    "month",
                    "jmonth",
                )
                item = Word("suffix", part="am") if hourish(prev) and not starts_date else None
            elif item.kind == "suffix" and not hourish(prev):
                item = None  # "٢٠٢٦م" is a year "AD", not "pm"
            elif item.kind == "monthword":
                month = number_of(nxt)
                item = None if month is None else Word("month", month)
                if month is not None:
                    i += 1  # the number is the month's
        if item is not None:
            out.append(item)
        i += 1
    return out


def kind_of(item: Lexeme | None) -> str | None:
    return item.kind if isinstance(item, Word) else None


def number_of(item: Lexeme | None) -> int | None:
    return int(item.text) if isinstance(item, Num) and item.text.isdigit() else None


def hourish(item: Lexeme | None) -> bool:
    if not isinstance(item, Num):
        return False
    value = number_of(item)
    return (value is not None and value <= 24) or bool(re.fullmatch(r"\d\d?[:.]\d\d", item.text))


class NotUnderstood(Exception):
    pass

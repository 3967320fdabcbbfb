"""Understand a meetup date and time typed naturally, in any of our languages.

    parse_when("Samstag 15 Uhr", "de", now, "Europe/Vienna")  →  When(2026-11-28 15:00+01:00)

How text is read:
1. Tokens: numbers keep their separators ("12.12.", "15:00", "2026-12-12"); digits of every
   script become ASCII; words are folded with nlu.normalize (letter variants, case, accents).
2. Words: the longest known phrase at each position (nlu/when_words.py), so "یکشنبه" and
   "یک شنبه" are Sunday, not Saturday "شنبه". An unknown word makes the whole text
   not understood: asking again is better than guessing half a sentence.
3. Numbers get their role from their neighbours: before a month name → the day; before
   "Uhr"/"h"/"pm"/"العصر" or after "um"/"at"/"الساعة"/"ساعت" → the hour; a lone number left
   over → the hour.
4. The date is resolved against `now` in the meetup's time zone (zoneinfo, so DST is right).

Choices:
- Dates are always day/month (never US month/day); year-month-day only with a 4-digit year
  first ("2026-12-12", also a Jalali "1405/09/21"). Two-digit years are 20xx.
- "12.10" (no trailing dot, both parts could be a date or a time) is a time if a date is
  already given ("12.12. 12.10" or "morgen 12.10"), otherwise a date. "15.00", "10.30" are times.
- "next Saturday" is the next Saturday, the same as "Saturday" (today if the time is still ahead).
- An hour 1–11 without a day part ("Samstag 3", "Saturday 3:30", "3 Uhr") is Ambiguous: pm
  first. With a leading zero ("09:30", "03 Uhr") it is a 24-hour time. If only one reading
  is possible ("heute 3" at 10:00, the 03:00 is past) that one is the answer.
- A weekday or relative day that contradicts the date ("Freitag 12.12.2026") → not understood.
- "yesterday"/"gestern"/... → past. A date alone → no_time (or past/too_far for the date).
- `locale` is only a hint: words of every language are always accepted, and numeric dates
  are day/month everywhere, so the result does not depend on it today.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names
from persiantools.jdatetime import JalaliDate

from nlu import when_words as words
from nlu.normalize import normalize
from nlu.when_words import DayPart

Reason = Literal[
    "not_understood", "impossible_date", "past", "no_time", "nonexistent_time", "too_far"
]


@dataclass(frozen=True)
class When:
    """Understood: one moment, timezone-aware in the meetup's time zone."""

    moment: datetime


@dataclass(frozen=True)
class Ambiguous:
    """Several readings ("Saturday 3" → 15:00 or 03:00), the likelier first."""

    candidates: tuple[datetime, ...]


@dataclass(frozen=True)
class Problem:
    """Not usable. impossible_date carries day/month; no_time carries the date understood."""

    reason: Reason
    day: int | None = None
    month: int | None = None
    date: dt.date | None = None


def parse_when(
    text: str, locale: str, now: datetime, timezone: str, *, max_ahead_days: int = 400
) -> When | Ambiguous | Problem:
    """Read a meetup date and time typed in any of our languages (see the module docstring)."""
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(timezone)
    try:
        found = _read(_lex(_tokens(text)))
        return _resolve(found, now.astimezone(zone), max_ahead_days)
    except _NotUnderstood:
        return Problem("not_understood")


# --- words -----------------------------------------------------------------------------------

Kind = Literal[
    "month", "jmonth", "weekday", "rel", "part", "suffix", "am", "clock", "unit", "prep",
    "monthword", "noise",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Word:
    kind: Kind
    value: int = 0
    part: DayPart | None = None


@dataclass(frozen=True, slots=True)
class _Num:
    text: str


_Lexeme = _Word | _Num
_APOSTROPHES = re.compile("['’ʼ`´]")
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_NUMBER = re.compile(r"\d+(?:[:./-]\d+)*\.?")


def _words(text: str) -> list[str]:
    return normalize(_APOSTROPHES.sub("", text)).split()


def _entries() -> Iterator[tuple[str, _Word]]:
    for loc in words.BABEL_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, loc).items():
                    yield name, _Word("month", int(number))
                for number, name in get_day_names(width, context, loc).items():
                    yield name, _Word("weekday", int(number))
    for table in words.MONTHS.values():
        yield from ((name, _Word("month", n)) for name, n in table.items())
    yield from ((name, _Word("jmonth", n)) for name, n in words.JALALI_MONTHS.items())
    for table in words.WEEKDAYS.values():
        yield from ((name, _Word("weekday", n)) for name, n in table.items())
    for rel_table in words.RELATIVE_DAYS.values():
        yield from ((name, _Word("rel", n)) for name, n in rel_table.items())
    for name, (offset, part) in words.RELATIVE_DAY_PARTS.items():
        yield name, _Word("rel", offset, part)
    for part_table in words.DAY_PARTS.values():
        yield from ((name, _Word("part", part=p)) for name, p in part_table.items())
    yield from ((name, _Word("suffix", part=p)) for name, p in words.SUFFIX_PARTS.items())
    yield "am", _Word("am")
    yield from ((name, _Word("clock", hour)) for name, hour in words.CLOCK_WORDS.items())
    yield from ((name, _Word("unit")) for name in words.HOUR_UNITS)
    yield from ((name, _Word("prep")) for name in words.TIME_PREPOSITIONS)
    yield from ((name, _Word("monthword")) for name in words.MONTH_WORDS)
    for noise in words.NOISE.values():
        yield from ((name, _Word("noise")) for name in noise)


def _build_lexicon() -> dict[tuple[str, ...], _Word]:
    lexicon: dict[tuple[str, ...], _Word] = {}
    for phrase, word in _entries():
        key = tuple(_words(phrase))
        if word.kind in ("month", "weekday") and (len("".join(key)) < 2 or not key[0].isalpha()):
            continue  # Babel's one-letter ("ش") and "۱ش"-style short names collide
        if lexicon.setdefault(key, word) != word:
            raise ValueError(f"{phrase!r} means both {lexicon[key]} and {word}")
    return lexicon


_LEXICON = _build_lexicon()
_LONGEST = max(len(key) for key in _LEXICON)


def _tokens(text: str) -> list[str]:
    text = _BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text)).replace("٫", ".")
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    tokens: list[str] = []
    start = 0
    for match in _NUMBER.finditer(text):
        tokens += _words(text[start : match.start()])
        tokens.append(match.group())
        start = match.end()
    return tokens + _words(text[start:])


def _lex(tokens: list[str]) -> list[_Lexeme]:
    """Known phrases, longest first; noise dropped. Raises _NotUnderstood on unknown words."""
    found: list[_Lexeme] = []
    i = 0
    while i < len(tokens):
        if tokens[i][0].isdigit():
            found.append(_Num(tokens[i]))
            i += 1
            continue
        for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
            word = _LEXICON.get(tuple(tokens[i : i + size]))
            if word is not None:
                break
        else:
            raise _NotUnderstood
        if word.kind != "noise":
            found.append(word)
        i += size
    return _in_context(found)


def _in_context(lexemes: list[_Lexeme]) -> list[_Lexeme]:
    """Words whose meaning depends on their neighbours: "am", "pm"/"م", "شهر ١٢"."""
    out: list[_Lexeme] = []
    i = 0
    while i < len(lexemes):
        item: _Lexeme | None = lexemes[i]
        prev = lexemes[i - 1] if i else None
        nxt = lexemes[i + 1] if i + 1 < len(lexemes) else None
        if isinstance(item, _Word):
            if item.kind == "am":  # English a.m. after an hour; German "am Samstag" otherwise
                starts_date = isinstance(nxt, _Num) or _kind(nxt) in ("weekday", "month", "jmonth")
                item = _Word("suffix", part="am") if _hourish(prev) and not starts_date else None
            elif item.kind == "suffix" and not _hourish(prev):
                item = None  # "٢٠٢٦م" is a year "AD", not "pm"
            elif item.kind == "monthword":
                month = _int(nxt)
                item = None if month is None else _Word("month", month)
                if month is not None:
                    i += 1  # the number is the month's
        if item is not None:
            out.append(item)
        i += 1
    return out


def _kind(item: _Lexeme | None) -> str | None:
    return item.kind if isinstance(item, _Word) else None


def _int(item: _Lexeme | None) -> int | None:
    return int(item.text) if isinstance(item, _Num) and item.text.isdigit() else None


def _hourish(item: _Lexeme | None) -> bool:
    if not isinstance(item, _Num):
        return False
    value = _int(item)
    return (value is not None and value <= 24) or bool(re.fullmatch(r"\d\d?[:.]\d\d", item.text))


# --- reading ---------------------------------------------------------------------------------


class _NotUnderstood(Exception):
    pass


@dataclass
class _Found:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: Literal["gregorian", "jalali"] | None = None
    weekday: int | None = None
    offset: int | None = None
    hour: int | None = None
    minute: int | None = None
    clock24: bool = False  # "09:30", "15 Uhr": no am/pm reading
    parts: set[DayPart] = field(default_factory=set)

    def set(self, name: str, value: object) -> None:
        if getattr(self, name) not in (None, value):
            raise _NotUnderstood  # two different days, hours, …
        setattr(self, name, value)


def _read(lexemes: list[_Lexeme]) -> _Found:
    found = _Found()
    leftovers: list[_Num] = []
    undecided: list[tuple[str, str]] = []  # "12.10": a date or a time
    for i, item in enumerate(lexemes):
        prev = lexemes[i - 1] if i else None
        nxt = lexemes[i + 1] if i + 1 < len(lexemes) else None
        if isinstance(item, _Word):
            _read_word(found, item)
        elif not _read_number(found, item.text, prev, nxt, undecided):
            leftovers.append(item)
    for day_or_hour, month_or_minute in undecided:
        if found.day is None and found.offset is None:
            _set_date(found, [day_or_hour, month_or_minute])
        else:
            _set_time(found, [day_or_hour, month_or_minute])
    if len(leftovers) > 1 or any(item.text.endswith(".") for item in leftovers):
        raise _NotUnderstood  # "Samstag 12 15", "12." (the 12th of which month?)
    for item in leftovers:
        _set_hour(found, item.text)  # "Samstag 15", "السبت ٣"
    if (found.day is None) != (found.month is None) or (found.year and found.month is None):
        raise _NotUnderstood  # "Dezember 15 Uhr": which day?
    date_known = found.month or found.weekday is not None or found.offset is not None
    if not date_known and found.hour is None:
        raise _NotUnderstood
    return found


def _read_word(found: _Found, word: _Word) -> None:
    if word.kind == "month":
        found.set("month", word.value)
        found.set("calendar", "gregorian")
    elif word.kind == "jmonth":
        found.set("month", word.value)
        found.set("calendar", "jalali")
    elif word.kind == "weekday":
        found.set("weekday", word.value)
    elif word.kind == "rel":
        found.set("offset", word.value)
    elif word.kind == "clock":
        found.set("hour", word.value)
        found.clock24 = True
    if word.part is not None:
        found.parts.add(word.part)


def _read_number(
    found: _Found, text: str, prev: _Lexeme | None, nxt: _Lexeme | None,
    undecided: list[tuple[str, str]],
) -> bool:  # fmt: skip
    """Take a number's meaning into `found`; False if only the end can tell (a lone number)."""
    separators = set(re.findall("[:/.-]", text.rstrip(".")))
    parts = re.split("[:/.-]", text.rstrip("."))
    if len(separators) > 1 or len(parts) > 3:
        raise _NotUnderstood  # "15:00.12", "1.2.3.4"
    if separators == {":"}:
        _set_time(found, parts)
        return True
    if separators & {"-", "/"}:
        if _kind(nxt) in ("unit", "suffix", "part"):
            raise _NotUnderstood  # "15-17 Uhr" is a range of hours, not the 15th of month 17
        _set_date(found, parts)
        return True
    if len(parts) == 3:
        _set_date(found, parts)
        return True
    if len(parts) == 2:
        first, second = parts
        if len(second) == 2 and (second == "00" or int(second) > 12):
            _set_time(found, parts)  # "15.00", "10.30"
        elif text.endswith(".") or len(second) != 2 or int(first) > 23:
            _set_date(found, parts)  # "12.12.", "1.5", "31.02"
        elif _kind(nxt) in ("unit", "suffix", "part"):
            _set_time(found, parts)  # "12.10 Uhr"
        else:
            undecided.append((first, second))
        return True
    number = parts[0]
    if _kind(nxt) in ("month", "jmonth"):
        _set_day(found, number)  # "12 Dezember", "12. Dezember"
    elif _kind(nxt) in ("unit", "suffix", "part") or _kind(prev) in ("prep", "part"):
        _set_hour(found, number)  # "15 Uhr", "3 pm", "٣ العصر", "um 3", "الساعة ٣"
    elif _kind(prev) == "unit" and len(number) == 2 and found.hour is not None:
        _set_time(found, [str(found.hour), number])  # "15 Uhr 30", "15h30"
    elif _kind(prev) in ("month", "jmonth") and len(number) <= 2 and found.day is None:
        _set_day(found, number)  # "December 12"
    elif len(number) == 4:
        _set_year(found, number)  # "12 Dezember 2026"
    else:
        return False
    return True


def _set_hour(found: _Found, text: str) -> None:
    hour = int(text)
    if hour > 23 or len(text) > 2:
        raise _NotUnderstood
    found.set("hour", hour)
    found.clock24 |= text.startswith("0") or hour == 0 or hour >= 12


def _set_time(found: _Found, parts: list[str]) -> None:
    if len(parts) > 3 or any(len(p) != 2 for p in parts[1:]) or int(parts[1]) > 59:
        raise _NotUnderstood  # "15:75", "15:5"
    if len(parts) == 3 and int(parts[2]) > 59:
        raise _NotUnderstood
    _set_hour(found, parts[0])
    found.set("minute", int(parts[1]))


def _set_date(found: _Found, parts: list[str]) -> None:
    if len(parts) == 3 and len(parts[0]) == 4:
        parts = [parts[2], parts[1], parts[0]]  # ISO year-month-day
    if len(parts) not in (2, 3) or any(len(p) > 2 for p in parts[:2]):
        raise _NotUnderstood
    _set_day(found, parts[0])
    found.set("month", int(parts[1]))
    if len(parts) == 3:
        _set_year(found, parts[2])


def _set_day(found: _Found, text: str) -> None:
    if len(text) > 2:
        raise _NotUnderstood
    found.set("day", int(text))


def _set_year(found: _Found, text: str) -> None:
    if len(text) not in (2, 4):
        raise _NotUnderstood
    year = int(text) + (2000 if len(text) == 2 else 0)
    found.set("year", year)
    if 1300 <= year < 1500:  # an Iranian solar year: 1405 = 2026/27
        found.set("calendar", "jalali")


def _hours(found: _Found) -> list[int]:
    """The hour's readings, likeliest first."""
    if found.hour is None:
        return []
    hour = found.hour
    if found.parts:
        readings = {_with_part(hour, part) for part in found.parts}
        if len(readings) != 1 or None in readings:
            raise _NotUnderstood  # "15 صباحا", "3 am abends"
        return [r for r in readings if r is not None]
    if found.clock24 or not 1 <= hour <= 11:
        return [hour]
    return [hour + 12, hour]  # community meetups happen in the afternoon rather than at night


def _with_part(hour: int, part: DayPart) -> int | None:
    if part == "am":
        return 0 if hour == 12 else hour if hour < 12 else None
    if part == "pm":
        return hour + 12 if 1 <= hour < 12 else hour if hour >= 12 else None
    return hour + 12 if 6 <= hour < 12 else 0 if hour == 12 else hour  # night


# --- resolving -------------------------------------------------------------------------------


def _resolve(found: _Found, now: datetime, max_ahead_days: int) -> When | Ambiguous | Problem:
    today = now.date()
    minute = found.minute or 0
    times = [time(hour, minute) for hour in _hours(found)]
    if not times:
        day = _pick_date(found, now, None)
        if isinstance(day, Problem):
            return day
        if day < today:
            return Problem("past")
        if (day - today).days > max_ahead_days:
            return Problem("too_far")
        return Problem("no_time", date=day)
    results = [_moment(found, now, at, max_ahead_days) for at in times]
    moments = tuple(r.moment for r in results if isinstance(r, When))
    if len(moments) > 1:
        return Ambiguous(moments)
    return When(moments[0]) if moments else results[0]


def _moment(found: _Found, now: datetime, at: time, max_ahead_days: int) -> When | Problem:
    day = _pick_date(found, now, at)
    if isinstance(day, Problem):
        return day
    assert now.tzinfo is not None
    moment = datetime.combine(day, at, tzinfo=now.tzinfo)  # fold=0: the first of two
    if moment.astimezone(UTC).astimezone(now.tzinfo).time() != at:
        return Problem("nonexistent_time")  # skipped when the clocks go forward
    if moment <= now:
        return Problem("past")
    if moment - now > timedelta(days=max_ahead_days):
        return Problem("too_far")
    return When(moment)


def _pick_date(found: _Found, now: datetime, at: time | None) -> date | Problem:
    today = now.date()

    def ahead(day: date) -> bool:
        return day > today or (day == today and (at is None or at > now.time()))

    if found.month is not None and found.day is not None:
        picked = _calendar_date(found, today, ahead)
        if picked is None:
            return Problem("impossible_date", day=found.day, month=found.month)
    elif found.offset is not None:
        picked = today + timedelta(days=found.offset)
    elif found.weekday is not None:
        picked = today + timedelta(days=(found.weekday - today.weekday()) % 7)
        picked += timedelta(days=0 if ahead(picked) else 7)
    else:
        picked = today if ahead(today) else today + timedelta(days=1)
    if found.offset is not None and picked != today + timedelta(days=found.offset):
        raise _NotUnderstood  # "morgen 12.12." when tomorrow is not the 12th
    if found.weekday is not None and picked.weekday() != found.weekday:
        raise _NotUnderstood  # "Freitag 12.12." when the 12th is a Saturday
    return picked


def _calendar_date(found: _Found, today: date, ahead: Callable[[date], bool]) -> date | None:
    """The given date, or without a year the next one ahead; None if it cannot exist."""
    assert found.month is not None and found.day is not None
    month, day = found.month, found.day
    jalali = found.calendar == "jalali"

    def make(year: int) -> date | None:
        try:
            if jalali:
                jalali_date = JalaliDate(year, month, day)  # type: ignore[no-untyped-call]
                gregorian: date = jalali_date.to_gregorian()
                return gregorian
            return date(year, month, day)
        except ValueError:
            return None

    if found.year is not None:
        return make(found.year)
    first: int = JalaliDate(today).year if jalali else today.year  # type: ignore[no-untyped-call]
    for year in range(first, first + 9):  # 9 years hold a leap year in both calendars
        picked = make(year)
        if picked is not None and ahead(picked):
            return picked
    return None

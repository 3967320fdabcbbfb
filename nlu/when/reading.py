"""Giving each number and word its role (day, month, year, hour, minute, day part) and
the hour's readings, likeliest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from nlu.when.lexicon import Lexeme, NotUnderstood, Num, Word, kind_of
from nlu.when.words import DayPart


@dataclass
class Found:
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
            raise NotUnderstood  # two different days, hours, …
        setattr(self, name, value)


def read(lexemes: list[Lexeme]) -> Found:
    found = Found()
    leftovers: list[Num] = []
    undecided: list[tuple[str, str]] = []  # "12.10": a date or a time
    for i, item in enumerate(lexemes):
        prev = lexemes[i - 1] if i else None
        nxt = lexemes[i + 1] if i + 1 < len(lexemes) else None
        if isinstance(item, Word):
            _read_word(found, item)
        elif not _read_number(found, item.text, prev, nxt, undecided):
            leftovers.append(item)
    for day_or_hour, month_or_minute in undecided:
        if found.day is None and found.offset is None:
            _set_date(found, [day_or_hour, month_or_minute])
        else:
            _set_time(found, [day_or_hour, month_or_minute])
    if len(leftovers) > 1 or any(item.text.endswith(".") for item in leftovers):
        raise NotUnderstood  # "Samstag 12 15", "12." (the 12th of which month?)
    for item in leftovers:
        _set_hour(found, item.text)  # "Samstag 15", "السبت ٣"
    if (found.day is None) != (found.month is None) or (found.year and found.month is None):
        raise NotUnderstood  # "Dezember 15 Uhr": which day?
    date_known = found.month or found.weekday is not None or found.offset is not None
    if not date_known and found.hour is None:
        raise NotUnderstood
    return found


def _read_word(found: Found, word: Word) -> None:
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
    found: Found, text: str, prev: Lexeme | None, nxt: Lexeme | None,
    undecided: list[tuple[str, str]],
) -> bool:  # fmt: skip
    """Take a number's meaning into `found`; False if only the end can tell (a lone number)."""
    separators = set(re.findall("[:/.-]", text.rstrip(".")))
    parts = re.split("[:/.-]", text.rstrip("."))
    if len(separators) > 1 or len(parts) > 3:
        raise NotUnderstood  # "15:00.12", "1.2.3.4"
    if separators == {":"}:
        _set_time(found, parts)
        return True
    if separators & {"-", "/"}:
        if kind_of(nxt) in ("unit", "suffix", "part"):
            raise NotUnderstood  # "15-17 Uhr" is a range of hours, not the 15th of month 17
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
        elif kind_of(nxt) in ("unit", "suffix", "part"):
            _set_time(found, parts)  # "12.10 Uhr"
        else:
            undecided.append((first, second))
        return True
    number = parts[0]
    if kind_of(nxt) in ("month", "jmonth"):
        _set_day(found, number)  # "12 Dezember", "12. Dezember"
    elif kind_of(nxt) in ("unit", "suffix", "part") or kind_of(prev) in ("prep", "part"):
        _set_hour(found, number)  # "15 Uhr", "3 pm", "٣ العصر", "um 3", "الساعة ٣"
    elif kind_of(prev) == "unit" and len(number) == 2 and found.hour is not None:
        _set_time(found, [str(found.hour), number])  # "15 Uhr 30", "15h30"
    elif kind_of(prev) in ("month", "jmonth") and len(number) <= 2 and found.day is None:
        _set_day(found, number)  # "December 12"
    elif len(number) == 4:
        _set_year(found, number)  # "12 Dezember 2026"
    else:
        return False
    return True


def _set_hour(found: Found, text: str) -> None:
    hour = int(text)
    if hour > 23 or len(text) > 2:
        raise NotUnderstood
    found.set("hour", hour)
    found.clock24 |= text.startswith("0") or hour == 0 or hour >= 12


def _set_time(found: Found, parts: list[str]) -> None:
    if len(parts) > 3 or any(len(p) != 2 for p in parts[1:]) or int(parts[1]) > 59:
        raise NotUnderstood  # "15:75", "15:5"
    if len(parts) == 3 and int(parts[2]) > 59:
        raise NotUnderstood
    _set_hour(found, parts[0])
    found.set("minute", int(parts[1]))


def _set_date(found: Found, parts: list[str]) -> None:
    if len(parts) == 3 and len(parts[0]) == 4:
        parts = [parts[2], parts[1], parts[0]]  # ISO year-month-day
    if len(parts) not in (2, 3) or any(len(p) > 2 for p in parts[:2]):
        raise NotUnderstood
    _set_day(found, parts[0])
    found.set("month", int(parts[1]))
    if len(parts) == 3:
        _set_year(found, parts[2])


def _set_day(found: Found, text: str) -> None:
    if len(text) > 2:
        raise NotUnderstood
    found.set("day", int(text))


def _set_year(found: Found, text: str) -> None:
    if len(text) not in (2, 4):
        raise NotUnderstood
    year = int(text) + (2000 if len(text) == 2 else 0)
    found.set("year", year)
    if 1300 <= year < 1500:  # an Iranian solar year: 1405 = 2026/27
        found.set("calendar", "jalali")


def hours(found: Found) -> list[int]:
    """The hour's readings, likeliest first."""
    if found.hour is None:
        return []
    hour = found.hour
    if found.parts:
        readings = {_with_part(hour, part) for part in found.parts}
        if len(readings) != 1 or None in readings:
            raise NotUnderstood  # "15 صباحا", "3 am abends"
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

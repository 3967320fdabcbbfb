"""Understand a meetup date and time typed naturally, in any of our languages.

    parse_when("Samstag 15 Uhr", "de", now, "Europe/Vienna")  →  When(2026-11-28 15:00+01:00)

How text is read:
1. Tokens: numbers keep their separators ("12.12.", "15:00", "2026-12-12"); digits of every
   script become ASCII; words are folded with nlu.normalize (letter variants, case, accents).
2. Words (`lexicon.py`, with the word lists of `words.py`): the longest known phrase at
   each position, so "یکشنبه" and "یک شنبه" are Sunday, not Saturday "شنبه". An unknown
   word makes the whole text not understood: asking again is better than guessing half a
   sentence.
3. Numbers get their role from their neighbours (`reading.py`): before a month name → the
   day; before "Uhr"/"h"/"pm"/"العصر" or after "um"/"at"/"الساعة"/"ساعت" → the hour; a lone
   number left over → the hour.
4. The date is resolved (here) against `now` in the meetup's time zone (zoneinfo, so DST is right).

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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from persiantools.jdatetime import JalaliDate

from nlu.when.lexicon import NotUnderstood, lex, tokenize
from nlu.when.reading import Found, hours, read

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
        found = read(lex(tokenize(text)))
        return _resolve(found, now.astimezone(zone), max_ahead_days)
    except NotUnderstood:
        return Problem("not_understood")


def _resolve(found: Found, now: datetime, max_ahead_days: int) -> When | Ambiguous | Problem:
    today = now.date()
    minute = found.minute or 0
    times = [time(hour, minute) for hour in hours(found)]
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


def _moment(found: Found, now: datetime, at: time, max_ahead_days: int) -> When | Problem:
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


def _pick_date(found: Found, now: datetime, at: time | None) -> date | Problem:
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
        raise NotUnderstood  # "morgen 12.12." when tomorrow is not the 12th
    if found.weekday is not None and picked.weekday() != found.weekday:
        raise NotUnderstood  # "Freitag 12.12." when the 12th is a Saturday
    return picked


def _calendar_date(found: Found, today: date, ahead: Callable[[date], bool]) -> date | None:
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

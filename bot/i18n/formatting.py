"""Numbers and dates the way each locale writes them.

Arabic and Farsi get their own digits (٠–٩, ۰–۹) and separators; Farsi dates show the Solar
Hijri date beside the Gregorian one.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal
from persiantools.jdatetime import JalaliDate

from bot.i18n.text import to_native_digits

_NUMBERING_SYSTEM = {"ar": "arab", "fa": "arabext"}


def format_number(value: int | float, locale: str) -> str:
    system = _NUMBERING_SYSTEM.get(locale, "latn")
    return to_native_digits(format_decimal(value, locale=locale, numbering_system=system), locale)


def solar_hijri(day: date) -> str:
    """`21 آذر 1405` in Persian words and digits."""
    text: str = JalaliDate(day).strftime("%d %B %Y", locale="fa")  # type: ignore[no-untyped-call]
    return to_native_digits(text.lstrip("0۰"), "fa")


def format_day(day: date, locale: str) -> str:
    text = to_native_digits(babel_format_date(day, "long", locale=locale), locale)
    if locale == "fa":
        return f"{text} ({solar_hijri(day)})"
    return text


def format_moment(moment: datetime, locale: str, timezone: str) -> str:
    """A date and time in the community's timezone, e.g. for meetups and /mydata."""
    local = moment.astimezone(ZoneInfo(timezone))
    # The locale's own way of joining a date and a time ("{1}, {0}", "{1}، ساعت {0}", …).
    pattern = str(Locale.parse(locale).datetime_formats["long"]).replace("'", "")
    text = pattern.format(
        babel_format_time(local, "short", locale=locale),
        babel_format_date(local, "full", locale=locale),
    )
    text = to_native_digits(text, locale)
    if locale == "fa":
        return f"{text} ({solar_hijri(local.date())})"
    return text

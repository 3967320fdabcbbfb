"""nlu.when: meetup dates and times typed in ar, fa, en, de, nl and uk.

`NOW` is Monday 2026-11-23 10:00 in Vienna, so "Saturday" is 2026-11-28 and "tomorrow" is
2026-11-24. Every case asserts the exact local moment or the exact Problem/Ambiguous.

Over 300 lines on purpose: the cases per language and problem read best side by side.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from nlu.when import Ambiguous, Problem, When, parse_when

TZ = "Europe/Vienna"
VIENNA = ZoneInfo(TZ)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=VIENNA)  # a Monday
LOCALES = ("ar", "fa", "en", "de", "nl", "uk")


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIENNA)


def parse(text: str, locale: str = "en", now: datetime = NOW, **kwargs: int) -> object:
    return parse_when(text, locale, now, TZ, **kwargs)


def native_digits(text: str, locale: str) -> str:
    """Latin digits → Arabic-Indic (ar) or Persian (fa) ones."""
    zero = {"ar": "٠", "fa": "۰"}.get(locale)
    if zero is None:
        return text
    return "".join(chr(ord(zero) + int(c)) if c.isascii() and c.isdigit() else c for c in text)


UNDERSTOOD = [
    # The examples.
    ("en", "Saturday 15:00", at(11, 28, 15)),
    ("ar", "السبت ١٥:٠٠", at(11, 28, 15)),
    ("de", "12.12. 15 Uhr", at(12, 12, 15)),
    # ISO and numeric dates, digits of any script.
    ("en", "2026-12-12 15:00", at(12, 12, 15)),
    ("en", "2026-12-12T15:00", at(12, 12, 15)),
    ("de", "12.12.2026 15:00", at(12, 12, 15)),
    ("en", "12/12 15:00", at(12, 12, 15)),
    ("en", "12/12/26 15:00", at(12, 12, 15)),
    ("nl", "12-12-2026 15:00", at(12, 12, 15)),
    ("ar", "١٢/١٢ ١٥:٠٠", at(12, 12, 15)),
    ("fa", "۱۲/۱۲ ۱۵:۰۰", at(12, 12, 15)),
    ("en", "3/1 18:00", at(1, 3, 18, year=2027)),  # day/month, never US month/day
    ("de", "1.5. 18:00", at(5, 1, 18, year=2027)),
    ("de", "Samstag, 12.12., 15.00 Uhr", at(12, 12, 15)),
    # Month names in every language.
    ("de", "12 Dezember 15 Uhr", at(12, 12, 15)),
    ("de", "12. Dez. um 15 Uhr", at(12, 12, 15)),
    ("de", "5. Jänner 18:00", at(1, 5, 18, year=2027)),
    ("en", "December 12 3pm", at(12, 12, 15)),
    ("en", "the 12th of December at 3 pm", at(12, 12, 15)),
    ("en", "12 Dec 2026 15:00", at(12, 12, 15)),
    ("nl", "12 dec 15u", at(12, 12, 15)),
    ("nl", "zaterdag 12 december om 15.00 uur", at(12, 12, 15)),
    ("uk", "12 грудня о 15:00", at(12, 12, 15)),
    ("uk", "12 грудень 15:00", at(12, 12, 15)),
    ("uk", "12 груд. о 15 годині", at(12, 12, 15)),
    ("ar", "١٢ ديسمبر الساعة ٣ العصر", at(12, 12, 15)),
    ("ar", "١٢ كانون الأول الساعة ١٥:٠٠", at(12, 12, 15)),
    ("ar", "١٢ كانون الأول/ديسمبر ١٥:٠٠", at(12, 12, 15)),
    ("ar", "يوم ١٢ شهر ١٢ الساعة ٣ العصر", at(12, 12, 15)),
    ("fa", "۱۲ دسامبر ساعت ۱۵", at(12, 12, 15)),
    ("fa", "۱۲ دسمبر ساعت ۱۵", at(12, 12, 15)),  # Dari spelling
    ("fa", "۲۱ آذر ساعت ۱۵", at(12, 12, 15)),  # Iranian solar month
    ("fa", "۱۴۰۵/۰۹/۲۱ ساعت ۱۵", at(12, 12, 15)),  # Iranian solar year
    # Weekdays, colloquial forms, and noise words.
    ("en", "Sat 3 pm", at(11, 28, 15)),
    ("en", "on Saturday at 3:30 p.m.", at(11, 28, 15, 30)),
    ("en", "next Saturday 15:00", at(11, 28, 15)),  # "next" = the next one
    ("de", "am Samstag um 15 Uhr", at(11, 28, 15)),
    ("de", "Sa 15h", at(11, 28, 15)),
    ("de", "Sonnabend 15:00", at(11, 28, 15)),
    ("de", "nächsten Samstag um 3 nachmittags", at(11, 28, 15)),
    ("de", "Mittwoch 18.30", at(11, 25, 18, 30)),
    ("nl", "zaterdag om 15 uur", at(11, 28, 15)),
    ("nl", "za 15u", at(11, 28, 15)),
    ("nl", "vrijdag 8 uur 's avonds", at(11, 27, 20)),
    ("uk", "субота 15:00", at(11, 28, 15)),
    ("uk", "в суботу о 3 дня", at(11, 28, 15)),
    ("uk", "у пʼятницю о 18:00", at(11, 27, 18)),
    ("uk", "п'ятниця 18:00", at(11, 27, 18)),
    ("ar", "يوم السبت الساعة ١٥", at(11, 28, 15)),
    ("ar", "سبت ٣ م", at(11, 28, 15)),
    ("ar", "الجمعة ٦ المسا", at(11, 27, 18)),
    ("ar", "الأحد ١٠ الصبح", at(11, 29, 10)),
    ("ar", "الاثنين ١٠ صباحا", at(11, 30, 10)),
    ("ar", "الخميس ١٠ ص", at(11, 26, 10)),
    ("ar", "السبت الساعة ٣ مساء إن شاء الله", at(11, 28, 15)),
    ("fa", "شنبه ساعت ۱۵", at(11, 28, 15)),
    ("fa", "روز شنبه ساعت ۳ بعدازظهر", at(11, 28, 15)),
    ("fa", "یکشنبه ساعت ۱۵", at(11, 29, 15)),  # Sunday, not Saturday "شنبه"
    ("fa", "یک شنبه ساعت ۱۵", at(11, 29, 15)),
    ("fa", "دوشنبه ساعت ۱۵", at(11, 23, 15)),  # today: 15:00 is still ahead
    ("fa", "سه‌شنبه ساعت ۱۵", at(11, 24, 15)),
    ("fa", "سه شنبه ساعت ۱۵", at(11, 24, 15)),
    ("fa", "سهشنبه ساعت ۱۵", at(11, 24, 15)),
    ("fa", "چهارشنبه ۳ عصر", at(11, 25, 15)),
    ("fa", "پنج‌شنبه ۱۰ صبح", at(11, 26, 10)),
    ("fa", "جمعه ساعت ۸ شب", at(11, 27, 20)),
    ("en", "Saturday ساعت 15", at(11, 28, 15)),  # mixed scripts
    ("en", "Monday 15:00", at(11, 23, 15)),  # today, still ahead
    ("en", "Monday 09:00", at(11, 30, 9)),  # today's 09:00 is gone: next week
    # Relative days.
    ("en", "today 18:00", at(11, 23, 18)),
    ("en", "tomorrow at 6 pm", at(11, 24, 18)),
    ("en", "the day after tomorrow 18:00", at(11, 25, 18)),
    ("en", "tonight at 8", at(11, 23, 20)),
    ("de", "heute abend um 8", at(11, 23, 20)),
    ("de", "morgen 15 Uhr", at(11, 24, 15)),
    ("de", "morgen früh um 9", at(11, 24, 9)),
    ("de", "morgens um 9", at(11, 24, 9)),  # "morgens" is "in the morning", not tomorrow
    ("de", "übermorgen 15:00", at(11, 25, 15)),
    ("nl", "vandaag 18:00", at(11, 23, 18)),
    ("nl", "morgen om 15 uur", at(11, 24, 15)),
    ("nl", "overmorgen 15u", at(11, 25, 15)),
    ("nl", "morgenavond om 8", at(11, 24, 20)),
    ("uk", "сьогодні о 18:00", at(11, 23, 18)),
    ("uk", "завтра о 10 ранку", at(11, 24, 10)),
    ("uk", "післязавтра о 15:00", at(11, 25, 15)),
    ("ar", "اليوم الساعة ٦ المسا", at(11, 23, 18)),
    ("ar", "بكرا الساعة ٥ العصر", at(11, 24, 17)),
    ("ar", "بكرة ١٥:٠٠", at(11, 24, 15)),
    ("ar", "غدا الساعة ١٥", at(11, 24, 15)),
    ("ar", "بعد بكرا الساعة ١٠ الصبح", at(11, 25, 10)),
    ("fa", "امروز ساعت ۱۸", at(11, 23, 18)),
    ("fa", "فردا ساعت ۱۵", at(11, 24, 15)),
    ("fa", "پس‌فردا ۱۰ صبح", at(11, 25, 10)),
    ("fa", "پس فردا ساعت ۱۵", at(11, 25, 15)),
    # Times without a date: today if still ahead, else tomorrow.
    ("en", "15:00", at(11, 23, 15)),
    ("de", "09:00", at(11, 24, 9)),
    ("de", "um 15.30", at(11, 23, 15, 30)),
    ("de", "15 Uhr 30", at(11, 23, 15, 30)),
    ("en", "15h30", at(11, 23, 15, 30)),
    ("en", "3pm", at(11, 23, 15)),
    ("en", "12 noon", at(11, 23, 12)),
    ("en", "0:30", at(11, 24, 0, 30)),
    ("de", "heute 3", at(11, 23, 15)),  # 03:00 today is past, so only 15:00 is left
    # "12.10" is a time when the date is already given, else a date.
    ("de", "morgen 12.10", at(11, 24, 12, 10)),
    ("de", "12.12. 12.10", at(12, 12, 12, 10)),
]


@pytest.mark.parametrize(("locale", "text", "expected"), UNDERSTOOD)
def test_understood(locale: str, text: str, expected: datetime) -> None:
    result = parse(text, locale)
    assert result == When(expected)
    assert isinstance(result, When)
    assert result.moment.tzinfo == VIENNA


AMBIGUOUS = [
    ("de", "Samstag 3", (at(11, 28, 15), at(11, 28, 3))),
    ("ar", "السبت ٣", (at(11, 28, 15), at(11, 28, 3))),
    ("ar", "السبت الساعة ٣", (at(11, 28, 15), at(11, 28, 3))),
    ("en", "Saturday 3:30", (at(11, 28, 15, 30), at(11, 28, 3, 30))),
    ("de", "Samstag 3 Uhr", (at(11, 28, 15), at(11, 28, 3))),
    ("de", "um 3 am Samstag", (at(11, 28, 15), at(11, 28, 3))),  # German "am", not a.m.
    ("fa", "شنبه ساعت ۳", (at(11, 28, 15), at(11, 28, 3))),
    ("uk", "субота о 3", (at(11, 28, 15), at(11, 28, 3))),
    ("nl", "12 december om 8", (at(12, 12, 20), at(12, 12, 8))),
    ("en", "9:00", (at(11, 23, 21), at(11, 24, 9))),  # 09:00 today is gone
]


@pytest.mark.parametrize(("locale", "text", "candidates"), AMBIGUOUS)
def test_ambiguous(locale: str, text: str, candidates: tuple[datetime, ...]) -> None:
    assert parse(text, locale) == Ambiguous(candidates)


NOT_UNDERSTOOD = Problem("not_understood")
PROBLEMS = [
    ("de", "31.02.", Problem("impossible_date", day=31, month=2)),
    ("en", "31/2", Problem("impossible_date", day=31, month=2)),
    ("de", "31.02. 15 Uhr", Problem("impossible_date", day=31, month=2)),
    ("uk", "31 лютого о 15:00", Problem("impossible_date", day=31, month=2)),
    ("de", "29.02.2027 15:00", Problem("impossible_date", day=29, month=2)),
    ("de", "12.13.2026", Problem("impossible_date", day=12, month=13)),
    ("en", "25:00", NOT_UNDERSTOOD),
    ("en", "15:75", NOT_UNDERSTOOD),
    ("en", "Saturday 25:00", NOT_UNDERSTOOD),
    ("en", "hello", NOT_UNDERSTOOD),
    ("en", "", NOT_UNDERSTOOD),
    ("en", "every Saturday 15:00", NOT_UNDERSTOOD),  # unknown word: ask again
    ("de", "Dezember 15 Uhr", NOT_UNDERSTOOD),  # which day?
    ("de", "Freitag 12.12. 15 Uhr", NOT_UNDERSTOOD),  # 12.12.2026 is a Saturday
    ("de", "Samstag Sonntag 15 Uhr", NOT_UNDERSTOOD),
    ("en", "15 am", NOT_UNDERSTOOD),
    ("de", "12. um 15 Uhr", NOT_UNDERSTOOD),  # the 12th of which month?
    ("de", "Samstag 15-17 Uhr", NOT_UNDERSTOOD),  # ranges are not read
    ("en", "Saturday 15:00 - 17:00", NOT_UNDERSTOOD),
    ("de", "Montag", Problem("no_time", date=date(2026, 11, 23))),  # today
    ("en", "01.01.2020 15:00", Problem("past")),
    ("de", "gestern 15 Uhr", Problem("past")),
    ("en", "yesterday", Problem("past")),
    ("ar", "امبارح الساعة ٣ العصر", Problem("past")),
    ("de", "12.12.2028 15:00", Problem("too_far")),
    ("de", "12.12.2030", Problem("too_far")),
    ("de", "12.12.", Problem("no_time", date=date(2026, 12, 12))),
    ("en", "Saturday", Problem("no_time", date=date(2026, 11, 28))),
    ("en", "Saturday afternoon", Problem("no_time", date=date(2026, 11, 28))),
    ("uk", "завтра", Problem("no_time", date=date(2026, 11, 24))),
    ("ar", "السبت", Problem("no_time", date=date(2026, 11, 28))),
    ("fa", "۱۲ دسامبر", Problem("no_time", date=date(2026, 12, 12))),
    ("nl", "12 januari", Problem("no_time", date=date(2027, 1, 12))),
    ("de", "28.03.2027 02:30", Problem("nonexistent_time")),  # clocks jump 02:00 → 03:00
]


@pytest.mark.parametrize(("locale", "text", "problem"), PROBLEMS)
def test_problem(locale: str, text: str, problem: Problem) -> None:
    assert parse(text, locale) == problem


def test_summer_time_after_the_march_switch() -> None:
    result = parse("29.03. 15:00", "de")
    assert result == When(at(3, 29, 15, year=2027))
    assert isinstance(result, When)
    assert result.moment.utcoffset() == timedelta(hours=2)


def test_winter_time_after_the_october_switch() -> None:
    now = datetime(2027, 10, 1, 10, 0, tzinfo=VIENNA)
    before, after = parse("30.10. 15:00", "de", now), parse("01.11. 15:00", "de", now)
    assert isinstance(before, When) and isinstance(after, When)
    assert before.moment.utcoffset() == timedelta(hours=2)
    assert after.moment.utcoffset() == timedelta(hours=1)
    assert after == When(at(11, 1, 15, year=2027))


def test_repeated_autumn_hour_takes_the_first() -> None:
    result = parse("31.10.2027 02:30", "de")
    assert isinstance(result, When)
    assert result.moment.fold == 0
    assert result.moment.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_now_in_another_zone_gives_results_in_the_meetup_zone() -> None:
    now = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already Tuesday 00:30 in Vienna
    result = parse("morgen 15 Uhr", "de", now)
    assert result == When(at(11, 25, 15))
    assert isinstance(result, When)
    assert result.moment.tzinfo == VIENNA


def test_weekday_today_counts_only_while_the_time_is_ahead() -> None:
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=VIENNA)
    assert parse("Samstag 15 Uhr", "de", saturday) == When(at(11, 28, 15))
    assert parse("Samstag 09:00", "de", saturday) == When(at(12, 5, 9))
    assert parse("Samstag 3", "de", saturday) == Ambiguous((at(11, 28, 15), at(12, 5, 3)))


def test_date_without_year_is_the_next_one() -> None:
    assert parse("23.11. 15:00", "de") == When(at(11, 23, 15))  # today, still ahead
    assert parse("23.11. 09:00", "de") == When(at(11, 23, 9, year=2027))
    assert parse("1.1. 12:00", "de") == When(at(1, 1, 12, year=2027))


def test_too_far_follows_max_ahead_days() -> None:
    assert parse("12.12. 15:00", "de", max_ahead_days=30) == When(at(12, 12, 15))
    assert parse("12.01. 15:00", "de", max_ahead_days=30) == Problem("too_far")
    assert parse("12.01.", "de", max_ahead_days=30) == Problem("too_far")


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("15:00", "de", datetime(2026, 11, 23, 10, 0), TZ)


def test_locale_is_only_a_hint() -> None:
    for locale in LOCALES:
        assert parse("Samstag 15 Uhr", locale) == When(at(11, 28, 15))
        assert parse("۱۲/۱۲ ۱۵:۰۰", locale) == When(at(12, 12, 15))


# --- Round trips through Babel's own names ---------------------------------------------------

DAYS_AHEAD = range(1, 15)
TIMES = ((9, 30), (12, 15), (15, 0), (18, 45), (20, 0))


@pytest.mark.parametrize("locale", [*LOCALES, "ar_SY", "de_AT"])
@pytest.mark.parametrize("pattern", ["d MMMM", "d LLLL", "d MMM"])
def test_round_trip_of_babel_dates(locale: str, pattern: str) -> None:
    for days in DAYS_AHEAD:
        day = NOW.date() + timedelta(days=days)
        for hour, minute in TIMES:
            text = f"{format_date(day, pattern, locale=locale)} {hour:02d}:{minute:02d}"
            text = native_digits(text, locale)
            expected = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)
            assert parse(text, locale) == When(expected), text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("pattern", ["EEEE", "EEE"])
def test_round_trip_of_babel_weekdays(locale: str, pattern: str) -> None:
    for days in range(1, 7):  # 7 days ahead would be today again
        day = NOW.date() + timedelta(days=days)
        for hour, minute in TIMES:
            text = native_digits(
                f"{format_date(day, pattern, locale=locale)} {hour}:{minute:02d}", locale
            )
            expected = datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIENNA)
            if hour >= 12:
                assert parse(text, locale) == When(expected), text
            else:  # "Saturday 9:30": morning or evening?
                evening = expected + timedelta(hours=12)
                assert parse(text, locale) == Ambiguous((evening, expected)), text

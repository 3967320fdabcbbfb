"""Plural forms, digits, dates and bidi isolation per locale."""

from __future__ import annotations

import gettext
from datetime import UTC, date, datetime

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from bot.i18n.catalogs import Catalogs, best_locale
from bot.i18n.formatting import format_day, format_moment, format_number
from bot.i18n.text import clean_user_text, isolate, to_ascii_digits
from tests.test_catalogs import load

#: GNU gettext's Arabic rule: forms in CLDR order zero, one, two, few, many, other.
GNU_ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);"
)
CLDR_ORDER = {"ar": ["zero", "one", "two", "few", "many", "other"],
              "uk": ["one", "few", "many"], "fa": ["one", "other"],
              "de": ["one", "other"], "nl": ["one", "other"], "en": ["one", "other"]}  # fmt: skip
NUMBERS = [0, 1, 2, 3, 5, 10, 11, 21, 22, 25, 99, 100, 101, 102, 103, 111, 1000, 1002]


def test_arabic_catalog_uses_gnu_plural_order() -> None:
    assert load("ar").plural_forms == GNU_ARABIC


def test_babels_own_arabic_rule_swaps_many_and_other() -> None:
    # Why the catalog header is set by hand: Babel's table puts 11-99 in form 5 and 100-102 in
    # form 4, the reverse of GNU gettext and of CLDR's order (many before other).
    babel_rule = gettext.c2py(get_plural("ar").plural_expr)
    gnu_rule = gettext.c2py(GNU_ARABIC.split("plural=")[1].rstrip(";"))
    assert (babel_rule(11), babel_rule(100)) == (5, 4)
    assert (gnu_rule(11), gnu_rule(100)) == (4, 5)


@pytest.mark.parametrize("locale", sorted(CLDR_ORDER))
@pytest.mark.parametrize("n", NUMBERS)
def test_catalog_plural_index_matches_cldr_category(locale: str, n: int) -> None:
    rule = gettext.c2py(load(locale).plural_expr)
    assert rule(n) == CLDR_ORDER[locale].index(Locale.parse(locale).plural_form(n))


def test_arabic_plural_sentences_pick_the_right_form() -> None:
    tr = Catalogs().get("ar")
    singular = "There is {n} community. Do you want to join it?"
    plural = "There are {n} communities. Which one do you want to join?"
    eleven = tr.plural(singular, plural, 11)
    hundred = tr.plural(singular, plural, 100)
    assert "١١" in eleven
    assert "١٠٠" in hundred
    assert eleven.replace("١١", "") != hundred.replace("١٠٠", "")  # many ≠ other


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ar", "١٬٢٣٤٬٥٦٧"), ("fa", "۱٬۲۳۴٬۵۶۷"), ("de", "1.234.567"), ("en", "1,234,567"),
     ("nl", "1.234.567"), ("uk", "1\u00a0234\u00a0567")],
)  # fmt: skip
def test_numbers_use_the_locales_digits_and_separators(locale: str, expected: str) -> None:
    assert format_number(1_234_567, locale) == expected


def test_farsi_dates_show_solar_hijri_beside_gregorian() -> None:
    text = format_day(date(2027, 3, 21), "fa")
    assert "۲۰۲۷" in text
    assert "۱ فروردین ۱۴۰۶" in text


def test_moment_in_community_timezone_with_native_digits() -> None:
    winter = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
    assert "١٥:٠٠" in format_moment(winter, "ar", "Europe/Vienna") or "٣:٠٠" in format_moment(
        winter, "ar", "Europe/Vienna"
    )
    assert "15:00" in format_moment(winter, "de", "Europe/Vienna")
    summer = datetime(2026, 7, 4, 13, 0, tzinfo=UTC)
    assert "15:00" in format_moment(summer, "de", "Europe/Vienna")  # CEST, UTC+2


def test_user_strings_are_isolated_and_stripped_of_bidi_controls() -> None:
    assert isolate("\u202eevil\u202c") == "\u2068evil\u2069"
    assert isolate("أحمد") == "\u2068أحمد\u2069"
    assert clean_user_text("  \u200fSam\x00  ") == "Sam"
    assert clean_user_text("x" * 100, 10) == "x" * 9 + "…"


def test_digits_typed_in_any_script_are_understood() -> None:
    assert to_ascii_digits("٢٣ ۴۵ २ 7") == "23 45 2 7"


@pytest.mark.parametrize(
    ("hint", "locale"),
    [("ar", "ar"), ("ar-SY", "ar"), ("fa_IR", "fa"), ("prs", "fa"), ("de-AT", "de"),
     ("uk", "uk"), ("ru", None), ("", None), (None, None)],
)  # fmt: skip
def test_platform_language_codes_map_to_supported_locales(hint: str | None,
                                                          locale: str | None) -> None:  # fmt: skip
    assert best_locale(hint) == locale

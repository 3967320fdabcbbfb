"""Plural forms, digits, dates and bidi isolation per locale."""

from __future__ import annotations

import gettext
import re
import unicodedata
from datetime import UTC, date, datetime

import pytest
from babel import Locale

from bot.i18n.catalogs import Catalogs, best_locale
from bot.i18n.formatting import format_day, format_moment, format_number
from bot.i18n.text import clean_user_text, isolate, strip_bidi_controls, to_ascii_digits
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


#: CLDR's Arabic categories, written out (not asked of a library): the sentence for each.
ARABIC_FOR_N_PEOPLE = {
    "zero": "لعدد غير محدد من الأشخاص.",
    "one": "لشخص واحد.",
    "two": "لشخصين.",
    "few": "لـ{n} أشخاص.",
    "many": "لـ{n} شخصًا.",
    "other": "لـ{n} شخص.",
}
ARABIC_CATEGORY = (
    [(0, "zero"), (1, "one"), (2, "two")]
    + [(n, "few") for n in range(3, 11)]
    + [(n, "many") for n in (11, 12, 19, 20, 50, 99)]
    + [(100, "other"), (101, "other"), (102, "other")]
    + [(103, "few"), (110, "few"), (111, "many"), (199, "many"), (200, "other")]
    + [(1000, "other"), (1002, "other"), (1011, "many")]
)


@pytest.mark.parametrize(("n", "category"), ARABIC_CATEGORY)
def test_our_arabic_plurals_pick_the_cldr_form(n: int, category: str) -> None:
    """Whatever plural rule a Babel release carries, our sentences follow CLDR."""
    sentence = Catalogs().get("ar").plural("For {n} person.", "For {n} people.", n)
    assert sentence == ARABIC_FOR_N_PEOPLE[category].format(n=format_number(n, "ar"))


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


# Commands inside right-to-left sentences: `/start`, never `start/`.

LRM, RLM = "\u200e", "\u200f"


def _rendered(locale: str) -> list[tuple[str, str]]:
    """Every message with a command, as the bot sends it (placeholders filled), beside the
    catalog's text."""
    tr = Catalogs().get(locale)
    shown = []
    for message in load(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        names = set(re.findall(r"\{([a-z_]+)\}", " ".join(ids))) - {"n"}
        values = {name: "X" for name in names}
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 3, 11, 100):
                text = tr.plural(ids[0], ids[1], n, **values)
                if "/" in text:
                    shown.append((ids[0], text))
        elif "/" in message.string:
            shown.append((message.id, tr.text(message.id, **values)))
    return shown


@pytest.mark.parametrize("locale", ["ar", "fa"])
def test_every_command_in_right_to_left_text_has_a_left_to_right_mark(locale: str) -> None:
    shown = _rendered(locale)
    assert len(shown) > 10
    for msgid, text in shown:
        without_links = re.sub(r"https?://\S+", lambda link: " " * len(link.group()), text)
        for found in re.finditer(r"/[a-z]+", without_links):
            before = text[: found.start()]
            assert before.endswith(LRM), f"{locale}: no mark before {found.group()} in {msgid!r}"
    # Telegram's rule for a clickable command: the character before the slash is not a letter,
    # digit, "_", "/", "<" or ">". The mark is none of these: a format character (Cf).
    assert unicodedata.category(LRM) == "Cf"


@pytest.mark.parametrize("locale", ["ar", "fa"])
def test_the_marks_are_the_only_change(locale: str) -> None:
    tr = Catalogs().get(locale)
    for message in load(locale):
        if message.id and isinstance(message.id, str) and "{" not in message.id:
            assert strip_bidi_controls(tr.text(message.id)) == message.string


def test_a_line_that_starts_with_a_command_stays_right_to_left() -> None:
    help_text = Catalogs().get("ar").text(HELP)
    lines = [line for line in help_text.splitlines() if "/" in line]
    assert len(lines) == 10
    assert all(line.startswith(RLM + LRM + "/") for line in lines)


def test_values_and_links_are_never_marked() -> None:
    tr = Catalogs().get("ar")
    assert tr.text("Hello, {name}!", name="/start") == "مرحبًا يا /start!"
    link_help = tr.text(
        "That is not a Telegram or WhatsApp group link. A group link looks like https://t.me/… "
        "or https://chat.whatsapp.com/…. Send the link again, or tap Skip."
    )
    assert "https://t.me/…" in link_help and "https://chat.whatsapp.com/…" in link_help
    assert LRM not in link_help


@pytest.mark.parametrize("locale", ["en", "de", "nl", "uk"])
def test_left_to_right_languages_get_no_marks(locale: str) -> None:
    text = Catalogs().get(locale).text(HELP)
    assert "/menu" in text and LRM not in text and RLM not in text


HELP = (
    "I connect refugees and local supporters in their city's Josoor community.\n\n"
    "/menu – what you can do\n/meetups – the next meetups of your communities\n"
    "/reminders – turn meetup reminders off or on\n/checkin – check in at a meetup with its code\n"
    "/language – change the language\n/mydata – see everything I store about you\n"
    "/forget – delete all your data\n/stop – no more messages from me unless you write\n"
    "/cancel – stop what we are doing now\n/help – this help"
)

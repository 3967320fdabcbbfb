"""Normalisation per script: the classifier key (`nlu_text`), the language key, and that the
city-matching keys (`normalize`, `sound_key`) still behave as before."""

from __future__ import annotations

import pytest

from nlu.normalize import (
    emoji_token,
    language_text,
    nlu_text,
    normalize,
    skeleton,
    skeleton_text,
    sound_key,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # Arabic: diacritics, tatweel, alef/yeh/teh marbuta variants, Arabic-Indic digits.
        ("مَرْحَبًا", "مرحبا"),
        ("شكـــــرا", "شکرا"),
        ("أنا إلى آخر ٱلطريق", "انا الی اخر الطریق"),
        ("مدرسة", "مدرسه"),
        ("كيفك؟", "کیفک"),
        ("الساعة ٣:٣٠", "الساعه 3 30"),
        # Persian: ZWNJ, Arabic vs Persian yeh and kaf, Persian digits, می typed apart.
        ("می‌خواهم", "میخواهم"),
        ("مي خواهم", "میخواهم"),
        ("نمی خوام بیام", "نمیخوام بیام"),
        ("كتاب ي", "کتاب ی"),
        ("ساعت ۱۲", "ساعت 12"),
        # Latin: case, accents, ß, elongation.
        ("Grüß GOTT!", "gruss gott"),
        ("Één café", "een cafe"),
        ("merciiiiii", "mercii"),
        # Cyrillic: case; й/ї fold like accents (both sides of every comparison alike).
        ("ПРИВІТ, Київ", "привіт киів"),
        ("Дякую!!!", "дякую"),
        # Emoji become word tokens.
        ("👍", "e_yes"),
        ("👍🏽👍", "e_yes e_yes"),
        ("hi 👋", "hi e_wave"),
        ("🙏🏻 danke", "e_pray danke"),
        ("🇸🇾", "flag_sy"),
        ("🍕", "e_slice_of_pizza"),
        ("🤷‍♂️", "e_shrug"),
        ("", ""),
        ("?!...", ""),
    ],
)
def test_nlu_text(raw: str, key: str) -> None:
    assert nlu_text(raw) == key


def test_language_text_keeps_the_letters_that_tell_arabic_from_farsi() -> None:
    assert language_text("كيفك يا حبيبي؟") == "كيفك يا حبيبي"
    assert language_text("می‌خواهم ۳ تا") == "می\u200cخواهم تا"
    assert language_text("Grüß Gott 👋") == "grüss gott"
    assert language_text("مدرسةٌ") == "مدرسة"


def test_emoji_groups() -> None:
    assert emoji_token("👌") == emoji_token("✅") == "e_yes"
    assert emoji_token("👎") == emoji_token("❌") == "e_no"
    assert emoji_token("❤️") == emoji_token("😍") == "e_heart"


def test_city_keys_unchanged() -> None:
    assert normalize("فيينا") == normalize("فِيِينَا") == "فیینا"
    assert normalize("  Den-Haag ") == "den haag"
    assert normalize("٣۴5") == "345"
    assert normalize("👍 ok") == "ok"
    assert sound_key("Ween") == sound_key("Wien") == "vin"


@pytest.mark.parametrize(
    ("native", "transliterated"),
    [
        ("ما رح اجي", "ma ra7 eji"),  # Arabizi digits are letters
        ("يلا باي", "yalla bay"),
        ("خیلی ممنون", "kheili mamnoon"),  # Finglish
        ("خیلی ممنون", "xeili mamnun"),
        ("نمیخوام بیام", "nemikham biam"),
        ("дякую", "dyakuyu"),  # Latin-script Ukrainian
        ("хочу вийти", "khochu vyity"),
        ("привіт", "pryvit"),
    ],
)
def test_transliterations_share_the_consonant_skeleton(native: str, transliterated: str) -> None:
    assert skeleton_text(nlu_text(native)) == skeleton_text(nlu_text(transliterated))


def test_skeleton_ignores_emoji_tokens_and_numbers() -> None:
    assert skeleton_text(nlu_text("👍 15 ok")) == "k"
    assert skeleton("e_yes") == skeleton("2024") == ""

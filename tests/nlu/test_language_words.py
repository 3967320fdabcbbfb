"""The language of a first message from its letters and common words (no model needed)."""

from __future__ import annotations

import pytest

from nlu.language_words import candidate_languages, script_of


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        # Arabic: its own words, or the letters only Arabic keyboards type (ة ى ي ك).
        ("مرحبا", ("ar",)),
        ("السلام عليكم", ("ar",)),
        ("سلام، كيفك؟", ("ar",)),
        ("صباح الخير", ("ar",)),
        ("انا من سوريا وبدي اتعرف على ناس", ("ar",)),
        ("أريد أن أنضم إلى مجتمع", ("ar",)),
        # Persian: پ چ ژ گ, the Persian keyboard's ی and ک, ZWNJ, its own words.
        ("سلام خوبی؟", ("fa",)),
        ("سلام علیکم", ("fa",)),
        ("من از افغانستان هستم", ("fa",)),
        ("میخوام عضو بشم", ("fa",)),
        ("درود", ("fa",)),
        ("چطوری؟", ("fa",)),
        # Ambiguous between the two: the caller decides (hint, or a question in both).
        ("سلام", ("ar", "fa")),
        ("توقف", ("ar", "fa")),
        ("salam", ("ar", "fa")),
        # Latin: English, German, Dutch words and transliterations.
        ("hello", ("en",)),
        ("I need help", ("en",)),
        ("Hallo, ich bin Ahmad", ("de",)),
        ("Kann ich mitmachen?", ("de",)),
        ("Grüß Gott", ("de",)),
        ("Hallo ik ben Sara", ("nl",)),
        ("Ik zoek een gemeenschap", ("nl",)),
        ("Hallo", ("de", "nl")),
        ("marhaba", ("ar",)),
        ("salam khoobi?", ("fa",)),
        ("pryvit", ("uk",)),
        # Cyrillic is Ukrainian.
        ("привіт", ("uk",)),
        ("Добрий день!", ("uk",)),
    ],
)
def test_languages_of_a_first_message(text: str, languages: tuple[str, ...]) -> None:
    assert candidate_languages(text) == languages


@pytest.mark.parametrize("text", ["hi", "ok", "OK!", "👋", "🙏🙏", "Ahmad", "12", "", "/start"])
def test_a_message_that_says_nothing_names_no_language(text: str) -> None:
    assert candidate_languages(text) == ()


def test_arabic_script_without_words_we_know_is_arabic_or_persian() -> None:
    assert candidate_languages("زززز") == ("ar", "fa")
    assert script_of("زززز") == "arabic" and script_of("🙂") is None

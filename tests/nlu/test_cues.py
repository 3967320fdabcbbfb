"""Cue words: one class per meaning, whatever the language, dialect or script."""

from __future__ import annotations

import pytest

from nlu.cues import cue_text
from nlu.normalize import nlu_text


@pytest.mark.parametrize(
    "text",
    ["ما رح اجي", "mish ra7 eji", "نمی‌تونم بیام", "I can't come", "ich komme nicht", "не прийду"],
)
def test_not_coming_reads_the_same_in_every_language(text: str) -> None:
    assert set(cue_text(nlu_text(text)).split()) == {"c_neg", "c_come"}


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("I want to leave the project", "c_leave"),
        ("بدي اطلع من المشروع", "c_leave"),
        ("ich will aus dem Projekt raus", "c_leave"),
        ("хочу вийти з проєкту", "c_leave"),
        ("I want to join the project", "c_join"),
        ("بدي انضم للمشروع", "c_join"),
        ("хочу долучитися до проєкту", "c_join"),
        ("ich will dem Projekt beitreten", "c_join"),
        ("Stopp", "c_stop"),
        ("توقف", "c_stop"),
    ],
)
def test_leaving_joining_and_stopping(text: str, cues: str) -> None:
    assert cue_text(nlu_text(text)) == cues


@pytest.mark.parametrize("text", ["can I come?", "Ik ben net aangekomen", "wann ist das Treffen"])
def test_words_that_only_look_like_a_negation_are_none(text: str) -> None:
    assert "c_neg" not in cue_text(nlu_text(text))

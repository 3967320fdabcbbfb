"""The training and held-out data: Rasa 3 format, coverage, and no overlap between them."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from nlu.dataset import (
    DATA_DIR,
    TESTS_DATA_DIR,
    data_files,
    language_of,
    parse_example,
    read_nlu_file,
)
from nlu.intents import CITY, INTENTS, LANGUAGES, NLU_FALLBACK, OUT_OF_SCOPE
from nlu.normalize import nlu_text


@pytest.mark.parametrize("directory", [DATA_DIR, TESTS_DATA_DIR], ids=["train", "held-out"])
def test_every_language_has_a_rasa_3_file(directory: object) -> None:
    files = data_files(DATA_DIR if directory == DATA_DIR else TESTS_DATA_DIR)
    assert sorted(language_of(f) for f in files) == sorted(LANGUAGES)
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert document["version"] == "3.1"
        assert all(set(section) == {"intent", "examples"} for section in document["nlu"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_training_data_covers_every_intent(language: str) -> None:
    examples = read_nlu_file(DATA_DIR / f"{language}.yml")
    distinct: dict[str, set[str]] = {}
    for example in examples:
        distinct.setdefault(example.intent, set()).add(nlu_text(example.text))
    assert set(distinct) == {*INTENTS, OUT_OF_SCOPE}
    thin = {intent: len(keys) for intent, keys in distinct.items() if len(keys) < 25}
    assert not thin, f"fewer than 25 distinct examples: {thin}"
    annotated = [e for e in examples if e.entities]
    assert annotated and all(ent.entity == CITY for e in annotated for ent in e.entities)


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_data_covers_every_intent_and_the_fallback(language: str) -> None:
    counts = Counter(e.intent for e in read_nlu_file(TESTS_DATA_DIR / f"{language}.yml"))
    assert set(counts) == {*INTENTS, NLU_FALLBACK}
    assert min(counts.values()) >= 8, counts


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_held_out_example_is_in_the_training_data(language: str) -> None:
    train = {nlu_text(e.text) for e in read_nlu_file(DATA_DIR / f"{language}.yml")}
    held_out = [e.text for e in read_nlu_file(TESTS_DATA_DIR / f"{language}.yml")]
    overlap = [text for text in held_out if nlu_text(text) in train]
    assert not overlap


def test_entity_annotations_are_removed_and_kept_as_spans() -> None:
    example = parse_example(
        'ich wohne in [Wien](city), nicht in [Den Haag]{"entity": "city"}', "x"
    )
    assert example.text == "ich wohne in Wien, nicht in Den Haag"
    assert [(e.value, example.text[e.start : e.end]) for e in example.entities] == [
        ("Wien", "Wien"),
        ("Den Haag", "Den Haag"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_held_out_example_nearly_duplicates_training(language: str) -> None:
    """Near-duplicates (normalised similarity ≥ 90 %, e.g. one letter or word apart) would
    make the held-out accuracy a memory test; training lines that close were removed."""
    from rapidfuzz import fuzz, process

    train = sorted({nlu_text(e.text) for e in read_nlu_file(DATA_DIR / f"{language}.yml")})
    held_out = [nlu_text(e.text) for e in read_nlu_file(TESTS_DATA_DIR / f"{language}.yml")]
    scores = process.cdist(held_out, train, scorer=fuzz.ratio, score_cutoff=90, workers=1)
    rows, columns = scores.nonzero()
    pairs = [(held_out[r], train[c]) for r, c in zip(rows, columns, strict=True)]
    assert not pairs

"""The training and test data: Rasa 3 format, coverage, and no overlap between them.

Three test sets per language are checked alike: the held-out set (`nlu/tests_data/<lang>.yml`),
the hard set (`nlu/tests_data/hard/<lang>.yml`) and the fresh set (`nlu/tests_data/fresh/`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from nlu.crossval import paraphrase_families
from nlu.dataset import (
    DATA_DIR,
    FRESH_TESTS_DIR,
    HARD_TESTS_DIR,
    TESTS_DATA_DIR,
    data_files,
    language_of,
    parse_example,
    read_languages,
    read_nlu_file,
)
from nlu.intents import CITY, INTENTS, LANGUAGES, NLU_FALLBACK, OUT_OF_SCOPE
from nlu.normalize import nlu_text

TEST_DIRS = [TESTS_DATA_DIR, HARD_TESTS_DIR, FRESH_TESTS_DIR]
TEST_IDS = ["held-out", "hard", "fresh"]


@pytest.mark.parametrize("directory", [DATA_DIR, *TEST_DIRS], ids=["train", *TEST_IDS])
def test_every_language_has_a_rasa_3_file(directory: Path) -> None:
    files = data_files(directory)
    assert sorted(language_of(f) for f in files) == sorted(LANGUAGES)
    allowed = (
        {"intent", "examples", "metadata"} if directory == DATA_DIR else {"intent", "examples"}
    )
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert document["version"] == "3.1"
        assert all({"intent", "examples"} <= set(s) <= allowed for s in document["nlu"])


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


@pytest.mark.parametrize("directory", TEST_DIRS, ids=TEST_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_test_data_covers_every_intent_and_the_fallback(directory: Path, language: str) -> None:
    counts = Counter(e.intent for e in read_nlu_file(directory / f"{language}.yml"))
    assert set(counts) == {*INTENTS, NLU_FALLBACK}
    assert min(counts.values()) >= 8, counts


@pytest.mark.parametrize("directory", TEST_DIRS, ids=TEST_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_test_example_is_in_the_training_data(directory: Path, language: str) -> None:
    train = {nlu_text(e.text) for e in read_nlu_file(DATA_DIR / f"{language}.yml")}
    tests = [e.text for e in read_nlu_file(directory / f"{language}.yml")]
    overlap = [text for text in tests if nlu_text(text) in train]
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


@pytest.mark.parametrize("directory", TEST_DIRS, ids=TEST_IDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_test_example_nearly_duplicates_training(directory: Path, language: str) -> None:
    """Near-duplicates (normalised similarity ≥ 90 %, e.g. one letter or word apart) would
    make a test accuracy a memory test; training lines that close were removed."""
    from rapidfuzz import fuzz, process

    train = sorted({nlu_text(e.text) for e in read_nlu_file(DATA_DIR / f"{language}.yml")})
    tests = [nlu_text(e.text) for e in read_nlu_file(directory / f"{language}.yml")]
    scores = process.cdist(tests, train, scorer=fuzz.ratio, score_cutoff=90, workers=1)
    rows, columns = scores.nonzero()
    pairs = [(tests[r], train[c]) for r, c in zip(rows, columns, strict=True)]
    assert not pairs


def test_paraphrase_families_join_marked_sections_and_respellings() -> None:
    by_language = read_languages(data_files(DATA_DIR))
    examples = [e for language in sorted(by_language) for e in by_language[language]]
    families = paraphrase_families(examples)
    marked: dict[tuple[str, str], set[int]] = {}
    for example, family in zip(examples, families, strict=True):
        if example.family is not None:
            marked.setdefault((example.intent, example.family), set()).add(family)
    assert marked and all(len(ids) == 1 for ids in marked.values())
    texts = {(e.intent, e.text): f for e, f in zip(examples, families, strict=True)}
    assert texts[("help", "i dont get it")] == texts[("help", "i don't get it")]

"""The in-process parser: held-out accuracy per language, fallback, the issue's examples,
language detection, city entities, and that the fast path equals scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import hstack

from nlu.dataset import (
    DATA_DIR,
    FRESH_TESTS_DIR,
    HARD_TESTS_DIR,
    TESTS_DATA_DIR,
    data_files,
    read_nlu_file,
)
from nlu.evaluate import evaluate_files
from nlu.intents import INTENTS, LANGUAGES, NLU_FALLBACK, OUT_OF_SCOPE
from nlu.normalize import nlu_text
from nlu.parser import NluParser

MIN_ACCURACY = 0.92
MIN_FALLBACK_RATE = 0.90
#: The hard set (dialects, transliteration, code-switching, typos): a floor a little under what
#: the current model reaches, so that a regression fails and noise does not.
MIN_HARD_ACCURACY = 0.88
#: The fresh set (written for round 2 of issue 15 before its training data changed): the same
#: margin under what the model reaches.
MIN_FRESH_ACCURACY = 0.88


@pytest.fixture(scope="module")
def held_out(parser: NluParser) -> dict[str, object]:
    return evaluate_files(parser.parse, data_files(TESTS_DATA_DIR))


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_intent_accuracy(held_out: dict[str, object], language: str) -> None:
    per_language = held_out["per_language"]
    assert isinstance(per_language, dict)
    scores = per_language[language]
    print(
        f"{language}: in-scope accuracy {scores['in_scope_accuracy']:.1%}, "
        f"fallback rate {scores['fallback_rate']:.1%}, language {scores['language_accuracy']:.1%}"
    )
    assert scores["in_scope_accuracy"] >= MIN_ACCURACY


@pytest.fixture(scope="module")
def hard(parser: NluParser) -> dict[str, object]:
    return evaluate_files(parser.parse, data_files(HARD_TESTS_DIR))


@pytest.mark.parametrize("language", LANGUAGES)
def test_hard_set_intent_accuracy(hard: dict[str, object], language: str) -> None:
    per_language = hard["per_language"]
    assert isinstance(per_language, dict)
    scores = per_language[language]
    print(
        f"{language} (hard): in-scope accuracy {scores['in_scope_accuracy']:.1%}, "
        f"fallback rate {scores['fallback_rate']:.1%}"
    )
    assert scores["in_scope_accuracy"] >= MIN_HARD_ACCURACY
    assert scores["fallback_rate"] >= MIN_FALLBACK_RATE - 0.1


@pytest.fixture(scope="module")
def fresh(parser: NluParser) -> dict[str, object]:
    return evaluate_files(parser.parse, data_files(FRESH_TESTS_DIR))


@pytest.mark.parametrize("language", LANGUAGES)
def test_fresh_set_intent_accuracy(fresh: dict[str, object], language: str) -> None:
    per_language = fresh["per_language"]
    assert isinstance(per_language, dict)
    scores = per_language[language]
    print(
        f"{language} (fresh): in-scope accuracy {scores['in_scope_accuracy']:.1%}, "
        f"fallback rate {scores['fallback_rate']:.1%}"
    )
    assert scores["in_scope_accuracy"] >= MIN_FRESH_ACCURACY
    assert scores["fallback_rate"] >= MIN_FALLBACK_RATE - 0.1


def test_out_of_scope_messages_fall_back(held_out: dict[str, object]) -> None:
    print(f"fallback rate on held-out out-of-scope messages: {held_out['fallback_rate']:.1%}")
    assert isinstance(held_out["fallback_rate"], float)
    assert held_out["fallback_rate"] >= MIN_FALLBACK_RATE


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("متى اللقاء الجاي؟", "next_meetup"),
        ("جلسه بعدی کی است", "next_meetup"),
        ("ich komme", "rsvp_yes"),
        ("ما رح إجي", "rsvp_no"),
        ("توقف", "reminders_off"),
        ("STOP", "reminders_off"),
        ("stop", "reminders_off"),
        ("shukran", "thanks"),
        ("kheili mamnoon", "thanks"),
        ("marhaba", "greet"),
        ("👍", "affirm"),
        ("👋", "greet"),
        ("I want to leave the project", "leave_project"),
        ("ich will aus dem Projekt austreten", "leave_project"),
        ("میخوام از پروژه بیام بیرون", "leave_project"),
        ("is there a project I could join?", "list_projects"),
        ("I want to join the garden project", "join_project"),
        ("I won't come to the meetup", "rsvp_no"),
        ("stop reminding me", "reminders_off"),
        ("delete my account", "delete_my_data"),
    ],
)
def test_examples_from_the_issue(parser: NluParser, text: str, intent: str) -> None:
    assert parser.parse(text).intent == intent


@pytest.mark.parametrize("text", ["", "   ", "?!", "🍕🍕", "asdkjhqwe zxmcnb", "1234"])
def test_nothing_to_understand_is_the_fallback(parser: NluParser, text: str) -> None:
    result = parser.parse(text)
    assert result.intent == NLU_FALLBACK
    assert 0.0 <= result.confidence <= 1.0


def test_results_only_use_public_intent_names(parser: NluParser) -> None:
    for path in data_files(TESTS_DATA_DIR):
        for example in read_nlu_file(path):
            result = parser.parse(example.text)
            assert result.intent in {*INTENTS, NLU_FALLBACK}
            assert result.intent != OUT_OF_SCOPE
            assert all(r.name in INTENTS for r in result.ranking)


def test_ranking_gives_two_suggestions(parser: NluParser) -> None:
    result = parser.parse("wann komme ich")
    assert len(result.ranking) >= 2
    assert result.ranking[0].confidence >= result.ranking[1].confidence
    as_dict = result.as_dict()
    assert set(as_dict) == {"intent", "confidence", "language", "entities", "ranking"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("بدي روح على فيينا", "ar"),
        ("شلونك شكو ماكو", "ar"),
        ("متى اللقاء الجاي", "ar"),
        ("جلسه بعدی کی است", "fa"),
        ("من در وین زندگی می‌کنم", "fa"),
        ("چطور استی تشکر", "fa"),
        ("when is the next meetup", "en"),
        ("ich wohne in Wien", "de"),
        ("wanneer is de volgende bijeenkomst", "nl"),
        ("коли наступна зустріч", "uk"),
        ("kheili mamnoon", "fa"),
    ],
)
def test_language_detection(parser: NluParser, text: str, language: str) -> None:
    assert parser.parse(text).language == language


def test_language_hint_wins_for_ambiguous_latin_words(parser: NluParser) -> None:
    assert parser.parse("ok", lang_hint="nl").language == "nl"
    assert parser.parse("stop", lang_hint="de").language == "de"
    assert parser.parse("коли зустріч", lang_hint="de").language == "uk"
    assert parser.parse("👍", lang_hint="fa").language == "fa"
    assert parser.parse("👍").language is None


def test_language_detection_on_held_out_data(held_out: dict[str, object]) -> None:
    per_language = held_out["per_language"]
    assert isinstance(per_language, dict)
    for language in LANGUAGES:
        accuracy = per_language[language]["language_accuracy"]
        print(f"{language}: language detected right {accuracy:.1%}")
        assert accuracy >= 0.85


@pytest.mark.parametrize(
    ("text", "value", "slug"),
    [
        ("بدي روح على فيينا", "فيينا", "vienna"),
        ("من در وین زندگی می‌کنم", "وین", "vienna"),
        ("ich wohne in Wien", "Wien", "vienna"),
        ("I live in Ween", "Ween", "vienna"),
        ("я живу у Відні", "Відні", "vienna"),
        ("ساكن بروتردام", "روتردام", "rotterdam"),
        ("we moved to Den Haag last year", "Den Haag", "the-hague"),
        ("any group in Amsterdm?", "Amsterdm", "amsterdam"),
    ],
)
def test_city_entity(
    parser: NluParser, slugs: dict[int, str], text: str, value: str, slug: str
) -> None:
    entities = parser.parse(text).entities
    assert len(entities) == 1
    entity = entities[0]
    assert entity["entity"] == "city"
    assert entity["value"] == value == text[entity["start"] : entity["end"]]
    assert slugs[entity["community_id"]] == slug


@pytest.mark.parametrize(
    "text", ["وين اللقاء الجاي", "wenn ich komme", "ich komme", "where is it", "den ganzen tag"]
)
def test_no_city_where_there_is_none(parser: NluParser, text: str) -> None:
    assert parser.parse(text).entities == ()


def test_fast_path_equals_scikit_learn() -> None:
    from nlu.training import INTENT_BLOCKS, fit_intent_model

    examples = read_nlu_file(DATA_DIR / "nl.yml")
    model, vectorizers, calibrated = fit_intent_model(examples)
    texts = [nlu_text(e.text) for e in examples[::7]] + ["völlig neue wörter", "e_yes"]
    for text in texts:
        blocks = zip(INTENT_BLOCKS, vectorizers, strict=True)
        matrix = hstack([v.transform([text]) * spec.weight for spec, v in blocks])
        expected = calibrated.predict_proba(matrix)
        assert np.allclose(model.probabilities(text), expected[0], atol=1e-5)

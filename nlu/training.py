"""Fitting the intent and language models with scikit-learn (imported only here, only when
the cache has no model for the current data).

Intent model: tf-idf over character n-grams inside words (`char_wb`, 2–5: robust to typos,
missing diacritics and inflection, and script-agnostic), word uni/bigrams, and character
2–4-grams of every word's consonant skeleton (`nlu.normalize.skeleton`: Arabizi, Finglish and
Latin-script Ukrainian share it with the native script), word uni/bigrams of the cue classes
(`nlu.cues`: negation, leaving, joining, coming, stopping, shared by every language), then a
linear SVM (C = 1, balanced classes) with Platt-scaled (sigmoid) probabilities fitted on 5-fold
cross-validated scores (`CalibratedClassifierCV(ensemble=False)`). The settings were chosen by
cross-validation grouped by paraphrase family (`nlu.crossval`), never on the test sets. The
out-of-scope examples form a class of their own; a parse whose best class is out of scope, or
whose best intent is below the threshold, becomes `nlu_fallback`.

Language model: tf-idf over character 1–4-grams of `language_text` (which keeps ي/ی, ك/ک, ة,
ZWNJ, umlauts…) with multinomial naive Bayes (as accurate as logistic regression in
cross-validation on this data, and ten times faster to fit), over the same examples labelled
by their file's language. Naive Bayes is linear in the features too: weights are the log
feature probabilities, intercepts the log priors, probabilities their softmax.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import hstack  # type: ignore[import-untyped]
from sklearn.calibration import CalibratedClassifierCV  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.naive_bayes import MultinomialNB  # type: ignore[import-untyped]
from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

from nlu.dataset import Example
from nlu.features import BlockSpec, FeatureBlock, LinearTextModel
from nlu.normalize import language_text, nlu_text

INTENT_BLOCKS = (
    BlockSpec("char_wb", 2, 5),
    BlockSpec("word", 1, 2),
    BlockSpec("char_wb", 2, 4, view="skeleton"),
    BlockSpec("word", 1, 2, view="cue"),
)
LANGUAGE_BLOCKS = (BlockSpec("char_wb", 1, 4),)
SVM_C = 1.0
#: "balanced" weighs each class by the inverse of its size; None weighs every example alike.
CLASS_WEIGHT: str | None = "balanced"
CALIBRATION_FOLDS = 5
LANGUAGE_ALPHA = 0.1


def _fit_blocks(
    specs: Sequence[BlockSpec], texts: Sequence[str]
) -> tuple[list[TfidfVectorizer], object]:
    vectorizers = [
        TfidfVectorizer(analyzer=spec.analyzer(), sublinear_tf=True, dtype=np.float32)
        for spec in specs
    ]
    matrix = hstack(
        [v.fit_transform(texts) * spec.weight for spec, v in zip(specs, vectorizers, strict=True)]
    ).tocsr()
    return vectorizers, matrix


def _split_coef(vectorizers: Sequence[TfidfVectorizer], coef: np.ndarray) -> list[np.ndarray]:
    parts = []
    start = 0
    for vectorizer in vectorizers:
        size = len(vectorizer.vocabulary_)
        parts.append(np.ascontiguousarray(coef[:, start : start + size].T, dtype=np.float32))
        start += size
    return parts


def _blocks(
    specs: Sequence[BlockSpec], vectorizers: Sequence[TfidfVectorizer]
) -> list[FeatureBlock]:
    return [
        FeatureBlock(spec, {str(k): int(i) for k, i in v.vocabulary_.items()},
                     np.asarray(v.idf_, dtype=np.float32))
        for spec, v in zip(specs, vectorizers, strict=True)
    ]  # fmt: skip


def intent_training_set(examples: Sequence[Example]) -> tuple[list[str], list[str]]:
    """Normalised texts and labels, each (text, intent) pair once."""
    seen: set[tuple[str, str]] = set()
    texts: list[str] = []
    labels: list[str] = []
    for example in examples:
        key = nlu_text(example.text)
        if key and (key, example.intent) not in seen:
            seen.add((key, example.intent))
            texts.append(key)
            labels.append(example.intent)
    return texts, labels


def train_intent_model(examples: Sequence[Example]) -> LinearTextModel:
    return fit_intent_model(examples)[0]


def fit_intent_model(
    examples: Sequence[Example],
) -> tuple[LinearTextModel, list[TfidfVectorizer], CalibratedClassifierCV]:
    """The fast model and the scikit-learn objects it was read from (tests compare them)."""
    texts, labels = intent_training_set(examples)
    vectorizers, matrix = _fit_blocks(INTENT_BLOCKS, texts)
    calibrated = CalibratedClassifierCV(
        LinearSVC(C=SVM_C, class_weight=CLASS_WEIGHT),
        method="sigmoid",
        cv=CALIBRATION_FOLDS,
        ensemble=False,
    )
    calibrated.fit(matrix, labels)
    fitted = calibrated.calibrated_classifiers_[0]
    svm = fitted.estimator
    classes = [str(c) for c in calibrated.classes_]
    a = np.array([c.a_ for c in fitted.calibrators], dtype=np.float64)
    b = np.array([c.b_ for c in fitted.calibrators], dtype=np.float64)
    model = LinearTextModel(
        classes,
        _blocks(INTENT_BLOCKS, vectorizers),
        _split_coef(vectorizers, svm.coef_),
        np.asarray(svm.intercept_, dtype=np.float64),
        calibration="sigmoid",
        sigmoid_a=a,
        sigmoid_b=b,
    )
    return model, vectorizers, calibrated


def train_language_model(by_language: Mapping[str, Sequence[Example]]) -> LinearTextModel:
    seen: set[tuple[str, str]] = set()
    texts: list[str] = []
    labels: list[str] = []
    for language, examples in sorted(by_language.items()):
        for example in examples:
            key = language_text(example.text)
            if key and (key, language) not in seen:
                seen.add((key, language))
                texts.append(key)
                labels.append(language)
    vectorizers, matrix = _fit_blocks(LANGUAGE_BLOCKS, texts)
    model = MultinomialNB(alpha=LANGUAGE_ALPHA)
    model.fit(matrix, labels)
    return LinearTextModel(
        [str(c) for c in model.classes_],
        _blocks(LANGUAGE_BLOCKS, vectorizers),
        _split_coef(vectorizers, model.feature_log_prob_),
        np.asarray(model.class_log_prior_, dtype=np.float64),
        calibration="softmax",
    )

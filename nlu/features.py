"""Text features and a linear model that scores one message fast, without scikit-learn.

Training (`nlu.training`) fits scikit-learn's `TfidfVectorizer`s with *these* analyzers and a
linear classifier; what it learnt is kept here as plain arrays: a vocabulary per block, the
idf weights, one weight row per feature and class, the intercepts. Scoring one message is then
a few dictionary look-ups and a small gather-and-dot in numpy, the same arithmetic as
scikit-learn's `transform` + `decision_function` (sublinear tf, idf, l2 norm per block), at a
fraction of its per-call overhead (a test checks that both agree).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from nlu.cues import cue, cue_text
from nlu.normalize import skeleton, skeleton_text

FloatArray = npt.NDArray[np.float32]
IndexArray = npt.NDArray[np.intp]
Analyzer = Callable[[str], list[str]]
_NO_INDICES: IndexArray = np.zeros(0, dtype=np.intp)
_NO_WEIGHTS: FloatArray = np.zeros(0, dtype=np.float32)
#: Words whose known character n-grams are remembered per block (words repeat a lot).
WORD_CACHE_SIZE = 4096

_WORD = re.compile(r"\w+")


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries, as scikit-learn's `char_wb` analyzer makes
    them: each word padded with one space on both sides; a word shorter than n counts once."""
    grams: list[str] = []
    append = grams.append
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                append(padded)
                break
            for offset in range(size - n + 1):
                append(padded[offset : offset + n])
    return grams


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Word n-grams (every word counts, one-letter words and emoji tokens included)."""
    words = _WORD.findall(text)
    grams: list[str] = []
    for n in range(low, high + 1):
        for start in range(len(words) - n + 1):
            grams.append(" ".join(words[start : start + n]))
    return grams


#: Views of the normalised text a block can read: the text itself, or every word's consonant
#: skeleton (`nlu.normalize.skeleton`), which transliterations share with the native script,
#: or only its cue words' classes (`nlu.cues`: negation, leaving, joining, coming, stopping).
VIEWS: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
    "text": (lambda text: text, lambda word: word),
    "skeleton": (skeleton_text, skeleton),
    "cue": (cue_text, cue),
}


@dataclass(frozen=True, slots=True)
class BlockSpec:
    """How one feature block turns text into terms: `char_wb` or `word` n-grams of a view."""

    kind: str
    low: int
    high: int
    view: str = "text"
    #: The block's l2-normalised tf-idf vector is multiplied by this (its say in the score).
    weight: float = 1.0

    def analyzer(self) -> Analyzer:
        low, high = self.low, self.high
        view = VIEWS[self.view][0]
        if self.kind == "char_wb":
            return lambda text: char_wb_ngrams(view(text), low, high)
        if self.kind == "word":
            return lambda text: word_ngrams(view(text), low, high)
        raise ValueError(f"unknown feature kind {self.kind!r}")

    def as_text(self) -> str:
        """ "char_wb:2:5", or with a view and weight "char_wb:2:4:skeleton:0.5"."""
        if self.view == "text" and self.weight == 1.0:
            return f"{self.kind}:{self.low}:{self.high}"
        return f"{self.kind}:{self.low}:{self.high}:{self.view}:{self.weight!r}"

    @classmethod
    def from_text(cls, text: str) -> BlockSpec:
        kind, low, high, *rest = text.split(":")
        view = rest[0] if rest else "text"
        weight = float(rest[1]) if len(rest) > 1 else 1.0
        return cls(kind, int(low), int(high), view, weight)


class FeatureBlock:
    """One tf-idf block: sublinear tf × idf, l2-normalised, like `TfidfVectorizer`."""

    __slots__ = ("_analyze", "_word_terms", "idf", "spec", "vocabulary")

    def __init__(self, spec: BlockSpec, vocabulary: Mapping[str, int], idf: FloatArray) -> None:
        self.spec = spec
        self.vocabulary = vocabulary if isinstance(vocabulary, dict) else dict(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float32)
        self._analyze = spec.analyzer()
        self._word_terms = lru_cache(maxsize=WORD_CACHE_SIZE)(self._known_terms_of_word)

    def _known_terms_of_word(self, word: str) -> tuple[int, ...]:
        lookup = self.vocabulary.get
        word = VIEWS[self.spec.view][1](word)
        if not word:
            return ()
        found = (lookup(g) for g in char_wb_ngrams(word, self.spec.low, self.spec.high))
        return tuple(i for i in found if i is not None)

    def _counts(self, text: str) -> Counter[int]:
        if self.spec.kind == "char_wb":  # n-grams never cross words: count word by word
            counts: Counter[int] = Counter()
            for word in text.split():
                counts.update(self._word_terms(word))
            return counts
        lookup = self.vocabulary.get
        return Counter(i for i in map(lookup, self._analyze(text)) if i is not None)

    def transform(self, text: str) -> tuple[IndexArray, FloatArray]:
        """Indices and l2-normalised tf-idf weights of the known terms of `text`."""
        counts = self._counts(text)
        size = len(counts)
        if not size:
            return _NO_INDICES, _NO_WEIGHTS
        indices = np.fromiter(counts.keys(), dtype=np.intp, count=size)
        tf = np.fromiter(counts.values(), dtype=np.float32, count=size)
        weights = (np.log(tf) + np.float32(1.0)) * self.idf[indices]
        weights *= np.float32(self.spec.weight) / np.sqrt(weights @ weights)
        return indices, weights


class LinearTextModel:
    """Linear scores of the classes for one text, over one or more tf-idf blocks.

    `coef` holds, per block, a (features × classes) float32 matrix (rows are gathered);
    `intercept` one value per class. `calibration` turns scores into probabilities: "softmax"
    (multinomial logistic regression), or per-class sigmoids `1/(1+exp(a·s+b))` normalised
    to sum to one (Platt scaling, as scikit-learn's `CalibratedClassifierCV`).
    """

    def __init__(
        self,
        classes: Sequence[str],
        blocks: Sequence[FeatureBlock],
        coef: Sequence[FloatArray],
        intercept: FloatArray,
        calibration: str = "softmax",
        sigmoid_a: npt.ArrayLike | None = None,
        sigmoid_b: npt.ArrayLike | None = None,
    ) -> None:
        if len(blocks) != len(coef):
            raise ValueError("one weight matrix per feature block")
        self.classes = tuple(classes)
        self.blocks = tuple(blocks)
        self.coef = tuple(np.ascontiguousarray(c, dtype=np.float32) for c in coef)
        #: All blocks' rows stacked, so one gather and one product score a text.
        self._stacked = np.ascontiguousarray(np.vstack(self.coef), dtype=np.float32)
        self._offsets = np.cumsum([0] + [c.shape[0] for c in self.coef[:-1]]).tolist()
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.calibration = calibration
        n = len(self.classes)
        zeros = np.zeros(n, dtype=np.float64)
        self.sigmoid_a = zeros if sigmoid_a is None else np.asarray(sigmoid_a, dtype=np.float64)
        self.sigmoid_b = zeros if sigmoid_b is None else np.asarray(sigmoid_b, dtype=np.float64)

    def scores(self, text: str) -> npt.NDArray[np.float64]:
        """The decision function (one score per class)."""
        if len(self.blocks) == 1:
            indices, weights = self.blocks[0].transform(text)
        else:
            parts = [block.transform(text) for block in self.blocks]
            indices = np.concatenate(
                [i + offset for (i, _), offset in zip(parts, self._offsets, strict=True)]
            )
            weights = np.concatenate([w for _, w in parts])
        if not len(indices):
            return self.intercept.copy()
        gathered = self._stacked.take(indices, axis=0)
        return self.intercept + (weights @ gathered).astype(np.float64)

    def probabilities(self, text: str) -> npt.NDArray[np.float64]:
        return self.to_probabilities(self.scores(text))

    def to_probabilities(self, scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        if self.calibration == "softmax":
            exp = np.exp(scores - scores.max())
            return exp / exp.sum()  # type: ignore[no-any-return]
        if self.calibration == "sigmoid":
            raw: npt.NDArray[np.float64] = 1.0 / (
                1.0 + np.exp(self.sigmoid_a * scores + self.sigmoid_b)
            )
            total = float(raw.sum())
            if total > 0:
                return raw / total
            return np.full_like(raw, 1.0 / len(raw))
        raise ValueError(f"unknown calibration {self.calibration!r}")

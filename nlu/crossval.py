"""Cross-validation grouped by paraphrase family, so that a score measures generalisation to
new wordings rather than recall of a sentence's near twin.

Two granularities (`groups`):

* "sentence": the paraphrases of one sentence are one family: every two examples of an
  intent whose normalised texts are `SIMILAR` or more alike (rapidfuzz ratio, any language),
  or whose consonant skeletons are `SIMILAR_SKELETON` or more alike (the same words in
  Arabizi and Arabic script, Finglish and Persian, Latin and Cyrillic Ukrainian), transitively.
* "section": besides, every section marked `metadata: {family: NAME}` is one family (one
  request in several wordings, registers, dialects and scripts; sections of one name in
  several languages are one family too). Much stricter: a whole way of asking is then
  missing from training when it is tested.

Folds are `StratifiedGroupKFold`: a family lies wholly in one test fold. Needs scikit-learn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlu.dataset import Example
from nlu.evaluate import Scored, score
from nlu.models import NluModels
from nlu.normalize import nlu_text, skeleton_text
from nlu.parser import FALLBACK_THRESHOLD, NluParser

#: Normalised texts of one intent at least this similar (rapidfuzz ratio) are one family.
SIMILAR = 75
#: … and so are texts whose consonant skeletons are at least this similar.
SIMILAR_SKELETON = 85
GROUPINGS = ("sentence", "section")


def paraphrase_families(examples: Sequence[Example], groups: str = "section") -> list[int]:
    """A family number per example (the same number for paraphrases of one sentence; with
    `groups="section"` also for every marked section)."""
    from rapidfuzz import fuzz, process

    parent = list(range(len(examples)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    named: dict[tuple[str, str], int] = {}
    by_intent: dict[str, list[int]] = defaultdict(list)
    for i, example in enumerate(examples):
        by_intent[example.intent].append(i)
        if example.family is not None and groups == "section":
            union(i, named.setdefault((example.intent, example.family), i))
    for members in by_intent.values():
        keys = [nlu_text(examples[i].text) for i in members]
        for view, cutoff in (
            (keys, SIMILAR),
            ([skeleton_text(k) for k in keys], SIMILAR_SKELETON),
        ):
            similar = process.cdist(view, view, scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
            for row, column in zip(*np.nonzero(similar), strict=True):
                if row < column and view[row]:
                    union(members[row], members[column])
    return [find(i) for i in range(len(examples))]


def cross_validate(
    by_language: Mapping[str, Sequence[Example]],
    folds: int = 5,
    seed: int = 0,
    threshold: float = FALLBACK_THRESHOLD,
    groups: str = "sentence",
) -> dict[str, Any]:
    """Train on k-1 folds, parse the held-out fold as `NluParser` would (fallback included);
    the figures of `nlu.evaluate.score` over all folds, plus the family counts."""
    from sklearn.model_selection import StratifiedGroupKFold  # type: ignore[import-untyped]

    from nlu.training import fit_intent_model, train_language_model

    rows = [(language, e) for language in sorted(by_language) for e in by_language[language]]
    examples = [example for _, example in rows]
    if groups not in GROUPINGS:
        raise ValueError(f"groups must be one of {GROUPINGS}")
    families = paraphrase_families(examples, groups)
    labels = [example.intent for example in examples]
    language_model = train_language_model(by_language)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    scored: list[Scored] = []
    for fold, (train, test) in enumerate(splitter.split(examples, labels, families)):
        intent_model = fit_intent_model([examples[i] for i in train])[0]
        models = NluModels(intent_model, language_model, f"cv-{fold}", False, 0.0, 0.0, Path())
        parser = NluParser(models, threshold=threshold)
        for i in test:
            language, example = rows[i]
            scored.append((f"fold {fold}", language, example, parser.parse(example.text)))
    result = score(scored)
    sizes = np.bincount(np.unique(families, return_inverse=True)[1])
    result["families"] = {"groups": groups, "count": len(sizes), "largest": int(sizes.max()),
                          "singletons": int((sizes == 1).sum()), "folds": folds}  # fmt: skip
    return result

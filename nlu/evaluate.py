"""Scoring a parser on Rasa-format NLU files (held-out test sets): accuracy overall, per file
and per intent, the most frequent confusions, and how many out-of-scope messages fell back."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from nlu.dataset import Example, language_of, read_nlu_file
from nlu.intents import NLU_FALLBACK, OUT_OF_SCOPE
from nlu.parser import ParseResult

Parse = Callable[[str, str | None], ParseResult]


def _expected(example: Example) -> str:
    return NLU_FALLBACK if example.intent == OUT_OF_SCOPE else example.intent


def evaluate_files(
    parse: Parse, files: Iterable[Path], use_language_hint: bool = False
) -> dict[str, Any]:
    """`{accuracy, per_file, per_intent, confusions, in_scope_accuracy, fallback_rate,
    per_language}`; with `use_language_hint` each message gets its file's language as hint."""
    total = correct = 0
    per_file: dict[str, float] = {}
    per_intent: dict[str, Counter[str]] = defaultdict(Counter)
    per_language: dict[str, Counter[str]] = defaultdict(Counter)
    confusions: Counter[tuple[str, str]] = Counter()
    samples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in files:
        examples = read_nlu_file(path)
        language = language_of(path)
        hits = 0
        for example in examples:
            expected = _expected(example)
            result = parse(example.text, language if use_language_hint else None)
            ok = result.intent == expected
            hits += ok
            per_intent[expected]["total"] += 1
            per_intent[expected]["correct"] += ok
            counts = per_language[language]
            if expected == NLU_FALLBACK:
                counts["oos_total"] += 1
                counts["oos_fallback"] += ok
            else:
                counts["in_total"] += 1
                counts["in_correct"] += ok
            counts["language_ok"] += result.language == language
            if not ok:
                confusions[(expected, result.intent)] += 1
                if len(samples[(expected, result.intent)]) < 3:
                    samples[(expected, result.intent)].append(example.text)
        per_file[str(path)] = _ratio(hits, len(examples))
        total += len(examples)
        correct += hits
    in_total = sum(c["in_total"] for c in per_language.values())
    in_correct = sum(c["in_correct"] for c in per_language.values())
    oos_total = sum(c["oos_total"] for c in per_language.values())
    oos_fallback = sum(c["oos_fallback"] for c in per_language.values())
    return {
        "accuracy": _ratio(correct, total),
        "examples": total,
        "per_file": per_file,
        "per_intent": {
            intent: {"accuracy": _ratio(c["correct"], c["total"]), "support": c["total"]}
            for intent, c in sorted(per_intent.items())
        },
        "confusions": [
            {"expected": e, "predicted": p, "count": n, "examples": samples[(e, p)]}
            for (e, p), n in confusions.most_common()
        ],
        "in_scope_accuracy": _ratio(in_correct, in_total),
        "fallback_rate": _ratio(oos_fallback, oos_total),
        "per_language": {
            language: {
                "in_scope_accuracy": _ratio(c["in_correct"], c["in_total"]),
                "fallback_rate": _ratio(c["oos_fallback"], c["oos_total"]),
                "language_accuracy": _ratio(c["language_ok"], c["in_total"] + c["oos_total"]),
            }
            for language, c in sorted(per_language.items())
        },
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0

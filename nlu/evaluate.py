"""Scoring a parser on Rasa-format NLU files (held-out test sets): accuracy overall, per file
and per intent, the most frequent confusions, and how many out-of-scope messages fell back.

    python -m nlu.evaluate nlu/tests_data/*.yml nlu/tests_data/hard/*.yml
    python -m nlu.evaluate --cv [--folds 5] [--groups sentence|section]   # grouped CV

Both print one JSON document (`josoor nlu test FILE…` prints the same for files, with the demo
communities' city entities); `--summary` prints a table per language instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from nlu.dataset import Example, language_of, read_nlu_file
from nlu.intents import NLU_FALLBACK, OUT_OF_SCOPE
from nlu.parser import ParseResult

Parse = Callable[[str, str | None], ParseResult]
#: How many (expected → predicted) pairs each language lists.
TOP_CONFUSIONS = 6
#: One scored message: (file or fold, language, the example, what the parser said).
Scored = tuple[str, str, Example, ParseResult]


#: Languages written in another script, whose Latin-letter messages are transliterations.
_NON_LATIN = frozenset({"ar", "fa", "uk"})


def _transliterated(language: str, text: str) -> bool:
    """Arabizi, Finglish or Latin-script Ukrainian: letters, all of them Latin."""
    letters = [c for c in text if c.isalpha()]
    return language in _NON_LATIN and bool(letters) and all(c.isascii() for c in letters)


def _expected(example: Example) -> str:
    return NLU_FALLBACK if example.intent == OUT_OF_SCOPE else example.intent


def evaluate_files(
    parse: Parse, files: Iterable[Path], use_language_hint: bool = False
) -> dict[str, Any]:
    """`{accuracy, per_file, per_intent, confusions, in_scope_accuracy, fallback_rate,
    per_language}`; with `use_language_hint` each message gets its file's language as hint."""
    rows: list[Scored] = []
    for path in files:
        language = language_of(path)
        for example in read_nlu_file(path):
            hint = language if use_language_hint else None
            rows.append((str(path), language, example, parse(example.text, hint)))
    return score(rows)


def score(rows: Sequence[Scored]) -> dict[str, Any]:
    """The figures of `evaluate_files` for messages already parsed."""
    per_file: dict[str, Counter[str]] = defaultdict(Counter)
    per_intent: dict[str, Counter[str]] = defaultdict(Counter)
    per_language: dict[str, Counter[str]] = defaultdict(Counter)
    confusions: Counter[tuple[str, str]] = Counter()
    confused_in: dict[str, Counter[str]] = defaultdict(Counter)
    samples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source, language, example, result in rows:
        expected = _expected(example)
        ok = result.intent == expected
        per_file[source]["total"] += 1
        per_file[source]["correct"] += ok
        per_intent[expected]["total"] += 1
        per_intent[expected]["correct"] += ok
        counts = per_language[language]
        kind = "oos" if expected == NLU_FALLBACK else "in"
        counts[f"{kind}_total"] += 1
        counts[f"{kind}_correct"] += ok
        counts["language_ok"] += result.language == language
        if kind == "in" and _transliterated(language, example.text):
            counts["latin_total"] += 1
            counts["latin_correct"] += ok
        if not ok:
            confusions[(expected, result.intent)] += 1
            confused_in[language][f"{expected} → {result.intent}"] += 1
            if len(samples[(expected, result.intent)]) < 3:
                samples[(expected, result.intent)].append(example.text)
    totals = Counter[str]()
    for counts in per_language.values():
        totals.update(counts)
    return {
        "accuracy": _ratio(totals["in_correct"] + totals["oos_correct"],
                           totals["in_total"] + totals["oos_total"]),
        "examples": len(rows),
        "per_file": {f: _ratio(c["correct"], c["total"]) for f, c in per_file.items()},
        "per_intent": {
            intent: {"accuracy": _ratio(c["correct"], c["total"]), "support": c["total"]}
            for intent, c in sorted(per_intent.items())
        },
        "confusions": [
            {"expected": e, "predicted": p, "count": n, "examples": samples[(e, p)]}
            for (e, p), n in confusions.most_common()
        ],
        "in_scope_accuracy": _ratio(totals["in_correct"], totals["in_total"]),
        "transliterated": {
            "accuracy": _ratio(totals["latin_correct"], totals["latin_total"]),
            "support": totals["latin_total"],
        },
        "fallback_rate": _ratio(totals["oos_correct"], totals["oos_total"]),
        "per_language": {
            language: {
                "in_scope_accuracy": _ratio(c["in_correct"], c["in_total"]),
                "fallback_rate": _ratio(c["oos_correct"], c["oos_total"]),
                "language_accuracy": _ratio(c["language_ok"], c["in_total"] + c["oos_total"]),
                "top_confusions": dict(confused_in[language].most_common(TOP_CONFUSIONS)),
            }
            for language, c in sorted(per_language.items())
        },
    }  # fmt: skip


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def summary_table(result: dict[str, Any]) -> str:
    """Per language: in-scope accuracy, out-of-scope → fallback, language identified."""
    lines = [f"{'language':<10}{'in scope':>10}{'fallback':>10}{'language':>10}"]
    for language, figures in result["per_language"].items():
        lines.append(
            f"{language:<10}{figures['in_scope_accuracy']:>10.1%}"
            f"{figures['fallback_rate']:>10.1%}{figures['language_accuracy']:>10.1%}"
        )
    lines.append(
        f"{'all':<10}{result['in_scope_accuracy']:>10.1%}{result['fallback_rate']:>10.1%}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(prog="python -m nlu.evaluate", description=__doc__)
    options.add_argument("files", nargs="*", type=Path, help="Rasa NLU files to score")
    options.add_argument("--cv", action="store_true", help="grouped cross-validation instead")
    options.add_argument("--folds", type=int, default=5)
    options.add_argument(
        "--groups",
        choices=("sentence", "section"),
        default="sentence",
        help="cv families: paraphrases of one sentence, or whole marked sections",
    )
    options.add_argument("--data-dir", type=Path, help="training data (default: nlu/data)")
    options.add_argument("--cache-dir", type=Path, help="NLU model cache directory")
    options.add_argument("--summary", action="store_true", help="a table instead of JSON")
    args = options.parse_args(argv)
    if args.cv == bool(args.files):
        options.error("give either files to score or --cv")
    if args.cv:
        from nlu.crossval import cross_validate
        from nlu.dataset import DATA_DIR, data_files, read_languages

        by_language = read_languages(data_files(args.data_dir or DATA_DIR))
        result = cross_validate(by_language, folds=args.folds, groups=args.groups)
    else:
        from nlu.parser import NluParser

        parser = NluParser.load(cache_dir=args.cache_dir, data_dir=args.data_dir)
        result = evaluate_files(parser.parse, args.files)
    as_json = json.dumps(result, ensure_ascii=False, indent=1)
    text = summary_table(result) if args.summary else as_json
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`josoor nlu parse "TEXT" [--lang xx]` and `josoor nlu test FILE...`.

Wiring (bot/cli.py): `add_nlu_commands(commands)` in `_parser()`, and in `_dispatch`:
`if args.command == "nlu": return await run_nlu_command(args)`.

City entities are looked up among the six demo communities
(bot/core/communities/demo_communities.yaml; ids are their positions there, 1–6, and each
entity also names the slug); the database is not touched. Models come from the NLU cache
(`$JOSOOR_DATA_DIR/nlu-cache` or `~/.cache/josoor/nlu`, or `--cache-dir`), trained first
when the data changed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from nlu.dataset import NluDataError
from nlu.intents import LANGUAGES

DEMO_COMMUNITIES = Path(__file__).resolve().parent / "core/communities/demo_communities.yaml"


def add_nlu_commands(subparsers: Any) -> None:
    """Add `nlu parse` and `nlu test` to the `josoor` sub-commands."""
    nlu = subparsers.add_parser("nlu", help="free-text understanding: parse or test")
    actions = nlu.add_subparsers(dest="nlu_command", required=True, metavar="ACTION")
    parse = actions.add_parser("parse", help="print intent, confidence, language and entities")
    parse.add_argument("text", help="the message, e.g. 'ich wohne in Wien'")
    parse.add_argument("--lang", choices=LANGUAGES, help="language hint (the member's language)")
    parse.add_argument("--cache-dir", type=Path, help="NLU model cache directory")
    test = actions.add_parser("test", help="accuracy on Rasa-format NLU YAML files")
    test.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="e.g. nlu/tests_data/*.yml"
    )
    test.add_argument(
        "--lang-hint", action="store_true", help="give each message its file's language as hint"
    )
    test.add_argument("--cache-dir", type=Path, help="NLU model cache directory")


def demo_communities() -> tuple[list[tuple[int, list[str]]], dict[int, str]]:
    """(id, names) of the demo communities, and their slugs by id."""
    rows = yaml.safe_load(DEMO_COMMUNITIES.read_text(encoding="utf-8")) or []
    communities: list[tuple[int, list[str]]] = []
    slugs: dict[int, str] = {}
    for position, row in enumerate(rows, start=1):
        names = [*row.get("names", {}).values(), *row.get("aliases", []), row["slug"]]
        communities.append((position, [str(n) for n in names]))
        slugs[position] = str(row["slug"])
    return communities, slugs


async def run_nlu_command(args: argparse.Namespace) -> int:
    """Run `nlu parse` / `nlu test`; prints one JSON document on stdout."""
    from nlu.parser import NluParser

    communities, slugs = demo_communities()
    try:
        parser = await asyncio.to_thread(NluParser.load, communities, cache_dir=args.cache_dir)
    except (OSError, NluDataError) as error:
        sys.stderr.write(f"josoor: cannot load the NLU models: {error}\n")
        return 1
    if args.nlu_command == "parse":
        result = parser.parse(args.text, args.lang)
        document: dict[str, Any] = {
            "intent": result.intent,
            "confidence": round(result.confidence, 4),
            "language": result.language,
            "entities": [
                {**entity, "community": slugs.get(entity["community_id"])}
                for entity in result.entities
            ],
            "ranking": result.as_dict()["ranking"],
        }
    else:
        from nlu.evaluate import evaluate_files

        missing = [str(f) for f in args.files if not f.is_file()]
        if missing:
            sys.stderr.write(f"josoor: no such file: {', '.join(missing)}\n")
            return 2
        try:
            document = evaluate_files(parser.parse, args.files, use_language_hint=args.lang_hint)
        except NluDataError as error:
            sys.stderr.write(f"josoor: {error}\n")
            return 2
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return 0

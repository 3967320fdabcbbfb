"""`josoor nlu parse` and `josoor nlu test`, called through `bot/cli_nlu.py`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from bot.cli_nlu import add_nlu_commands, run_nlu_command
from nlu.dataset import TESTS_DATA_DIR
from nlu.parser import NluParser


def parse_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="josoor")
    add_nlu_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(list(argv))


@pytest.mark.usefixtures("parser")
async def test_parse(capsys: pytest.CaptureFixture[str], nlu_cache_dir: Path) -> None:
    args = parse_args("nlu", "parse", "ich wohne in Wien", "--lang", "de",
                      "--cache-dir", str(nlu_cache_dir))  # fmt: skip
    assert await run_nlu_command(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert {"intent", "confidence", "language", "entities"} <= set(document)
    assert document["intent"] == "find_community"
    assert document["language"] == "de"
    assert 0 < document["confidence"] <= 1
    (entity,) = document["entities"]
    assert entity["value"] == "Wien" and entity["community"] == "vienna"
    assert {"entity", "value", "community_id", "start", "end"} <= set(entity)


@pytest.mark.usefixtures("parser")
async def test_test_command(capsys: pytest.CaptureFixture[str], nlu_cache_dir: Path) -> None:
    files = [str(TESTS_DATA_DIR / "de.yml"), str(TESTS_DATA_DIR / "fa.yml")]
    args = parse_args("nlu", "test", *files, "--cache-dir", str(nlu_cache_dir))
    assert await run_nlu_command(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert {"accuracy", "per_file", "per_intent", "confusions"} <= set(document)
    assert set(document["per_file"]) == set(files)
    assert 0.0 <= document["accuracy"] <= 1.0
    assert "nlu_fallback" in document["per_intent"]
    for confusion in document["confusions"]:
        assert {"expected", "predicted", "count"} <= set(confusion)


async def test_test_command_with_a_missing_file(
    capsys: pytest.CaptureFixture[str], nlu_cache_dir: Path, parser: NluParser
) -> None:
    args = parse_args("nlu", "test", "/nonexistent.yml", "--cache-dir", str(nlu_cache_dir))
    assert await run_nlu_command(args) == 2
    assert "no such file" in capsys.readouterr().err


async def test_test_command_with_a_bad_file(
    capsys: pytest.CaptureFixture[str], nlu_cache_dir: Path, tmp_path: Path, parser: NluParser
) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("just: [a, list", encoding="utf-8")
    args = parse_args("nlu", "test", str(bad), "--cache-dir", str(nlu_cache_dir))
    assert await run_nlu_command(args) == 2
    assert capsys.readouterr().err.startswith("josoor:")


def test_wrong_language_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args("nlu", "parse", "hi", "--lang", "xx")
    assert exit_info.value.code == 2

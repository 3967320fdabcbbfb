"""NLU fixtures: the models are trained once per test session into a temporary cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli_nlu import demo_communities
from nlu.parser import NluParser


@pytest.fixture(scope="session")
def nlu_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nlu-cache")


@pytest.fixture(scope="session")
def communities() -> list[tuple[int, list[str]]]:
    return demo_communities()[0]


@pytest.fixture(scope="session")
def parser(nlu_cache_dir: Path, communities: list[tuple[int, list[str]]]) -> NluParser:
    return NluParser.load(communities, cache_dir=nlu_cache_dir)


@pytest.fixture(scope="session")
def slugs() -> dict[int, str]:
    return demo_communities()[1]

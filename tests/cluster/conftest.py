"""The cluster tests need PostgreSQL (TEST_DATABASE_URL): several workers share one database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Core
from tests.cluster.harness import fresh_database, seeding

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture
async def cluster_database() -> AsyncIterator[str]:
    """A fresh database of its own."""
    if POSTGRES_URL is None:
        pytest.skip("several workers need PostgreSQL: set TEST_DATABASE_URL")
    async with fresh_database(POSTGRES_URL) as url:
        yield url


@pytest.fixture
async def seeding_core(cluster_database: str, tmp_path: Path) -> AsyncIterator[Core]:
    """The core in the test process: it migrates, seeds members and queues work; it sends
    nothing (no channel, no jobs): the workers do."""
    core = await seeding(cluster_database, tmp_path / "seed")
    yield core
    await core.close()

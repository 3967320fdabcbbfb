"""The cluster tests need PostgreSQL (TEST_DATABASE_URL): several workers share one database."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.app import Core, build_core
from bot.config import NluConfig, Settings, StorageSettings

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture
def cluster_database() -> Iterator[str]:
    """A fresh database of its own (the workers migrate it as they start)."""
    if POSTGRES_URL is None:
        pytest.skip("several workers need PostgreSQL: set TEST_DATABASE_URL")
    admin = make_url(POSTGRES_URL).set(drivername="postgresql")
    name = f"josoor_cluster_{os.getpid()}_{uuid.uuid4().hex[:6]}"

    async def execute(statement: str) -> None:
        connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(drivername="postgresql+asyncpg", database=name)
    yield url.render_as_string(hide_password=False)
    asyncio.run(execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def seeding_core(cluster_database: str, tmp_path: Path) -> AsyncIterator[Core]:
    """The core in the test process: it migrates, seeds members and queues work; it sends
    nothing (no channel, no jobs): the workers do."""
    settings = Settings(
        storage=StorageSettings(
            data_dir=tmp_path / "seed", database_url=SecretStr(cluster_database)
        ),
        nlu=NluConfig(backend="rasa", rasa_url="http://127.0.0.1:9"),
    )
    core = await build_core(settings)
    yield core
    await core.close()

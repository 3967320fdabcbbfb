"""Shared fixtures: real databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is set).

Every test that uses `core` runs once per database. The schema is created by the real
Alembic migrations once per session; each test then starts from an empty database with the
demo communities seeded.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.app import Core, build_core, start_understanding
from bot.channels.memory import MemoryMember
from bot.config import NluConfig, Settings, StorageSettings
from bot.core.common.clock import FrozenClock
from bot.storage.common.tables import Base
from bot.storage.database import create_engine
from bot.storage.migrate import upgrade_blocking

# Hypothesis: bounded so the suite stays fast (no deadline: a turn touches the database);
# CI derandomizes (the same examples on every run) and keeps no example database.
_QUICK = {"max_examples": 12, "stateful_step_count": 20, "deadline": None,
          "suppress_health_check": [HealthCheck.too_slow]}  # fmt: skip
hypothesis_settings.register_profile("dev", **_QUICK)
hypothesis_settings.register_profile("ci", **_QUICK, derandomize=True, database=None)
hypothesis_settings.register_profile(
    "thorough", max_examples=300, stateful_step_count=50, deadline=None
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "josoor.sqlite3"
    upgrade_blocking(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    assert POSTGRES_URL is not None
    admin = make_url(POSTGRES_URL).set(drivername="postgresql")
    name = f"josoor_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"

    async def execute(statement: str) -> None:
        connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(drivername="postgresql+asyncpg", database=name)
    rendered = url.render_as_string(hide_password=False)
    upgrade_blocking(rendered)
    yield rendered
    asyncio.run(execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        target = tmp_path / "josoor.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite+aiosqlite:///{target}"
    url: str = request.getfixturevalue("postgres_database")
    asyncio.run(_truncate(url))
    return url


async def _truncate(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture(scope="session")
def nlu_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trained NLU models, shared by the whole session (training takes a few seconds)."""
    return tmp_path_factory.mktemp("nlu-cache")


@pytest.fixture
def settings(database_url: str, tmp_path: Path, nlu_cache: Path) -> Settings:
    return Settings(
        storage=StorageSettings(data_dir=tmp_path, database_url=SecretStr(database_url)),
        nlu=NluConfig(cache_dir=nlu_cache),
    )


@pytest.fixture
async def core(settings: Settings, clock: FrozenClock) -> AsyncIterator[Core]:
    built = await build_core(settings, clock=clock, migrate=False)
    await start_understanding(built)
    assert await built.understanding.ready()
    yield built
    await built.close()


@pytest.fixture
def member_factory(core: Core) -> object:
    counter = iter(range(10_000, 99_999))

    def make(locale_hint: str | None = "en", name: str | None = "Sam") -> MemoryMember:
        return MemoryMember(
            core.service, str(next(counter)), locale_hint=locale_hint, profile_name=name
        )

    return make

"""Start-up with several workers on one PostgreSQL database: they migrate once (two at once
both succeed), and Telegram long polling refuses to run twice with a clear message."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url

from bot.config import Settings, StorageSettings, TelegramSettings
from bot.runner import RunRefused, _polling_lock
from bot.storage.migrate import current_revision, head_revision, upgrade
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(POSTGRES_URL is None, reason="needs TEST_DATABASE_URL")


@pytest.fixture
async def fresh_database() -> AsyncIterator[str]:
    assert POSTGRES_URL is not None
    admin = make_url(POSTGRES_URL).set(drivername="postgresql")
    name = f"josoor_start_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield admin.set(database=name).render_as_string(hide_password=False)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def test_two_workers_migrating_a_fresh_database_at_once_both_succeed(
    fresh_database: str,
) -> None:
    await asyncio.wait_for(asyncio.gather(upgrade(fresh_database), upgrade(fresh_database)), 120)
    assert await current_revision(fresh_database) == head_revision()


async def test_telegram_polling_refuses_to_run_twice_on_one_database(
    fresh_database: str,
) -> None:
    settings = Settings(
        storage=StorageSettings(database_url=SecretStr(fresh_database)),
        telegram=TelegramSettings(token=SecretStr("123:abc"), mode="polling"),
    )
    first = await _polling_lock(settings)
    assert first is not None
    try:
        with pytest.raises(RunRefused, match="webhook mode"):
            await _polling_lock(settings)
    finally:
        await first.release()
    again = await _polling_lock(settings)  # released: the next worker may poll
    assert again is not None
    await again.release()

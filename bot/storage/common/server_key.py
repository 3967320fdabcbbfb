"""The server's secret key: from JOSOOR_HMAC_KEY, else made on first run and kept in the
database, so that every worker on one PostgreSQL database (and a restored backup) uses the
same key without anyone copying it around.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.common.repository import SqlRepository
from bot.storage.common.tables import ServerSecretRow

NAME = "hmac"


async def server_key(engine: AsyncEngine, configured: str | None = None) -> bytes:
    """The configured key, or the stored one (made now if the database has none yet)."""
    if configured:
        return configured.encode()
    async with engine.begin() as connection:
        # Workers starting at once: the first insert wins, everyone reads the winner's key.
        session_insert = SqlRepository.insert_for(connection.dialect.name)
        await connection.execute(
            session_insert(ServerSecretRow)
            .values(name=NAME, value=secrets.token_urlsafe(48), created_at=datetime.now(UTC))
            .on_conflict_do_nothing()
        )
        stored = await connection.scalar(
            select(ServerSecretRow.value).where(ServerSecretRow.name == NAME)
        )
    assert stored is not None
    return str(stored).encode()

"""Platform event ids already handled, so a redelivery is answered once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.common.repository import SqlRepository
from bot.storage.members.tables import (
    ProcessedEventRow,
)


class SqlProcessedEventRepository(SqlRepository):
    async def claim(self, channel: str, key: str, now: datetime) -> bool:
        values = {"channel": channel, "key": key, "processed_at": now}
        dialect = self._session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(ProcessedEventRow).values(**values).on_conflict_do_nothing()
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_older_than(self, cutoff: datetime) -> int:
        result = await self._session.execute(
            delete(ProcessedEventRow).where(ProcessedEventRow.processed_at < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

"""Platform event ids already handled, so a redelivery is answered once: stored as keyed
hashes (a WhatsApp message id encodes the sender's phone number), with the member who sent
them so that /forget erases them too."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.common.keyed_hash import KeyedHash
from bot.storage.common.repository import SqlRepository
from bot.storage.members.tables import (
    ProcessedEventRow,
)


class SqlProcessedEventRepository(SqlRepository):
    def __init__(self, session: AsyncSession, keyed_hash: KeyedHash) -> None:
        super().__init__(session)
        self._hash = keyed_hash

    async def claim(
        self, channel: str, key: str, now: datetime, member_id: int | None = None
    ) -> bool:
        values = {
            "channel": channel,
            "key": self._hash("event", f"{channel}:{key}"),
            "member_id": member_id,
            "processed_at": now,
        }
        statement = self._insert()(ProcessedEventRow).values(**values).on_conflict_do_nothing()
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_older_than(self, cutoff: datetime) -> int:
        result = await self._session.execute(
            delete(ProcessedEventRow).where(ProcessedEventRow.processed_at < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

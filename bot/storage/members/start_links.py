"""Deep-link payloads parked before consent under a random nonce that names nobody."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete

from bot.storage.common.repository import SqlRepository
from bot.storage.members.tables import (
    StartLinkRow,
)


class SqlStartLinkRepository(SqlRepository):
    async def park(self, payload: str, now: datetime) -> str:
        nonce = secrets.token_urlsafe(12)
        self._session.add(StartLinkRow(nonce=nonce, payload=payload, created_at=now))
        await self._session.flush()
        return nonce

    async def take(self, nonce: str) -> str | None:
        row = await self._session.get(StartLinkRow, nonce)
        if row is None:
            return None
        await self._session.delete(row)
        await self._session.flush()
        return row.payload

    async def purge_older_than(self, cutoff: datetime) -> int:
        result = await self._session.execute(
            delete(StartLinkRow).where(StartLinkRow.created_at < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

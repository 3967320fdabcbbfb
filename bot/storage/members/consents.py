"""Consents a member gave, with the version of the text they agreed to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bot.core.members.domain import (
    Consent,
    ConsentKind,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.members.tables import (
    ConsentRow,
)


class SqlConsentRepository(SqlRepository):
    async def of_member(self, member_id: int) -> Sequence[Consent]:
        rows = await self._session.scalars(
            select(ConsentRow).where(ConsentRow.member_id == member_id).order_by(ConsentRow.id)
        )
        return [
            Consent(row.member_id, ConsentKind(row.kind), row.version, row.given_at)
            for row in rows
        ]

    async def record(
        self, member_id: int, kind: ConsentKind, version: int, now: datetime
    ) -> Consent:
        self._session.add(
            ConsentRow(member_id=member_id, kind=kind.value, version=version, given_at=now)
        )
        await self._session.flush()
        return Consent(member_id, kind, version, now)

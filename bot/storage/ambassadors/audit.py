"""The audit log: every administrative action, who did it and when (ids, never texts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.core.ambassadors.domain import AuditAction, AuditEntry
from bot.storage.ambassadors.tables import (
    AuditRow,
)
from bot.storage.common.repository import SqlRepository


class SqlAuditRepository(SqlRepository):
    async def record(
        self,
        action: AuditAction,
        now: datetime,
        *,
        community_id: int | None = None,
        actor_id: int | None = None,
        target_id: int | None = None,
        subject_id: int | None = None,
    ) -> None:
        self._session.add(
            AuditRow(
                community_id=community_id,
                actor_id=actor_id,
                action=action.value,
                target_id=target_id,
                subject_id=subject_id,
                in_chat=actor_id is not None,
                at=now,
            )
        )
        await self._session.flush()

    async def of_community(
        self, community_id: int, *, limit: int = 50, offset: int = 0
    ) -> Sequence[AuditEntry]:
        rows = await self._session.scalars(
            select(AuditRow)
            .where(AuditRow.community_id == community_id)
            .order_by(AuditRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            AuditEntry(
                id=row.id,
                community_id=row.community_id,
                actor_id=row.actor_id,
                action=AuditAction(row.action),
                at=row.at,
                target_id=row.target_id,
                subject_id=row.subject_id,
            )
            for row in rows
        ]

    async def appointed_in_chat(self, community_id: int, member_id: int) -> bool:
        latest = await self._session.scalar(
            select(AuditRow)
            .where(
                AuditRow.community_id == community_id,
                AuditRow.target_id == member_id,
                AuditRow.action.in_(
                    [AuditAction.APPOINTED.value, AuditAction.AMBASSADOR_ADDED.value]
                ),
            )
            .order_by(AuditRow.id.desc())
            .limit(1)
        )
        return latest is not None and latest.in_chat

    async def count_of_community(self, community_id: int) -> int:
        found = await self._session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.community_id == community_id)
        )
        return int(found or 0)

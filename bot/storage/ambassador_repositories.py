"""Repositories of the ambassador tools: invite links, the audit log, community groups.

Broadcasts and figures live in their own modules (`broadcast_repositories`,
`stats_repositories`) and are re-exported here for the unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.ambassadors.domain import AuditAction, AuditEntry, CommunityGroup, Invite
from bot.core.common.domain import Channel, ChannelAddress
from bot.storage.broadcast_repositories import SqlBroadcastRepository
from bot.storage.stats_repositories import SqlStatsRepository
from bot.storage.tables_ambassadors import (
    AuditRow,
    CommunityGroupRow,
    GroupGreetingRow,
    InviteJoinRow,
    InviteRow,
)

__all__ = [
    "SqlAuditRepository",
    "SqlBroadcastRepository",
    "SqlGroupRepository",
    "SqlInviteRepository",
    "SqlStatsRepository",
]


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Callable[[Any], Any]:
        dialect = self._session.get_bind().dialect.name
        return pg_insert if dialect == "postgresql" else sqlite_insert


class SqlInviteRepository(_Repository):
    async def add(
        self,
        token: str,
        community_id: int,
        created_by: int,
        now: datetime,
        expires_at: datetime | None,
        max_uses: int | None,
    ) -> Invite:
        row = InviteRow(
            token=token,
            community_id=community_id,
            created_by=created_by,
            created_at=now,
            expires_at=expires_at,
            max_uses=max_uses,
        )
        self._session.add(row)
        await self._session.flush()
        return _invite(row, 0)

    async def by_token(self, token: str, *, lock: bool = False) -> Invite | None:
        statement = select(InviteRow).where(InviteRow.token == token)
        if lock and self._session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        if row is None:
            return None
        return _invite(row, (await self._uses([row.id])).get(row.id, 0))

    async def of_community(self, community_id: int, *, limit: int = 10) -> Sequence[Invite]:
        rows = list(
            await self._session.scalars(
                select(InviteRow)
                .where(InviteRow.community_id == community_id)
                .order_by(InviteRow.id.desc())
                .limit(limit)
            )
        )
        uses = await self._uses([row.id for row in rows])
        return [_invite(row, uses.get(row.id, 0)) for row in rows]

    async def record_join(self, invite_id: int, member_id: int, now: datetime) -> None:
        await self._session.execute(
            self._insert()(InviteJoinRow)
            .values(invite_id=invite_id, member_id=member_id, joined_at=now)
            .on_conflict_do_nothing()
        )

    async def referrers(self, member_ids: Sequence[int]) -> dict[int, int | None]:
        if not member_ids:
            return {}
        rows = await self._session.execute(
            select(InviteJoinRow.member_id, InviteRow.created_by)
            .join(InviteRow, InviteRow.id == InviteJoinRow.invite_id)
            .where(InviteJoinRow.member_id.in_(list(member_ids)))
        )
        return {member_id: created_by for member_id, created_by in rows}

    async def _uses(self, invite_ids: Sequence[int]) -> dict[int, int]:
        if not invite_ids:
            return {}
        rows = await self._session.execute(
            select(InviteJoinRow.invite_id, func.count())
            .where(InviteJoinRow.invite_id.in_(list(invite_ids)))
            .group_by(InviteJoinRow.invite_id)
        )
        return {invite_id: int(count) for invite_id, count in rows}


def _invite(row: InviteRow, uses: int) -> Invite:
    return Invite(
        id=row.id,
        token=row.token,
        community_id=row.community_id,
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        max_uses=row.max_uses,
        uses=uses,
    )


class SqlAuditRepository(_Repository):
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

    async def of_community(self, community_id: int, *, limit: int = 50) -> Sequence[AuditEntry]:
        rows = await self._session.scalars(
            select(AuditRow)
            .where(AuditRow.community_id == community_id)
            .order_by(AuditRow.id.desc())
            .limit(limit)
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


class SqlGroupRepository(_Repository):
    async def by_chat(self, chat: ChannelAddress) -> CommunityGroup | None:
        row = await self._session.scalar(
            select(CommunityGroupRow).where(
                CommunityGroupRow.channel == chat.channel.value,
                CommunityGroupRow.chat_id == chat.external_id,
            )
        )
        return _group(row) if row is not None else None

    async def link(
        self, community_id: int, chat: ChannelAddress, linked_by: int, now: datetime
    ) -> CommunityGroup:
        row = CommunityGroupRow(
            community_id=community_id,
            channel=chat.channel.value,
            chat_id=chat.external_id,
            linked_by=linked_by,
            linked_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _group(row)

    async def greet_once(self, group_id: int, member_id: int, now: datetime) -> bool:
        result = await self._session.execute(
            self._insert()(GroupGreetingRow)
            .values(group_id=group_id, member_id=member_id, greeted_at=now)
            .on_conflict_do_nothing()
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _group(row: CommunityGroupRow) -> CommunityGroup:
    return CommunityGroup(
        id=row.id,
        community_id=row.community_id,
        chat=ChannelAddress(Channel(row.channel), row.chat_id),
        linked_by=row.linked_by,
        linked_at=row.linked_at,
    )

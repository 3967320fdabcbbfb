"""Invite links and who joined through which. SQL in, domain objects out; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.core.ambassadors.domain import Invite
from bot.storage.ambassadors.tables import (
    InviteJoinRow,
    InviteRow,
)
from bot.storage.common.repository import SqlRepository


class SqlInviteRepository(SqlRepository):
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

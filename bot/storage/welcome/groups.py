"""Welcome Groups and their members, in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.core.welcome.domain import (
    GroupMembership,
    GroupRole,
    WelcomeGroup,
)
from bot.storage.common.repository import CHUNK, SqlRepository
from bot.storage.welcome.tables import (
    WelcomeGroupMemberRow,
    WelcomeGroupRow,
)


def _group(row: WelcomeGroupRow, member_count: int) -> WelcomeGroup:
    return WelcomeGroup(
        id=row.id,
        community_id=row.community_id,
        name=row.name,
        languages=tuple(row.languages),
        interests=tuple(row.interests),
        offers=tuple(row.offers),
        capacity=row.capacity,
        invite_token=row.invite_token,
        created_at=row.created_at,
        age_band=row.age_band,
        family_max=row.family_max,
        member_count=member_count,
    )


class GroupQueries(SqlRepository):
    """Groups, who is in them, and who coordinates them."""

    async def _counts(self, group_ids: Sequence[int]) -> dict[int, int]:
        if not group_ids:
            return {}
        rows = await self._session.execute(
            select(WelcomeGroupMemberRow.group_id, func.count())
            .where(WelcomeGroupMemberRow.group_id.in_(list(group_ids)))
            .group_by(WelcomeGroupMemberRow.group_id)
        )
        return {group_id: count for group_id, count in rows}

    async def _groups(self, rows: Sequence[WelcomeGroupRow]) -> list[WelcomeGroup]:
        counts = await self._counts([row.id for row in rows])
        return [_group(row, counts.get(row.id, 0)) for row in rows]

    async def add_group(self, group: WelcomeGroup, coordinator_id: int) -> WelcomeGroup:
        row = WelcomeGroupRow(
            community_id=group.community_id,
            name=group.name,
            languages=list(group.languages),
            interests=list(group.interests),
            offers=list(group.offers),
            age_band=group.age_band,
            family_max=group.family_max,
            capacity=group.capacity,
            invite_token=group.invite_token,
            created_at=group.created_at,
        )
        self._session.add(row)
        await self._session.flush()
        await self.add_group_member(row.id, coordinator_id, GroupRole.COORDINATOR, row.created_at)
        return _group(row, 1)

    async def get_group(self, group_id: int, *, lock: bool = False) -> WelcomeGroup | None:
        statement = select(WelcomeGroupRow).where(WelcomeGroupRow.id == group_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        return (await self._groups([row]))[0] if row else None

    async def group_by_token(self, token: str) -> WelcomeGroup | None:
        row = await self._session.scalar(
            select(WelcomeGroupRow).where(WelcomeGroupRow.invite_token == token)
        )
        return (await self._groups([row]))[0] if row else None

    async def groups_of_community(self, community_id: int) -> Sequence[WelcomeGroup]:
        rows = await self._session.scalars(
            select(WelcomeGroupRow)
            .where(WelcomeGroupRow.community_id == community_id)
            .order_by(WelcomeGroupRow.id)
        )
        return await self._groups(list(rows))

    async def add_group_member(
        self, group_id: int, member_id: int, role: GroupRole, now: datetime
    ) -> None:
        self._session.add(
            WelcomeGroupMemberRow(
                group_id=group_id, member_id=member_id, role=role.value, joined_at=now
            )
        )
        await self._session.flush()

    async def membership_of(self, member_id: int) -> GroupMembership | None:
        row = await self._session.get(WelcomeGroupMemberRow, member_id)
        if row is None:
            return None
        return GroupMembership(row.group_id, row.member_id, GroupRole(row.role), row.joined_at)

    async def coordinator_of(self, group_id: int) -> int | None:
        return (await self.coordinators_of([group_id])).get(group_id)

    async def coordinators_of(self, group_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(group_ids), CHUNK):
            rows = await self._session.scalars(
                select(WelcomeGroupMemberRow)
                .where(WelcomeGroupMemberRow.group_id.in_(list(group_ids[start : start + CHUNK])))
                # The coordinator first; without one, whoever joined first acts for the group.
                .order_by(
                    (WelcomeGroupMemberRow.role == GroupRole.COORDINATOR.value).desc(),
                    WelcomeGroupMemberRow.joined_at,
                    WelcomeGroupMemberRow.member_id,
                )
            )
            for row in rows:
                found.setdefault(row.group_id, row.member_id)
        return found

"""Who belongs to which community, and in which role."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from bot.core.communities.domain import Community, CommunityRole, Membership
from bot.storage.common.repository import SqlRepository
from bot.storage.communities.communities import SqlCommunityRepository
from bot.storage.communities.tables import MembershipRow


class SqlMembershipRepository(SqlRepository):
    async def of_member(self, member_id: int) -> Sequence[tuple[Membership, Community]]:
        rows = list(
            await self._session.scalars(
                select(MembershipRow)
                .where(MembershipRow.member_id == member_id)
                .order_by(MembershipRow.joined_at)
            )
        )
        communities = SqlCommunityRepository(self._session)
        result = []
        for row in rows:
            community = await communities.get(row.community_id)
            if community is not None:
                result.append((_membership(row), community))
        return result

    async def member_ids_with_role(self, community_id: int, role: CommunityRole) -> list[int]:
        rows = await self._session.scalars(
            select(MembershipRow.member_id)
            .where(MembershipRow.community_id == community_id, MembershipRow.role == role.value)
            .order_by(MembershipRow.member_id)
        )
        return list(rows)

    async def has_role(self, member_id: int, role: CommunityRole) -> bool:
        found = await self._session.scalar(
            select(MembershipRow.community_id)
            .where(MembershipRow.member_id == member_id, MembershipRow.role == role.value)
            .limit(1)
        )
        return found is not None

    async def get(self, member_id: int, community_id: int) -> Membership | None:
        row = await self._session.get(MembershipRow, (member_id, community_id))
        return _membership(row) if row else None

    async def add(
        self, member_id: int, community_id: int, role: CommunityRole, now: datetime
    ) -> Membership:
        row = MembershipRow(
            member_id=member_id, community_id=community_id, role=role.value, joined_at=now
        )
        self._session.add(row)
        await self._session.flush()
        return _membership(row)

    async def set_role(self, member_id: int, community_id: int, role: CommunityRole) -> None:
        await self._session.execute(
            update(MembershipRow)
            .where(
                MembershipRow.member_id == member_id, MembershipRow.community_id == community_id
            )
            .values(role=role.value)
        )


def _membership(row: MembershipRow) -> Membership:
    return Membership(row.member_id, row.community_id, CommunityRole(row.role), row.joined_at)

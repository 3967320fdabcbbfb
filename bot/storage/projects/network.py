"""The global network's figures: member counts and how often formats were reused (mixed
into `SqlProjectRepository`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from bot.core.communities.domain import CommunityRole
from bot.storage.common.repository import SqlRepository, chunks
from bot.storage.communities.tables import MembershipRow
from bot.storage.meetups.tables import MeetupRow
from bot.storage.projects.tables import ProjectRow


class NetworkQueries(SqlRepository):
    async def community_member_counts(self) -> dict[int, int]:
        rows = await self._session.execute(
            select(MembershipRow.community_id, func.count()).group_by(MembershipRow.community_id)
        )
        return {community_id: count for community_id, count in rows.all()}

    async def ambassador_ids(self, community_id: int) -> Sequence[int]:
        rows = await self._session.scalars(
            select(MembershipRow.member_id)
            .where(
                MembershipRow.community_id == community_id,
                MembershipRow.role == CommunityRole.AMBASSADOR.value,
            )
            .order_by(MembershipRow.member_id)
        )
        return list(rows)

    async def project_reuse(self, project_ids: Sequence[int]) -> dict[int, int]:
        return await self._reuse(ProjectRow.source_project_id, project_ids)

    async def meetup_reuse(self, meetup_ids: Sequence[int]) -> dict[int, int]:
        return await self._reuse(MeetupRow.source_meetup_id, meetup_ids)

    async def _reuse(self, column: Any, source_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for chunk in chunks(source_ids):
            rows = await self._session.execute(
                select(column, func.count()).where(column.in_(chunk)).group_by(column)
            )
            found.update({source_id: count for source_id, count in rows.all()})
        return found

    async def format_reuse(self, community_id: int) -> tuple[int, int]:
        source_project = select(ProjectRow.id).where(ProjectRow.community_id == community_id)
        projects = await self._session.scalar(
            select(func.count())
            .select_from(ProjectRow)
            .where(
                ProjectRow.source_project_id.in_(source_project),
                ProjectRow.community_id != community_id,
            )
        )
        source_meetup = select(MeetupRow.id).where(MeetupRow.community_id == community_id)
        meetups = await self._session.scalar(
            select(func.count())
            .select_from(MeetupRow)
            .where(
                MeetupRow.source_meetup_id.in_(source_meetup),
                MeetupRow.community_id != community_id,
            )
        )
        return int(projects or 0), int(meetups or 0)

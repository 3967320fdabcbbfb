"""Interest and network queries of the project repository (mixed into
`SqlProjectRepository`), kept apart so each module stays readable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.communities.domain import CommunityRole
from bot.core.projects.domain import Interests
from bot.storage.tables import MeetupRow, MembershipRow
from bot.storage.tables_projects import InterestConsentRow, MemberInterestRow, ProjectRow

#: Rows per IN (...) list.
CHUNK = 500


def chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]


class _Base:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Callable[[Any], Any]:
        """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
        dialect = self._session.get_bind().dialect.name
        return pg_insert if dialect == "postgresql" else sqlite_insert


class InterestQueries(_Base):
    # --- Interests --------------------------------------------------------------------------

    async def interests(self, member_id: int) -> Interests | None:
        consent = await self._session.get(InterestConsentRow, member_id)
        if consent is None:
            return None
        topics = await self._session.scalars(
            select(MemberInterestRow.topic)
            .where(MemberInterestRow.member_id == member_id)
            .order_by(MemberInterestRow.topic)
        )
        return Interests(tuple(topics), consent.given_at)

    async def give_interest_consent(self, member_id: int, version: int, now: datetime) -> None:
        await self._session.execute(
            self._insert()(InterestConsentRow)
            .values(member_id=member_id, version=version, given_at=now)
            .on_conflict_do_nothing()
        )

    async def set_interest(self, member_id: int, topic: str, wanted: bool) -> None:
        if wanted:
            await self._session.execute(
                self._insert()(MemberInterestRow)
                .values(member_id=member_id, topic=topic)
                .on_conflict_do_nothing()
            )
        else:
            await self._session.execute(
                delete(MemberInterestRow).where(
                    MemberInterestRow.member_id == member_id, MemberInterestRow.topic == topic
                )
            )

    async def withdraw_interests(self, member_id: int) -> None:
        await self._session.execute(
            delete(MemberInterestRow).where(MemberInterestRow.member_id == member_id)
        )
        await self._session.execute(
            delete(InterestConsentRow).where(InterestConsentRow.member_id == member_id)
        )


class NetworkQueries(_Base):
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

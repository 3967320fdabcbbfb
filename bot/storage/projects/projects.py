"""Repository of the project feature: projects, their members and updates, interests, and
the figures of the global network."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from bot.core.projects.domain import Project, ProjectStatus, ProjectUpdate
from bot.storage.common.repository import chunks
from bot.storage.projects.interests import InterestQueries
from bot.storage.projects.network import NetworkQueries
from bot.storage.projects.tables import ProjectMemberRow, ProjectRow, ProjectUpdateRow


def _project(row: ProjectRow) -> Project:
    return Project(
        id=row.id,
        community_id=row.community_id,
        title=row.title,
        topic=row.topic,
        status=ProjectStatus(row.status),
        description=row.description,
        languages=tuple(row.languages or ()),
        group_link=row.group_link,
        proposed_by=row.proposed_by,
        lead_id=row.lead_id,
        decline_reason=row.decline_reason,
        source_project_id=row.source_project_id,
        created_at=row.created_at,
    )


def _update(row: ProjectUpdateRow) -> ProjectUpdate:
    return ProjectUpdate(row.id, row.project_id, row.author_id, row.text, row.created_at)


class SqlProjectRepository(InterestQueries, NetworkQueries):
    """Projects, their members and updates; interests and network figures come from the
    query mixins (`interests.py`, `network.py`)."""

    # --- Projects ---------------------------------------------------------------------------

    async def add(self, project: Project, title_key: str | None, now: datetime) -> Project | None:
        row = ProjectRow(
            community_id=project.community_id,
            title=project.title,
            title_key=title_key,
            topic=project.topic,
            status=project.status.value,
            description=project.description,
            languages=list(project.languages),
            group_link=project.group_link,
            proposed_by=project.proposed_by,
            lead_id=project.lead_id,
            decline_reason=project.decline_reason,
            source_project_id=project.source_project_id,
            created_at=now,
            updated_at=now,
        )
        try:
            async with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            return None  # the same title, submitted a moment earlier by someone else
        return _project(row)

    async def get(self, project_id: int, *, lock: bool = False) -> Project | None:
        statement = select(ProjectRow).where(ProjectRow.id == project_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        return _project(row) if row else None

    async def get_many(self, project_ids: Sequence[int]) -> dict[int, Project]:
        found: dict[int, Project] = {}
        for chunk in chunks(project_ids):
            for row in await self._session.scalars(
                select(ProjectRow).where(ProjectRow.id.in_(chunk))
            ):
                found[row.id] = _project(row)
        return found

    async def save(self, project: Project, title_key: str | None, now: datetime) -> None:
        await self._session.execute(
            update(ProjectRow)
            .where(ProjectRow.id == project.id)
            .values(
                title=project.title,
                title_key=title_key,
                topic=project.topic,
                status=project.status.value,
                description=project.description,
                languages=list(project.languages),
                group_link=project.group_link,
                lead_id=project.lead_id,
                decline_reason=project.decline_reason,
                updated_at=now,
            )
        )

    async def delete(self, project_id: int) -> None:
        await self._session.execute(delete(ProjectRow).where(ProjectRow.id == project_id))

    async def title_taken(self, community_id: int, title_key: str) -> bool:
        found = await self._session.scalar(
            select(ProjectRow.id).where(
                ProjectRow.community_id == community_id, ProjectRow.title_key == title_key
            )
        )
        return found is not None

    async def of_community(
        self, community_id: int, statuses: Sequence[ProjectStatus]
    ) -> Sequence[Project]:
        rows = await self._session.scalars(
            select(ProjectRow)
            .where(
                ProjectRow.community_id == community_id,
                ProjectRow.status.in_([s.value for s in statuses]),
            )
            .order_by(ProjectRow.created_at, ProjectRow.id)
        )
        return [_project(row) for row in rows]

    async def approved_by_topic(self, topic: str, *, limit: int) -> Sequence[Project]:
        rows = await self._session.scalars(
            select(ProjectRow)
            .where(ProjectRow.topic == topic, ProjectRow.status == ProjectStatus.APPROVED.value)
            .order_by(ProjectRow.created_at.desc(), ProjectRow.id.desc())
            .limit(limit)
        )
        return [_project(row) for row in rows]

    async def topic_counts(self, community_id: int) -> dict[str, int]:
        rows = await self._session.execute(
            select(ProjectRow.topic, func.count())
            .where(
                ProjectRow.community_id == community_id,
                ProjectRow.status == ProjectStatus.APPROVED.value,
            )
            .group_by(ProjectRow.topic)
        )
        return {topic: count for topic, count in rows.all()}

    # --- Members of projects ----------------------------------------------------------------

    async def add_member(self, project_id: int, member_id: int, now: datetime) -> bool:
        """True when newly joined; False when they were in already (also under a race)."""
        result = await self._session.execute(
            self._insert()(ProjectMemberRow)
            .values(project_id=project_id, member_id=member_id, joined_at=now)
            .on_conflict_do_nothing()
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def remove_member(self, project_id: int, member_id: int) -> bool:
        result = await self._session.execute(
            delete(ProjectMemberRow).where(
                ProjectMemberRow.project_id == project_id, ProjectMemberRow.member_id == member_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def is_member(self, project_id: int, member_id: int) -> bool:
        return await self._session.get(ProjectMemberRow, (project_id, member_id)) is not None

    async def member_ids(self, project_id: int) -> Sequence[int]:
        rows = await self._session.scalars(
            select(ProjectMemberRow.member_id)
            .where(ProjectMemberRow.project_id == project_id)
            .order_by(ProjectMemberRow.joined_at, ProjectMemberRow.member_id)
        )
        return list(rows)

    async def members_of_many(self, project_ids: Sequence[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {project_id: set() for project_id in project_ids}
        for chunk in chunks(project_ids):
            rows = await self._session.execute(
                select(ProjectMemberRow.project_id, ProjectMemberRow.member_id).where(
                    ProjectMemberRow.project_id.in_(chunk)
                )
            )
            for project_id, member_id in rows.all():
                found[project_id].add(member_id)
        return found

    async def member_counts(self, project_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for chunk in chunks(project_ids):
            rows = await self._session.execute(
                select(ProjectMemberRow.project_id, func.count())
                .where(ProjectMemberRow.project_id.in_(chunk))
                .group_by(ProjectMemberRow.project_id)
            )
            found.update({project_id: count for project_id, count in rows.all()})
        return found

    async def joined_by(self, member_id: int) -> Sequence[tuple[int, datetime]]:
        rows = await self._session.execute(
            select(ProjectMemberRow.project_id, ProjectMemberRow.joined_at)
            .where(ProjectMemberRow.member_id == member_id)
            .order_by(ProjectMemberRow.joined_at)
        )
        return [(project_id, joined_at) for project_id, joined_at in rows.all()]

    async def linked_to(self, member_id: int) -> tuple[list[int], list[int]]:
        """Ids of the projects the member proposed, and of those they lead."""
        rows = await self._session.execute(
            select(ProjectRow.id, ProjectRow.proposed_by, ProjectRow.lead_id)
            .where((ProjectRow.proposed_by == member_id) | (ProjectRow.lead_id == member_id))
            .order_by(ProjectRow.id)
        )
        found = rows.all()
        return (
            [pid for pid, proposer, _ in found if proposer == member_id],
            [pid for pid, _, lead in found if lead == member_id],
        )

    # --- Updates ----------------------------------------------------------------------------

    async def add_update(
        self, project_id: int, author_id: int | None, text: str, now: datetime
    ) -> ProjectUpdate:
        row = ProjectUpdateRow(
            project_id=project_id, author_id=author_id, text=text, created_at=now
        )
        self._session.add(row)
        await self._session.flush()
        return _update(row)

    async def updates(self, update_ids: Sequence[int]) -> dict[int, ProjectUpdate]:
        found: dict[int, ProjectUpdate] = {}
        for chunk in chunks(update_ids):
            for row in await self._session.scalars(
                select(ProjectUpdateRow).where(ProjectUpdateRow.id.in_(chunk))
            ):
                found[row.id] = _update(row)
        return found

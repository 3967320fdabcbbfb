"""Taking part in projects: joining, leaving, and handing the lead on.

A lead cannot leave without handing on (a project without anyone answering for it would
drift); an ambassador of the community can hand the lead on when the lead is gone.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import CommunityRole
from bot.core.communities.permissions import is_member_of
from bot.core.projects.domain import Project, ProjectStatus
from bot.core.projects.lifecycle import ProjectProblem, load, title_key
from bot.core.projects.ports import ProjectsUnit


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    project: Project
    already_member: bool


class JoinProject:
    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, project_id: int) -> JoinOutcome:
        project = await load(self._uow, project_id)
        if project.status is ProjectStatus.DECLINED:
            raise ProjectProblem("declined")
        if not project.open:
            raise ProjectProblem("not_open")
        if not await is_member_of(self._uow, member_id, project.community_id):
            raise ProjectProblem("other_community")
        added = await self._uow.projects.add_member(project.id, member_id, self._clock.now())
        return JoinOutcome(project, already_member=not added)


class LeaveProject:
    def __init__(self, uow: ProjectsUnit) -> None:
        self._uow = uow

    async def __call__(self, member_id: int, project_id: int) -> Project:
        project = await load(self._uow, project_id, lock=True)
        if not await self._uow.projects.is_member(project.id, member_id):
            raise ProjectProblem("not_in_project")
        if project.lead_id == member_id:
            raise ProjectProblem("lead_must_hand_on")
        await self._uow.projects.remove_member(project.id, member_id)
        return project


async def may_lead(uow: ProjectsUnit, member_id: int, project: Project) -> bool:
    """The lead, or an ambassador of the community (when a lead is gone or stuck)."""
    if project.lead_id == member_id:
        return True
    membership = await uow.memberships.get(member_id, project.community_id)
    return membership is not None and membership.role is CommunityRole.AMBASSADOR


class HandOverLead:
    """The lead (or an ambassador) hands the lead on to another member of the project."""

    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, actor_id: int, project_id: int, new_lead_id: int) -> Project:
        project = await load(self._uow, project_id, lock=True)
        if not project.open:
            raise ProjectProblem("not_open")
        if not await may_lead(self._uow, actor_id, project):
            raise ProjectProblem("not_lead")
        if new_lead_id == project.lead_id:
            raise ProjectProblem("same_lead")
        if not await self._uow.projects.is_member(project.id, new_lead_id):
            raise ProjectProblem("new_lead_not_member")
        now = self._clock.now()
        project.lead_id = new_lead_id
        await self._uow.projects.save(project, title_key(project.title), now)
        stamp = now.strftime("%Y%m%dT%H%M%S%f")
        await self._uow.outbox.enqueue(
            new_lead_id, NoticeKind.PROJECT_LEAD, f"project_lead:{project.id}:{stamp}", now,
            subject_id=project.id,
        )  # fmt: skip
        return project

"""Members' interests in topics: optional, stored only after an explicit yes, deleted
completely when the member withdraws. Used to suggest projects (and by Welcome Groups)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.common.clock import Clock
from bot.core.projects.domain import Project, ProjectStatus
from bot.core.projects.lifecycle import ProjectProblem
from bot.core.projects.ports import ProjectsUnit
from bot.core.projects.topics import INTERESTS_CONSENT_VERSION, interests_of, is_topic


class GiveInterestConsent:
    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int) -> None:
        if await self._uow.projects.interests(member_id) is None:
            await self._uow.projects.give_interest_consent(
                member_id, INTERESTS_CONSENT_VERSION, self._clock.now()
            )


class ToggleInterest:
    """Add or remove one topic; refused without consent (an old button after withdrawing)."""

    def __init__(self, uow: ProjectsUnit) -> None:
        self._uow = uow

    async def __call__(self, member_id: int, topic: str) -> set[str]:
        if not is_topic(topic):
            raise ProjectProblem("unknown_topic")
        interests = await self._uow.projects.interests(member_id)
        if interests is None:
            raise ProjectProblem("no_consent")
        wanted = topic not in interests.topics
        await self._uow.projects.set_interest(member_id, topic, wanted)
        return await interests_of(self._uow, member_id)


class WithdrawInterests:
    def __init__(self, uow: ProjectsUnit) -> None:
        self._uow = uow

    async def __call__(self, member_id: int) -> None:
        await self._uow.projects.withdraw_interests(member_id)


async def suggested_projects(
    uow: ProjectsUnit, member_id: int, community_ids: Sequence[int], *, limit: int = 3
) -> list[Project]:
    """Approved projects of the member's communities on topics they like, not joined yet."""
    topics = await interests_of(uow, member_id)
    if not topics:
        return []
    found = []
    for community_id in community_ids:
        for project in await uow.projects.of_community(community_id, (ProjectStatus.APPROVED,)):
            if project.topic in topics and not await uow.projects.is_member(project.id, member_id):
                found.append(project)
    return found[:limit]

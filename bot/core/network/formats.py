"""The global network: every community with its size, and formats that travel.

Member counts under `COUNT_SHOWN_FROM` are not shown as numbers: in a tiny community a
count says too much about who is in it. An ambassador can copy another community's project
or meetup into their own community; the copy remembers where it came from, so the source
community sees how often its format was reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.common.clock import Clock
from bot.core.common.domain import Coordinates
from bot.core.communities.domain import Community
from bot.core.communities.permissions import require_ambassador
from bot.core.meetups.domain import Meetup
from bot.core.meetups.lifecycle import MeetupDraft, MeetupProblem, validated
from bot.core.meetups.ports import MeetupsUnit
from bot.core.projects.domain import Project, ProjectStatus
from bot.core.projects.lifecycle import ProjectDraft, ProjectProblem, load, store_new, title_key
from bot.core.projects.ports import ProjectsUnit

#: Smaller member counts are shown as "<5".


class NetworkUnit(MeetupsUnit, ProjectsUnit, Protocol):
    """Copying formats reads meetups and projects of every community."""


COUNT_SHOWN_FROM = 5


@dataclass(frozen=True, slots=True)
class CommunitySize:
    community: Community
    #: None when the community is too small to show a number.
    members: int | None


async def community_sizes(uow: NetworkUnit) -> list[CommunitySize]:
    counts = await uow.projects.community_member_counts()
    sizes = []
    for community in await uow.communities.list_active():
        count = counts.get(community.id, 0)
        sizes.append(CommunitySize(community, count if count >= COUNT_SHOWN_FROM else None))
    return sizes


class CopyProject:
    """Copy an approved project of another community as a draft into one's own community.

    Title, topic, description and languages travel; the group link stays (it is the other
    community's group). The copying ambassador leads the draft until they hand it on.
    """

    def __init__(self, uow: NetworkUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, ambassador_id: int, source_id: int, community_id: int) -> Project:
        await require_ambassador(self._uow, ambassador_id, community_id)
        source = await load(self._uow, source_id)
        if not source.open:
            raise ProjectProblem("not_open")
        if source.community_id == community_id:
            raise ProjectProblem("same_community")
        draft = ProjectDraft(source.title, source.topic, source.description, source.languages)
        return await store_new(
            self._uow, self._clock, community_id, draft, ProjectStatus.DRAFT,
            lead_id=ambassador_id, source_project_id=source.id,
        )  # fmt: skip


class PublishDraft:
    """Make a copied draft visible to the community's members (approved, led by its lead)."""

    def __init__(self, uow: NetworkUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, ambassador_id: int, project_id: int) -> Project:
        project = await _draft(self._uow, ambassador_id, project_id)
        now = self._clock.now()
        project.status = ProjectStatus.APPROVED
        project.lead_id = project.lead_id or ambassador_id
        await self._uow.projects.save(project, title_key(project.title), now)
        await self._uow.projects.add_member(project.id, project.lead_id, now)
        return project


class DiscardDraft:
    def __init__(self, uow: NetworkUnit) -> None:
        self._uow = uow

    async def __call__(self, ambassador_id: int, project_id: int) -> Project:
        project = await _draft(self._uow, ambassador_id, project_id)
        await self._uow.projects.delete(project.id)
        return project


async def _draft(uow: NetworkUnit, ambassador_id: int, project_id: int) -> Project:
    project = await load(uow, project_id, lock=True)
    await require_ambassador(uow, ambassador_id, project.community_id)
    if project.status is not ProjectStatus.DRAFT:
        raise ProjectProblem("already_decided")
    return project


async def meetup_to_copy(uow: NetworkUnit, meetup_id: int, community_id: int) -> Meetup:
    """The meetup whose format is copied into `community_id` (another community's)."""
    meetup = await uow.meetups.get(meetup_id)
    if meetup is None:
        raise MeetupProblem("not_found")
    if meetup.community_id == community_id:
        raise MeetupProblem("same_community")
    return meetup


class CopyMeetupFormat:
    """Create a meetup in one's own community from another community's meetup: its title,
    description, seats and festival partners, with a new date and place."""

    def __init__(self, uow: NetworkUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self,
        ambassador_id: int,
        source_id: int,
        community_id: int,
        starts_at: datetime,
        place: str | None,
        place_coordinates: Coordinates | None = None,
    ) -> Meetup:
        await require_ambassador(self._uow, ambassador_id, community_id)
        source = await meetup_to_copy(self._uow, source_id, community_id)
        now = self._clock.now()
        draft = validated(
            MeetupDraft(
                title=source.title, starts_at=starts_at, place=place, capacity=source.capacity,
                description=source.description, is_festival=source.is_festival,
                partners=source.partners,
            ),
            now,
        )  # fmt: skip
        return await self._uow.meetups.add(
            Meetup(
                id=0, community_id=community_id, title=draft.title, starts_at=draft.starts_at,
                description=draft.description, place=draft.place,
                place_coordinates=place_coordinates, capacity=draft.capacity,
                is_festival=draft.is_festival, partners=draft.partners,
                created_by=ambassador_id, source_meetup_id=source.id,
            ),
            now,
        )  # fmt: skip

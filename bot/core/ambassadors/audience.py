"""Who a broadcast goes to: the whole community, the RSVPs of one meetup, or the members of
one project. Always narrowed to members of the broadcast's community who accept messages,
so an ambassador can never reach another community through a meetup or project id.

The project functions are the projects feature's to keep: they read `uow.projects`, and
while that is not there (or answers nothing) the project audience is simply empty ("no
projects yet").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.ambassadors.domain import AudienceKind
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.meetups.domain import RsvpStatus
from bot.core.members.domain import Member
from bot.core.projects.domain import ProjectStatus

#: Meetups that ended longer ago than this are not offered as an audience.
RECENT_MEETUPS = timedelta(days=30)
CHOICES_MAX = 8


@dataclass(frozen=True, slots=True)
class AudienceChoice:
    id: int
    title: str
    when: datetime | None = None


async def meetup_choices(
    uow: AmbassadorsUnit, community_id: int, now: datetime
) -> list[AudienceChoice]:
    meetups = await uow.meetups.of_community(community_id)
    recent = [m for m in meetups if not m.cancelled and m.starts_at >= now - RECENT_MEETUPS]
    recent.sort(key=lambda m: abs((m.starts_at - now).total_seconds()))
    return [AudienceChoice(m.id, m.title, m.starts_at) for m in recent[:CHOICES_MAX]]


async def project_choices(uow: AmbassadorsUnit, community_id: int) -> list[AudienceChoice]:
    """Approved projects of the community (empty while the projects feature is missing)."""
    try:
        projects = await uow.projects.of_community(community_id, [ProjectStatus.APPROVED])
    except (AttributeError, NotImplementedError):
        return []
    return [AudienceChoice(p.id, p.title) for p in projects][:CHOICES_MAX]


async def _project_member_ids(
    uow: AmbassadorsUnit, community_id: int, project_id: int
) -> list[int] | None:
    try:
        project = await uow.projects.get(project_id)
        if project is None or project.community_id != community_id or not project.open:
            return None
        return list(await uow.projects.member_ids(project_id))
    except (AttributeError, NotImplementedError):
        return None


async def _meetup_member_ids(
    uow: AmbassadorsUnit, community_id: int, meetup_id: int
) -> list[int] | None:
    meetup = await uow.meetups.get(meetup_id)
    if meetup is None or meetup.community_id != community_id or meetup.cancelled:
        return None
    wanted = (RsvpStatus.GOING, RsvpStatus.WAITLISTED)
    return list(await uow.rsvps.members_with(meetup_id, wanted))


async def audience_title(
    uow: AmbassadorsUnit, kind: AudienceKind, audience_id: int | None
) -> str | None:
    """The meetup's or project's title (None for the whole community or when gone)."""
    if kind is AudienceKind.MEETUP and audience_id is not None:
        meetup = await uow.meetups.get(audience_id)
        return meetup.title if meetup else None
    if kind is AudienceKind.PROJECT and audience_id is not None:
        try:
            project = await uow.projects.get(audience_id)
        except (AttributeError, NotImplementedError):
            return None
        return project.title if project else None
    return None


async def resolve_audience(
    uow: AmbassadorsUnit,
    community_id: int,
    kind: AudienceKind,
    audience_id: int | None,
    *,
    exclude: int | None = None,
) -> Sequence[Member] | None:
    """The members to write to now; None when the meetup or project is gone or elsewhere."""
    ids: list[int] | None = None
    if kind is AudienceKind.MEETUP:
        if audience_id is None:
            return None
        ids = await _meetup_member_ids(uow, community_id, audience_id)
        if ids is None:
            return None
    elif kind is AudienceKind.PROJECT:
        if audience_id is None:
            return None
        ids = await _project_member_ids(uow, community_id, audience_id)
        if ids is None:
            return None
    members = await uow.stats.audience(community_id, kind, ids)
    return [m for m in members if m.id != exclude]

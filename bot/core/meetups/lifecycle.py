"""Creating, changing and cancelling meetups; everyone who RSVPed is told of changes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.core.common.clock import Clock
from bot.core.common.domain import Coordinates
from bot.core.common.outbox import NoticeKind
from bot.core.meetups.domain import (
    CAPACITY_MAX,
    DESCRIPTION_MAX,
    PARTNER_NAME_MAX,
    PLACE_MAX,
    TITLE_MAX,
    Meetup,
    MeetupStatus,
    Partner,
    RsvpStatus,
)
from bot.core.meetups.ports import MeetupsUnit
from bot.i18n.text import clean_user_text

#: Meetups cannot be planned further ahead than this.
MAX_AHEAD = timedelta(days=400)


class MeetupProblem(ValueError):
    """Why a meetup cannot be created or changed; `reason` is a stable code for the dialogs."""

    def __init__(self, reason: str, limit: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


@dataclass(frozen=True, slots=True)
class MeetupDraft:
    title: str
    starts_at: datetime
    place: str | None = None
    place_coordinates: Coordinates | None = None
    capacity: int | None = None
    description: str | None = None
    is_festival: bool = False
    partners: tuple[Partner, ...] = ()


def clean_title(text: str) -> str:
    title = clean_user_text(text)
    if not title:
        raise MeetupProblem("title_empty")
    if len(title) > TITLE_MAX:
        raise MeetupProblem("title_too_long", TITLE_MAX)
    return title


def clean_optional(text: str | None, limit: int, reason: str) -> str | None:
    if text is None:
        return None
    cleaned = clean_user_text(text)
    if len(cleaned) > limit:
        raise MeetupProblem(reason, limit)
    return cleaned or None


def check_capacity(capacity: int | None) -> int | None:
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise MeetupProblem("capacity_range", CAPACITY_MAX)
    return capacity


def check_start(starts_at: datetime, now: datetime) -> datetime:
    if starts_at.tzinfo is None:
        raise MeetupProblem("naive_time")
    if starts_at <= now:
        raise MeetupProblem("in_past")
    if starts_at > now + MAX_AHEAD:
        raise MeetupProblem("too_far")
    return starts_at


def validated(draft: MeetupDraft, now: datetime) -> MeetupDraft:
    partners = tuple(
        Partner(clean_title(p.name)[:PARTNER_NAME_MAX], p.link) for p in draft.partners
    )
    return replace(
        draft,
        title=clean_title(draft.title),
        starts_at=check_start(draft.starts_at, now),
        place=clean_optional(draft.place, PLACE_MAX, "place_too_long"),
        description=clean_optional(draft.description, DESCRIPTION_MAX, "description_too_long"),
        capacity=check_capacity(draft.capacity),
        partners=partners,
    )


class CreateMeetup:
    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self,
        community_id: int,
        draft: MeetupDraft,
        *,
        created_by: int | None = None,
        series_id: int | None = None,
    ) -> Meetup:
        """A meetup; one made for a series remembers its slot there (its identity)."""
        now = self._clock.now()
        draft = validated(draft, now)
        return await self._uow.meetups.add(
            Meetup(
                id=0,
                community_id=community_id,
                title=draft.title,
                starts_at=draft.starts_at,
                description=draft.description,
                place=draft.place,
                place_coordinates=draft.place_coordinates,
                capacity=draft.capacity,
                is_festival=draft.is_festival or bool(draft.partners),
                partners=draft.partners,
                series_id=series_id,
                series_slot=draft.starts_at if series_id is not None else None,
                created_by=created_by,
            ),
            now,
        )


async def tell_everyone(
    uow: MeetupsUnit, meetup: Meetup, kind: NoticeKind, now: datetime, tag: str
) -> int:
    audience = await uow.rsvps.members_with(meetup.id, (RsvpStatus.GOING, RsvpStatus.WAITLISTED))
    for member_id in audience:
        await uow.outbox.enqueue(
            member_id, kind, f"{kind.value}:{meetup.id}:{member_id}:{tag}", now,
            meetup_id=meetup.id,
        )  # fmt: skip
    return len(audience)


class CancelMeetup:
    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, meetup_id: int) -> int:
        """Cancel and tell everyone who RSVPed; returns how many will be told."""
        now = self._clock.now()
        meetup = await self._uow.meetups.get(meetup_id, lock=True)
        if meetup is None:
            raise MeetupProblem("not_found")
        if meetup.cancelled:
            raise MeetupProblem("already_cancelled")
        meetup.status = MeetupStatus.CANCELLED
        await self._uow.meetups.save(meetup, now)
        await self._uow.outbox.drop_for_meetup(meetup.id, (NoticeKind.REMINDER,))
        return await tell_everyone(self._uow, meetup, NoticeKind.MEETUP_CANCELLED, now, "cancel")


class ChangeMeetup:
    """Move a meetup or change its place; reminders follow the new time by themselves."""

    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self,
        meetup_id: int,
        *,
        starts_at: datetime | None = None,
        place: str | None = None,
        place_coordinates: Coordinates | None = None,
    ) -> Meetup:
        now = self._clock.now()
        meetup = await self._uow.meetups.get(meetup_id, lock=True)
        if meetup is None:
            raise MeetupProblem("not_found")
        if meetup.cancelled:
            raise MeetupProblem("already_cancelled")
        if starts_at is not None:
            meetup.starts_at = check_start(starts_at, now)
        if place is not None or place_coordinates is not None:
            meetup.place = clean_optional(place, PLACE_MAX, "place_too_long") or meetup.place
            meetup.place_coordinates = place_coordinates or meetup.place_coordinates
        await self._uow.meetups.save(meetup, now)
        await self._uow.outbox.drop_for_meetup(meetup.id, (NoticeKind.REMINDER,))
        stamp = now.strftime("%Y%m%dT%H%M%S%f")
        await tell_everyone(self._uow, meetup, NoticeKind.MEETUP_CHANGED, now, stamp)
        return meetup


def new_checkin_code() -> str:
    """Four digits: easy to say out loud in a room, typed in any script."""
    return f"{secrets.randbelow(10_000):04d}"

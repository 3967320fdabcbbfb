"""Meetups: the monthly gathering at the heart of every local community."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.common.domain import Coordinates

TITLE_MAX = 120
DESCRIPTION_MAX = 1000
PLACE_MAX = 200
PARTNER_NAME_MAX = 80
CAPACITY_MAX = 10_000
#: Check-in works from a while before the start until late in the evening.
CHECKIN_OPENS_BEFORE = timedelta(hours=3)
CHECKIN_CLOSES_AFTER = timedelta(hours=10)


class MeetupStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RsvpStatus(enum.StrEnum):
    GOING = "going"
    WAITLISTED = "waitlisted"
    NOT_GOING = "not_going"


class CheckInMethod(enum.StrEnum):
    CODE = "code"
    AMBASSADOR = "ambassador"


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    link: str | None = None


@dataclass(slots=True)
class Meetup:
    id: int
    community_id: int
    title: str
    starts_at: datetime
    status: MeetupStatus = MeetupStatus.SCHEDULED
    description: str | None = None
    place: str | None = None
    place_coordinates: Coordinates | None = None
    capacity: int | None = None
    is_festival: bool = False
    partners: tuple[Partner, ...] = ()
    series_id: int | None = None
    #: The slot of the series this occurrence was made for (its identity there), even if moved.
    series_slot: datetime | None = None
    checkin_code: str | None = None
    created_by: int | None = None
    #: Where the format came from when an ambassador copied another community's meetup.
    source_meetup_id: int | None = None

    @property
    def cancelled(self) -> bool:
        return self.status is MeetupStatus.CANCELLED

    @property
    def checkin_opens_at(self) -> datetime:
        return self.starts_at - CHECKIN_OPENS_BEFORE

    def checkin_window(self, now: datetime) -> int:
        """-1 before members can check in, 0 while they can, 1 after."""
        if now < self.checkin_opens_at:
            return -1
        return 0 if now <= self.starts_at + CHECKIN_CLOSES_AFTER else 1


@dataclass(frozen=True, slots=True)
class Rsvp:
    meetup_id: int
    member_id: int
    status: RsvpStatus
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RsvpCounts:
    going: int = 0
    waitlisted: int = 0
    attended: int = 0


@dataclass(frozen=True, slots=True)
class Attendance:
    meetup_id: int
    member_id: int
    checked_in_at: datetime
    method: CheckInMethod


@dataclass(slots=True)
class MeetupSeries:
    """A recurring meetup: an RFC 5545 recurrence rule in the community's local time."""

    id: int
    community_id: int
    rule: str
    title: str
    first_starts_at: datetime
    place: str | None = None
    place_coordinates: Coordinates | None = None
    capacity: int | None = None
    description: str | None = None
    active: bool = True

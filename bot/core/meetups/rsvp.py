"""RSVPs with capacity and a waitlist.

The meetup row is locked while seats are counted (PostgreSQL `FOR UPDATE`; SQLite's
immediate transaction locks the whole database), so 31 people pressing "going" at the same
moment for 30 seats give exactly 30 going and one offered the waitlist.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.communities.permissions import is_member_of
from bot.core.meetups.domain import Meetup, RsvpStatus
from bot.core.meetups.lifecycle import MeetupProblem
from bot.core.meetups.ports import MeetupsUnit


class RsvpResult(enum.StrEnum):
    GOING = "going"
    ALREADY_GOING = "already_going"
    #: No seat left; the member is offered the waitlist (nothing stored yet).
    FULL = "full"
    WAITLISTED = "waitlisted"
    ALREADY_WAITLISTED = "already_waitlisted"
    NOT_GOING = "not_going"


@dataclass(frozen=True, slots=True)
class RsvpOutcome:
    result: RsvpResult
    meetup: Meetup
    #: Member promoted from the waitlist because this answer freed a seat.
    promoted_member_id: int | None = None
    waitlist_position: int | None = None


class AnswerRsvp:
    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def _open_meetup(self, meetup_id: int, member_id: int) -> Meetup:
        meetup = await self._uow.meetups.get(meetup_id, lock=True)
        if meetup is None:
            raise MeetupProblem("not_found")
        if meetup.cancelled:
            raise MeetupProblem("cancelled")
        if meetup.starts_at <= self._clock.now():
            raise MeetupProblem("in_past")
        if not await is_member_of(self._uow, member_id, meetup.community_id):
            raise MeetupProblem("other_community")
        return meetup

    async def going(self, meetup_id: int, member_id: int) -> RsvpOutcome:
        meetup = await self._open_meetup(meetup_id, member_id)
        current = await self._uow.rsvps.get(meetup_id, member_id)
        if current is not None and current.status is RsvpStatus.GOING:
            return RsvpOutcome(RsvpResult.ALREADY_GOING, meetup)
        if current is not None and current.status is RsvpStatus.WAITLISTED:
            return RsvpOutcome(
                RsvpResult.ALREADY_WAITLISTED, meetup,
                waitlist_position=await self._position(meetup_id, member_id),
            )  # fmt: skip
        if meetup.capacity is not None:
            counts = await self._uow.rsvps.counts(meetup_id)
            if counts.going >= meetup.capacity:
                return RsvpOutcome(RsvpResult.FULL, meetup)
        await self._uow.rsvps.put(meetup_id, member_id, RsvpStatus.GOING, self._clock.now())
        return RsvpOutcome(RsvpResult.GOING, meetup)

    async def join_waitlist(self, meetup_id: int, member_id: int) -> RsvpOutcome:
        meetup = await self._open_meetup(meetup_id, member_id)
        current = await self._uow.rsvps.get(meetup_id, member_id)
        if current is not None and current.status is RsvpStatus.GOING:
            return RsvpOutcome(RsvpResult.ALREADY_GOING, meetup)
        if current is None or current.status is not RsvpStatus.WAITLISTED:
            counts = await self._uow.rsvps.counts(meetup_id)
            if meetup.capacity is None or counts.going < meetup.capacity:
                # A seat freed up in the meantime: take it.
                now = self._clock.now()
                await self._uow.rsvps.put(meetup_id, member_id, RsvpStatus.GOING, now)
                return RsvpOutcome(RsvpResult.GOING, meetup)
            await self._uow.rsvps.put(
                meetup_id, member_id, RsvpStatus.WAITLISTED, self._clock.now()
            )
        return RsvpOutcome(
            RsvpResult.WAITLISTED, meetup,
            waitlist_position=await self._position(meetup_id, member_id),
        )  # fmt: skip

    async def not_going(self, meetup_id: int, member_id: int) -> RsvpOutcome:
        meetup = await self._open_meetup(meetup_id, member_id)
        current = await self._uow.rsvps.get(meetup_id, member_id)
        await self._uow.rsvps.put(meetup_id, member_id, RsvpStatus.NOT_GOING, self._clock.now())
        promoted = None
        if current is not None and current.status is RsvpStatus.GOING:
            promoted = await promote_from_waitlist(self._uow, self._clock, meetup)
        return RsvpOutcome(RsvpResult.NOT_GOING, meetup, promoted_member_id=promoted)

    async def _position(self, meetup_id: int, member_id: int) -> int:
        queue = await self._uow.rsvps.members_with(meetup_id, (RsvpStatus.WAITLISTED,))
        return queue.index(member_id) + 1 if member_id in queue else 0


async def promote_from_waitlist(uow: MeetupsUnit, clock: Clock, meetup: Meetup) -> int | None:
    """Give a freed seat to the first on the waitlist, and tell them."""
    counts = await uow.rsvps.counts(meetup.id)
    if meetup.capacity is not None and counts.going >= meetup.capacity:
        return None
    first = await uow.rsvps.first_waitlisted(meetup.id)
    if first is None:
        return None
    now = clock.now()
    await uow.rsvps.put(meetup.id, first, RsvpStatus.GOING, now)
    await uow.outbox.enqueue(
        first, NoticeKind.WAITLIST_PROMOTED, f"promoted:{meetup.id}:{first}:{now:%Y%m%d%H%M%S%f}",
        now,
        meetup_id=meetup.id,
    )  # fmt: skip
    return first


async def release_seats_of(uow: MeetupsUnit, clock: Clock, member_id: int) -> None:
    """Before a member is erased: their seats go to the waitlist."""
    for rsvp in await uow.rsvps.of_member(member_id):
        if rsvp.status is not RsvpStatus.GOING:
            continue
        meetup = await uow.meetups.get(rsvp.meetup_id, lock=True)
        if meetup is None or meetup.cancelled or meetup.starts_at <= clock.now():
            continue
        await uow.rsvps.put(meetup.id, member_id, RsvpStatus.NOT_GOING, clock.now())
        await promote_from_waitlist(uow, clock, meetup)

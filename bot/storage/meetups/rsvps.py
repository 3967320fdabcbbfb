"""RSVPs: seats counted under a row lock (PostgreSQL) or the write lock (SQLite), the
waitlist in order, and who is due a reminder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from bot.core.meetups.domain import (
    MeetupStatus,
    Rsvp,
    RsvpCounts,
    RsvpStatus,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.communities.tables import CommunityRow
from bot.storage.meetups.tables import (
    AttendanceRow,
    MeetupRow,
    RsvpRow,
)
from bot.storage.members.tables import MemberRow


class SqlRsvpRepository(SqlRepository):
    async def get(self, meetup_id: int, member_id: int) -> Rsvp | None:
        row = await self._session.get(RsvpRow, (meetup_id, member_id))
        return (
            Rsvp(row.meetup_id, row.member_id, RsvpStatus(row.status), row.updated_at)
            if row
            else None
        )

    async def put(self, meetup_id: int, member_id: int, status: RsvpStatus, now: datetime) -> None:
        row = await self._session.get(RsvpRow, (meetup_id, member_id))
        if row is None:
            self._session.add(
                RsvpRow(
                    meetup_id=meetup_id,
                    member_id=member_id,
                    status=status.value,
                    queued_at=now,
                    updated_at=now,
                )
            )
        else:
            if row.status != RsvpStatus.WAITLISTED.value and status is RsvpStatus.WAITLISTED:
                row.queued_at = now  # a new place at the end of the queue
            row.status = status.value
            row.updated_at = now
        await self._session.flush()

    async def statuses(
        self, meetup_ids: Sequence[int], member_ids: Sequence[int]
    ) -> dict[tuple[int, int], RsvpStatus]:
        """Answers of these members to these meetups, keyed by (meetup id, member id)."""
        found: dict[tuple[int, int], RsvpStatus] = {}
        for start in range(0, len(member_ids), 500):
            chunk = list(member_ids[start : start + 500])
            rows = await self._session.execute(
                select(RsvpRow.meetup_id, RsvpRow.member_id, RsvpRow.status).where(
                    RsvpRow.meetup_id.in_(meetup_ids), RsvpRow.member_id.in_(chunk)
                )
            )
            for meetup_id, member_id, status in rows.all():
                found[(meetup_id, member_id)] = RsvpStatus(status)
        return found

    async def counts(self, meetup_id: int) -> RsvpCounts:
        rows = await self._session.execute(
            select(RsvpRow.status, func.count())
            .where(RsvpRow.meetup_id == meetup_id)
            .group_by(RsvpRow.status)
        )
        by_status = {status: count for status, count in rows.all()}
        attended = await self._session.scalar(
            select(func.count())
            .select_from(AttendanceRow)
            .where(AttendanceRow.meetup_id == meetup_id)
        )
        return RsvpCounts(
            going=by_status.get(RsvpStatus.GOING.value, 0),
            waitlisted=by_status.get(RsvpStatus.WAITLISTED.value, 0),
            attended=attended or 0,
        )

    async def first_waitlisted(self, meetup_id: int) -> int | None:
        return await self._session.scalar(
            select(RsvpRow.member_id)
            .where(RsvpRow.meetup_id == meetup_id, RsvpRow.status == RsvpStatus.WAITLISTED.value)
            .order_by(RsvpRow.queued_at, RsvpRow.member_id)
            .limit(1)
        )

    async def members_with(self, meetup_id: int, statuses: Sequence[RsvpStatus]) -> Sequence[int]:
        rows = await self._session.scalars(
            select(RsvpRow.member_id)
            .where(RsvpRow.meetup_id == meetup_id, RsvpRow.status.in_([s.value for s in statuses]))
            .order_by(RsvpRow.queued_at, RsvpRow.member_id)
        )
        return list(rows)

    async def of_member(self, member_id: int) -> Sequence[Rsvp]:
        rows = await self._session.scalars(select(RsvpRow).where(RsvpRow.member_id == member_id))
        return [Rsvp(r.meetup_id, r.member_id, RsvpStatus(r.status), r.updated_at) for r in rows]

    async def reminder_candidates(
        self, start: datetime, end: datetime
    ) -> Sequence[tuple[int, int, datetime, str, datetime]]:
        """(meetup id, member id, starts_at, community timezone, answered at) of going RSVPs
        of members who want reminders, for scheduled meetups starting in (start, end]."""
        rows = await self._session.execute(
            select(
                RsvpRow.meetup_id,
                RsvpRow.member_id,
                MeetupRow.starts_at,
                CommunityRow.timezone,
                RsvpRow.updated_at,
            )
            .join(MeetupRow, MeetupRow.id == RsvpRow.meetup_id)
            .join(CommunityRow, CommunityRow.id == MeetupRow.community_id)
            .join(MemberRow, MemberRow.id == RsvpRow.member_id)
            .where(
                RsvpRow.status == RsvpStatus.GOING.value,
                MeetupRow.status == MeetupStatus.SCHEDULED.value,
                MeetupRow.starts_at > start,
                MeetupRow.starts_at <= end,
                MemberRow.reminders_enabled.is_(True),
                MemberRow.proactive_allowed.is_(True),
                MemberRow.unreachable.is_(False),
            )
        )
        return [(m, p, s, z, a) for m, p, s, z, a in rows.all()]

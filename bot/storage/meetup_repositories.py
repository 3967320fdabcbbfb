"""Repositories for meetups, RSVPs, attendance, series and the outbox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.common.domain import Coordinates
from bot.core.common.outbox import NoticeKind, OutboxItem, OutboxStatus
from bot.core.meetups.domain import (
    Attendance,
    CheckInMethod,
    Meetup,
    MeetupSeries,
    MeetupStatus,
    Partner,
    Rsvp,
    RsvpCounts,
    RsvpStatus,
)
from bot.storage.tables import (
    AttendanceRow,
    CommunityRow,
    MeetupPartnerRow,
    MeetupRow,
    MeetupSeriesRow,
    MemberRow,
    OutboxRow,
    RsvpRow,
)


def _coordinates(latitude: float | None, longitude: float | None) -> Coordinates | None:
    return (
        Coordinates(latitude, longitude)
        if latitude is not None and longitude is not None
        else None
    )


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Callable[[Any], Any]:
        """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
        dialect = self._session.get_bind().dialect.name
        return pg_insert if dialect == "postgresql" else sqlite_insert


class SqlMeetupRepository(_Repository):
    async def _load(self, rows: Sequence[MeetupRow]) -> list[Meetup]:
        partners: dict[int, list[Partner]] = {row.id: [] for row in rows}
        if partners:
            for partner in await self._session.scalars(
                select(MeetupPartnerRow)
                .where(MeetupPartnerRow.meetup_id.in_(partners))
                .order_by(MeetupPartnerRow.id)
            ):
                partners[partner.meetup_id].append(Partner(partner.name, partner.link))
        return [
            Meetup(
                id=row.id,
                community_id=row.community_id,
                title=row.title,
                starts_at=row.starts_at,
                status=MeetupStatus(row.status),
                description=row.description,
                place=row.place,
                place_coordinates=_coordinates(row.latitude, row.longitude),
                capacity=row.capacity,
                is_festival=row.is_festival,
                partners=tuple(partners[row.id]),
                series_id=row.series_id,
                checkin_code=row.checkin_code,
                created_by=row.created_by,
                source_meetup_id=row.source_meetup_id,
            )
            for row in rows
        ]

    async def get(self, meetup_id: int, *, lock: bool = False) -> Meetup | None:
        """`lock` takes a row lock (PostgreSQL) so seat counting cannot race."""
        statement = select(MeetupRow).where(MeetupRow.id == meetup_id)
        if lock:
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        return (await self._load([row]))[0] if row else None

    async def get_many(self, meetup_ids: Sequence[int]) -> dict[int, Meetup]:
        rows = list(
            await self._session.scalars(select(MeetupRow).where(MeetupRow.id.in_(meetup_ids)))
        )
        return {meetup.id: meetup for meetup in await self._load(rows)}

    async def add(self, meetup: Meetup, now: datetime) -> Meetup:
        row = MeetupRow(
            community_id=meetup.community_id,
            series_id=meetup.series_id,
            title=meetup.title,
            description=meetup.description,
            starts_at=meetup.starts_at,
            status=meetup.status.value,
            place=meetup.place,
            latitude=meetup.place_coordinates.latitude if meetup.place_coordinates else None,
            longitude=meetup.place_coordinates.longitude if meetup.place_coordinates else None,
            capacity=meetup.capacity,
            is_festival=meetup.is_festival,
            checkin_code=meetup.checkin_code,
            created_by=meetup.created_by,
            source_meetup_id=meetup.source_meetup_id,
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        self._session.add_all(
            MeetupPartnerRow(meetup_id=row.id, name=p.name, link=p.link) for p in meetup.partners
        )
        await self._session.flush()
        return (await self._load([row]))[0]

    async def save(self, meetup: Meetup, now: datetime) -> None:
        coordinates = meetup.place_coordinates
        await self._session.execute(
            update(MeetupRow)
            .where(MeetupRow.id == meetup.id)
            .values(
                title=meetup.title,
                description=meetup.description,
                starts_at=meetup.starts_at,
                status=meetup.status.value,
                place=meetup.place,
                latitude=coordinates.latitude if coordinates else None,
                longitude=coordinates.longitude if coordinates else None,
                capacity=meetup.capacity,
                is_festival=meetup.is_festival,
                checkin_code=meetup.checkin_code,
                updated_at=now,
            )
        )
        await self._session.execute(
            delete(MeetupPartnerRow).where(MeetupPartnerRow.meetup_id == meetup.id)
        )
        self._session.add_all(
            MeetupPartnerRow(meetup_id=meetup.id, name=p.name, link=p.link)
            for p in meetup.partners
        )
        await self._session.flush()

    async def upcoming(
        self, community_id: int, now: datetime, *, limit: int = 10
    ) -> Sequence[Meetup]:
        rows = await self._session.scalars(
            select(MeetupRow)
            .where(
                MeetupRow.community_id == community_id,
                MeetupRow.starts_at > now,
                MeetupRow.status == MeetupStatus.SCHEDULED.value,
            )
            .order_by(MeetupRow.starts_at, MeetupRow.id)
            .limit(limit)
        )
        return await self._load(list(rows))

    async def of_community(self, community_id: int) -> Sequence[Meetup]:
        rows = await self._session.scalars(
            select(MeetupRow)
            .where(MeetupRow.community_id == community_id)
            .order_by(MeetupRow.starts_at, MeetupRow.id)
        )
        return await self._load(list(rows))

    async def starting_between(self, start: datetime, end: datetime) -> Sequence[Meetup]:
        rows = await self._session.scalars(
            select(MeetupRow).where(
                MeetupRow.starts_at > start,
                MeetupRow.starts_at <= end,
                MeetupRow.status == MeetupStatus.SCHEDULED.value,
            )
        )
        return await self._load(list(rows))

    async def exists_in_series(self, series_id: int, starts_at: datetime) -> bool:
        found = await self._session.scalar(
            select(MeetupRow.id).where(
                MeetupRow.series_id == series_id, MeetupRow.starts_at == starts_at
            )
        )
        return found is not None


class SqlRsvpRepository(_Repository):
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


class SqlAttendanceRepository(_Repository):
    async def check_in(
        self, meetup_id: int, member_id: int, method: CheckInMethod, now: datetime
    ) -> bool:
        """True when newly checked in; False when they were already."""
        statement = (
            self._insert()(AttendanceRow)
            .values(
                meetup_id=meetup_id, member_id=member_id, checked_in_at=now, method=method.value
            )
            .on_conflict_do_nothing()
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def undo(self, meetup_id: int, member_id: int) -> None:
        await self._session.execute(
            delete(AttendanceRow).where(
                AttendanceRow.meetup_id == meetup_id, AttendanceRow.member_id == member_id
            )
        )

    async def of_meetup(self, meetup_id: int) -> Sequence[Attendance]:
        rows = await self._session.scalars(
            select(AttendanceRow)
            .where(AttendanceRow.meetup_id == meetup_id)
            .order_by(AttendanceRow.checked_in_at)
        )
        return [_attendance(row) for row in rows]

    async def of_member(self, member_id: int) -> Sequence[Attendance]:
        rows = await self._session.scalars(
            select(AttendanceRow)
            .where(AttendanceRow.member_id == member_id)
            .order_by(AttendanceRow.checked_in_at)
        )
        return [_attendance(row) for row in rows]


def _attendance(row: AttendanceRow) -> Attendance:
    return Attendance(row.meetup_id, row.member_id, row.checked_in_at, CheckInMethod(row.method))


class SqlSeriesRepository(_Repository):
    async def add(self, series: MeetupSeries, now: datetime) -> MeetupSeries:
        coordinates = series.place_coordinates
        row = MeetupSeriesRow(
            community_id=series.community_id,
            rule=series.rule,
            title=series.title,
            first_starts_at=series.first_starts_at,
            place=series.place,
            latitude=coordinates.latitude if coordinates else None,
            longitude=coordinates.longitude if coordinates else None,
            capacity=series.capacity,
            description=series.description,
            active=True,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        series.id = row.id
        return series

    async def active(self) -> Sequence[MeetupSeries]:
        rows = await self._session.scalars(
            select(MeetupSeriesRow).where(MeetupSeriesRow.active.is_(True))
        )
        return [
            MeetupSeries(
                id=row.id,
                community_id=row.community_id,
                rule=row.rule,
                title=row.title,
                first_starts_at=row.first_starts_at,
                place=row.place,
                place_coordinates=_coordinates(row.latitude, row.longitude),
                capacity=row.capacity,
                description=row.description,
                active=row.active,
            )
            for row in rows
        ]

    async def stop(self, series_id: int) -> None:
        await self._session.execute(
            update(MeetupSeriesRow).where(MeetupSeriesRow.id == series_id).values(active=False)
        )


class SqlOutboxRepository(_Repository):
    async def enqueue(
        self,
        member_id: int,
        kind: NoticeKind,
        dedupe_key: str,
        due_at: datetime,
        *,
        meetup_id: int | None = None,
        status: OutboxStatus = OutboxStatus.PENDING,
        subject_id: int | None = None,
    ) -> bool:
        """Add a message unless one with the same key exists; True when added."""
        statement = (
            self._insert()(OutboxRow)
            .values(
                member_id=member_id,
                kind=kind.value,
                meetup_id=meetup_id,
                subject_id=subject_id,
                dedupe_key=dedupe_key,
                due_at=due_at,
                status=status.value,
                attempts=0,
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def enqueue_many(self, rows: Sequence[dict[str, object]]) -> None:
        """Bulk `enqueue`: dicts with member_id, kind, meetup_id, dedupe_key, due_at, status.

        One compiled statement run as an executemany: compiling a VALUES list per batch
        costs far more than sending it.
        """
        if not rows:
            return
        statement = self._insert()(OutboxRow).on_conflict_do_nothing(index_elements=["dedupe_key"])
        await self._session.execute(
            statement, [{"subject_id": None, **row, "attempts": 0} for row in rows]
        )

    async def existing_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            found.update(
                await self._session.scalars(
                    select(OutboxRow.dedupe_key).where(OutboxRow.dedupe_key.in_(chunk))
                )
            )
        return found

    async def claim_due(self, now: datetime, limit: int) -> Sequence[OutboxItem]:
        """Mark up to `limit` due pending rows as sending and return them (at most once)."""
        statement = (
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.PENDING.value, OutboxRow.due_at <= now)
            .order_by(OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        rows = list(await self._session.scalars(statement))
        for row in rows:
            row.status = OutboxStatus.SENDING.value
            row.attempts += 1
        await self._session.flush()
        return [_item(row) for row in rows]

    async def finish(
        self,
        item_id: int,
        status: OutboxStatus,
        now: datetime,
        *,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        values: dict[str, object] = {"status": status.value, "last_error": error}
        if status is OutboxStatus.SENT:
            values["sent_at"] = now
        if retry_at is not None:
            values.update(status=OutboxStatus.PENDING.value, due_at=retry_at)
        await self._session.execute(
            update(OutboxRow).where(OutboxRow.id == item_id).values(**values)
        )

    async def finish_many(
        self, item_ids: Sequence[int], status: OutboxStatus, now: datetime, error: str | None
    ) -> None:
        values: dict[str, object] = {"status": status.value, "last_error": error}
        if status is OutboxStatus.SENT:
            values["sent_at"] = now
        for start in range(0, len(item_ids), 500):
            chunk = list(item_ids[start : start + 500])
            await self._session.execute(
                update(OutboxRow).where(OutboxRow.id.in_(chunk)).values(**values)
            )

    async def drop_for_meetup(self, meetup_id: int, kinds: Sequence[NoticeKind]) -> int:
        result = await self._session.execute(
            update(OutboxRow)
            .where(
                and_(
                    OutboxRow.meetup_id == meetup_id,
                    OutboxRow.status == OutboxStatus.PENDING.value,
                    OutboxRow.kind.in_([k.value for k in kinds]),
                )
            )
            .values(status=OutboxStatus.DROPPED.value)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def of_member(self, member_id: int) -> Sequence[OutboxItem]:
        rows = await self._session.scalars(
            select(OutboxRow).where(OutboxRow.member_id == member_id).order_by(OutboxRow.id)
        )
        return [_item(row) for row in rows]


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        member_id=row.member_id,
        kind=NoticeKind(row.kind),
        due_at=row.due_at,
        dedupe_key=row.dedupe_key,
        status=OutboxStatus(row.status),
        meetup_id=row.meetup_id,
        attempts=row.attempts,
        subject_id=row.subject_id,
    )

"""Meetups with their festival partners. SQL in, domain objects out; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update

from bot.core.common.domain import Coordinates
from bot.core.meetups.domain import (
    Meetup,
    MeetupStatus,
    Partner,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.meetups.tables import (
    MeetupPartnerRow,
    MeetupRow,
)


def coordinates_of(latitude: float | None, longitude: float | None) -> Coordinates | None:
    return (
        Coordinates(latitude, longitude)
        if latitude is not None and longitude is not None
        else None
    )


class SqlMeetupRepository(SqlRepository):
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
                place_coordinates=coordinates_of(row.latitude, row.longitude),
                capacity=row.capacity,
                is_festival=row.is_festival,
                partners=tuple(partners[row.id]),
                series_id=row.series_id,
                series_slot=row.series_slot,
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
            series_slot=meetup.series_slot,
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
                series_id=meetup.series_id,
                series_slot=meetup.series_slot,
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

    async def exists_in_series(self, series_id: int, slot: datetime) -> bool:
        """Whether the series' occurrence for `slot` exists, wherever and however it is now."""
        found = await self._session.scalar(
            select(MeetupRow.id).where(
                MeetupRow.series_id == series_id, MeetupRow.series_slot == slot
            )
        )
        return found is not None

    async def in_series_from(self, series_id: int, slot: datetime) -> Sequence[Meetup]:
        """Occurrences of a series from `slot` on (cancelled ones too), in slot order."""
        rows = await self._session.scalars(
            select(MeetupRow)
            .where(MeetupRow.series_id == series_id, MeetupRow.series_slot >= slot)
            .order_by(MeetupRow.series_slot)
        )
        return await self._load(list(rows))

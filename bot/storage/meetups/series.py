"""Repeating meetups: the rule, and whether a series is still running."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from bot.core.meetups.domain import (
    MeetupSeries,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.meetups.meetups import coordinates_of
from bot.storage.meetups.tables import (
    MeetupSeriesRow,
)


class SqlSeriesRepository(SqlRepository):
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

    async def get(self, series_id: int) -> MeetupSeries | None:
        row = await self._session.get(MeetupSeriesRow, series_id)
        return _series(row) if row else None

    async def save(self, series: MeetupSeries) -> None:
        """Change the rule, first slot and place (an ambassador changed the series)."""
        coordinates = series.place_coordinates
        await self._session.execute(
            update(MeetupSeriesRow)
            .where(MeetupSeriesRow.id == series.id)
            .values(
                rule=series.rule,
                first_starts_at=series.first_starts_at,
                place=series.place,
                latitude=coordinates.latitude if coordinates else None,
                longitude=coordinates.longitude if coordinates else None,
                active=series.active,
            )
        )

    async def active(self) -> Sequence[MeetupSeries]:
        rows = await self._session.scalars(
            select(MeetupSeriesRow).where(MeetupSeriesRow.active.is_(True))
        )
        return [_series(row) for row in rows]

    async def stop(self, series_id: int) -> None:
        await self._session.execute(
            update(MeetupSeriesRow).where(MeetupSeriesRow.id == series_id).values(active=False)
        )


def _series(row: MeetupSeriesRow) -> MeetupSeries:
    return MeetupSeries(
        id=row.id,
        community_id=row.community_id,
        rule=row.rule,
        title=row.title,
        first_starts_at=row.first_starts_at,
        place=row.place,
        place_coordinates=coordinates_of(row.latitude, row.longitude),
        capacity=row.capacity,
        description=row.description,
        active=row.active,
    )

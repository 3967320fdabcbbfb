"""Check-ins at meetups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from bot.core.meetups.domain import (
    Attendance,
    CheckInMethod,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.meetups.tables import (
    AttendanceRow,
)


class SqlAttendanceRepository(SqlRepository):
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

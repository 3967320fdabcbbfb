"""Claims of periodic job runs: INSERT … ON CONFLICT DO NOTHING, so one insert lands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from bot.storage.common.repository import SqlRepository
from bot.storage.common.tables import JobRunRow


class SqlJobRunRepository(SqlRepository):
    async def claim(self, job: str, period: int, worker: str, now: datetime) -> bool:
        statement = (
            self._insert()(JobRunRow)
            .values(job=job, period=str(period), worker=worker, ran_at=now)
            .on_conflict_do_nothing(index_elements=["job", "period"])
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_before(self, before: datetime) -> int:
        result = await self._session.execute(delete(JobRunRow).where(JobRunRow.ran_at < before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

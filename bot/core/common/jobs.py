"""Periodic jobs across several workers: each period of a job is run by one worker only.

Every worker keeps its own timer; before running, a worker claims the job's current period
(a row keyed by job and period number, inserted only if absent). The one whose insert
landed runs it; the others skip. A worker that dies mid-run loses that period's run, which
every periodic job here tolerates: the next period catches up (each is idempotent).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol


class JobRunRepository(Protocol):
    async def claim(self, job: str, period: int, worker: str, now: datetime) -> bool:
        """True for the one caller that claimed `period` of `job`."""
        ...

    async def purge_before(self, before: datetime) -> int: ...


class JobsUnit(Protocol):
    @property
    def job_runs(self) -> JobRunRepository: ...


def period_of(now: datetime, every: timedelta) -> int:
    """The number of the period `now` falls in (periods count from the epoch)."""
    return int(now.timestamp() // every.total_seconds())

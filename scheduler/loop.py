"""The outbox loop of one worker: sweep, then sleep until woken, the next row falls due, or
the sweep interval passes, whichever comes first.

A unit of work that queued rows rings the worker's `Wakeup` after its commit, and on
PostgreSQL every worker hears the commit's NOTIFY, so a confirmed broadcast or a queued
notice is picked up at once, by whichever worker is free; the sweep interval is only the
safety net (a lost notification, a lease that ran out). Each period of reminder and
check-in planning runs on one worker (`once_per_period`); delivery runs on every worker,
the leases keep their rows apart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

from bot.core.common.clock import Clock
from bot.core.common.delivery import Senders
from bot.core.common.durations import Duration
from bot.core.common.wakeup import Wakeup
from bot.core.notices import Notices
from bot.core.ports import UnitOfWorkFactory
from scheduler.jobs import log_report, once_per_period, plan_outbox
from scheduler.outbox import DispatchOutbox, DispatchReport

log = logging.getLogger(__name__)

#: Never sleep less than this between sweeps (a row due now but held by another worker).
MIN_SLEEP_SECONDS = 0.25


class OutboxLoop:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        senders: Senders,
        notices: Notices,
        offsets: Sequence[Duration],
        wakeup: Wakeup,
        worker: str,
        sweep_seconds: float = 30.0,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._offsets = tuple(offsets)
        self.wakeup = wakeup
        self._worker = worker
        self._sweep = timedelta(seconds=sweep_seconds)
        self.dispatch = DispatchOutbox(uow_factory, clock, senders, notices, worker)
        #: Sweeps done so far, notified after each (tests and benchmarks wait on it).
        self.sweeps = 0
        self.swept = asyncio.Condition()

    async def run(self) -> None:
        """Forever, until cancelled (a cancelled sweep gives its unstarted rows back)."""
        while True:
            try:
                await self.sweep()
            except Exception:
                log.exception("outbox sweep failed; the next one retries")
            await self.wakeup.wait(await self._sleep())

    async def sweep(self) -> DispatchReport:
        if await once_per_period(
            self._uow_factory, self._clock, self._worker, "plan_outbox", self._sweep
        ):
            # Reminders due before the next planning are written now with their own due
            # time: the loop wakes for each at its moment.
            await plan_outbox(self._uow_factory, self._clock, self._offsets, 2 * self._sweep)
        report = await self.dispatch()
        log_report(report)
        async with self.swept:
            self.sweeps += 1
            self.swept.notify_all()
        return report

    async def wait_for_sweeps(self, count: int) -> None:
        async with self.swept:
            await self.swept.wait_for(lambda: self.sweeps >= count)

    async def _sleep(self) -> float:
        """Seconds until the next due row, at most the sweep interval."""
        async with self._uow_factory() as uow:
            due = await uow.outbox.next_due()
        seconds = self._sweep.total_seconds()
        if due is not None:
            seconds = min(seconds, (due - self._clock.now()).total_seconds())
        return max(MIN_SLEEP_SECONDS, seconds)

"""The periodic jobs and the scheduler that runs them."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.ports import Clock, UnitOfWorkFactory
from bot.core.usecases.housekeeping import PurgeExpired

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)


async def purge_expired(uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
    async with uow_factory() as uow:
        report = await PurgeExpired(uow, clock)()
        await uow.commit()
    if report.processed_events or report.start_links:
        log.info(
            "purged %d processed events and %d parked start links",
            report.processed_events,
            report.start_links,
        )


def build_scheduler(uow_factory: UnitOfWorkFactory, clock: Clock) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        purge_expired,
        "interval",
        seconds=PURGE_EVERY.total_seconds(),
        args=(uow_factory, clock),
        id="purge_expired",
        coalesce=True,
        max_instances=1,
        next_run_time=clock.now() + timedelta(seconds=5),
    )
    return scheduler

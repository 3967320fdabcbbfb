"""The periodic jobs and the scheduler that runs them.

No job is stored in APScheduler: there are four fixed interval jobs, and everything they
work on (reminders, notices, series) lives in our database, so a restart loses nothing (the
broadcast progress job only remembers which status messages it showed).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.ambassadors.broadcast_progress import ProgressRenderer, ProgressWatch
from bot.core.common.clock import Clock
from bot.core.common.delivery import Senders, StatusEditor
from bot.core.common.domain import ChannelAddress
from bot.core.common.durations import Duration
from bot.core.common.messages import Reply
from bot.core.meetups.reminders import PlanReminders
from bot.core.meetups.series import MaterializeSeries
from bot.core.members.housekeeping import PurgeExpired
from bot.core.members.reachability import best_account
from bot.core.notices import Notices
from bot.core.ports import UnitOfWorkFactory
from bot.core.welcome.checkins import PlanWelcomeCheckins
from scheduler.outbox import DispatchOutbox, DispatchReport

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)
SERIES_EVERY = timedelta(hours=6)
#: How often a broadcast's status message may change while it goes out.
PROGRESS_EVERY = timedelta(seconds=5)


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


async def materialize_series(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    async with uow_factory() as uow:
        created = await MaterializeSeries(uow, clock)()
        await uow.commit()
    return created


# --- Welcome Groups (issue 8): monthly check-ins and the twelve-month question ------------


async def plan_welcome_checkins(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    """Write the due check-ins to the outbox, each exactly once (runs with every sweep)."""
    async with uow_factory() as uow:
        planned = await PlanWelcomeCheckins(uow, clock)()
        await uow.commit()
    return planned


# -----------------------------------------------------------------------------------------


async def show_broadcast_progress(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    senders: Senders,
    watch: ProgressWatch,
    renderer: ProgressRenderer,
) -> int:
    """Show the authors of broadcasts going out how far they are (see broadcast_progress.py);
    returns how many status messages were sent or replaced."""
    plans: list[tuple[ChannelAddress, str, Reply, bool]] = []
    async with uow_factory() as uow:
        for progress in await watch.due(uow, clock.now()):
            author = progress.broadcast.created_by
            assert author is not None
            member = await uow.members.get(author)
            community = await uow.communities.get(progress.broadcast.community_id)
            account = best_account(await uow.members.accounts(author), senders)
            if member is None or community is None or account is None:
                continue
            editable = isinstance(senders.get(account.address.channel), StatusEditor)
            if not editable and not progress.first:
                continue  # one short word where the message cannot be replaced
            reply = renderer.broadcast_progress(
                progress, community, member.locale, editable=editable
            )
            plans.append((account.address, f"broadcast:{progress.broadcast.id}", reply, editable))
    for address, key, reply, editable in plans:
        sender = senders.get(address.channel)
        if editable and isinstance(sender, StatusEditor):
            await sender.replace_status(address, key, reply)
        elif sender is not None:
            await sender.deliver(address, [reply])
    return len(plans)


async def sweep_outbox(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    senders: Senders,
    notices: Notices,
    offsets: Sequence[Duration],
) -> DispatchReport:
    """Plan the reminders and Welcome Group check-ins that are due, then deliver every due
    outbox row."""
    async with uow_factory() as uow:
        await PlanReminders(uow, clock, offsets)()
        await uow.commit()
    await plan_welcome_checkins(uow_factory, clock)
    report = await DispatchOutbox(uow_factory, clock, senders, notices)()
    if report.sent or report.failed or report.unreachable:
        log.info(
            "outbox: %d sent, %d dropped, %d failed, %d unreachable, %d retried",
            report.sent, report.dropped, report.failed, report.unreachable, report.retried,
        )  # fmt: skip
    return report


def build_scheduler(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    senders: Senders,
    notices: Notices,
    offsets: Sequence[Duration],
    sweep_seconds: int = 30,
    progress: ProgressRenderer | None = None,
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    soon = clock.now() + timedelta(seconds=2)
    common = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    scheduler.add_job(
        purge_expired, "interval", seconds=PURGE_EVERY.total_seconds(),
        args=(uow_factory, clock), id="purge_expired", next_run_time=soon, **common,
    )  # fmt: skip
    scheduler.add_job(
        materialize_series, "interval", seconds=SERIES_EVERY.total_seconds(),
        args=(uow_factory, clock), id="materialize_series", next_run_time=soon, **common,
    )  # fmt: skip
    scheduler.add_job(
        sweep_outbox, "interval", seconds=sweep_seconds,
        args=(uow_factory, clock, senders, notices, tuple(offsets)), id="sweep_outbox",
        next_run_time=soon, **common,
    )  # fmt: skip
    if progress is not None:
        scheduler.add_job(
            show_broadcast_progress, "interval", seconds=PROGRESS_EVERY.total_seconds(),
            args=(uow_factory, clock, senders, ProgressWatch(PROGRESS_EVERY), progress),
            id="broadcast_progress", next_run_time=soon, **common,
        )  # fmt: skip
    return scheduler

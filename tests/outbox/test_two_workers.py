"""Two workers on one PostgreSQL database: every member gets a broadcast exactly once, and
the ambassador exactly one report with the right counts. Two cores in one process, each
with its own engine, pool and worker id, like two `josoor run` processes."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import Core, build_core
from bot.config import Settings
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import Senders
from dialogs.notices import NoticeRenderer
from scheduler.jobs import once_per_period
from scheduler.outbox import DispatchOutbox
from tests.ambassadors.conftest import queue_broadcast
from tests.outbox.conftest import SlowSender, author, members

HEADER = "Message from the ambassadors of"
REPORT = "Your message to"


@pytest.fixture
async def second(core: Core, settings: Settings, clock: FrozenClock) -> AsyncIterator[Core]:
    """Another worker on the same database (its own engine, pool and wake-up)."""
    other = await build_core(settings, clock=clock, migrate=False)
    yield other
    await other.close()


@pytest.fixture
def postgres(settings: Settings) -> None:
    if not settings.database_url().startswith("postgres"):
        pytest.skip("several worker processes share a PostgreSQL database")


@pytest.mark.usefixtures("postgres")
async def test_two_dispatchers_send_a_broadcast_once_to_everyone_with_one_report(
    core: Core, second: Core, clock: FrozenClock
) -> None:
    writer = await author(core)
    people = await members(core, 320, first=1000, community="vienna")
    channels = [SlowSender(), SlowSender()]  # what each worker sent
    workers = [
        DispatchOutbox(c.uow_factory, clock, Senders([s]), NoticeRenderer(c.catalogs), f"w{i}")
        for i, (c, s) in enumerate(zip((core, second), channels, strict=True))
    ]
    broadcast_id = await queue_broadcast(core, writer)
    await asyncio.gather(*(worker() for worker in workers))
    await asyncio.gather(*(worker() for worker in workers))  # nothing left: nothing twice

    def texts(external_id: str) -> list[str]:
        return [r.text for c in channels for r in c.delivered.get(external_id, [])]

    copies = Counter(
        external_id
        for channel in channels
        for external_id, replies in channel.delivered.items()
        for reply in replies
        if HEADER in reply.text
    )
    assert copies == Counter({str(n): 1 for n in range(1000, 1000 + len(people))})
    assert all(channel.delivered for channel in channels)  # both workers took a share
    reports = [text for text in texts("9000") if REPORT in text]
    assert len(reports) == 1
    assert f"Sent: {len(people)}" in reports[0] and "Failed: 0" in reports[0]
    async with core.uow_factory() as uow:
        counts = (await uow.broadcasts.counts([broadcast_id]))[broadcast_id]
    assert (counts.pending, counts.sent, counts.uncertain) == (0, len(people), 0)


async def test_a_periodic_job_runs_once_per_period_across_workers(
    core: Core, second: Core, clock: FrozenClock
) -> None:
    every = timedelta(minutes=5)

    async def both() -> list[bool]:
        return list(
            await asyncio.gather(
                once_per_period(core.uow_factory, clock, "w0", "purge_expired", every),
                once_per_period(second.uow_factory, clock, "w1", "purge_expired", every),
            )
        )

    assert sorted(await both()) == [False, True]
    assert await both() == [False, False]  # the same period again
    clock.advance(every)
    assert sorted(await both()) == [False, True]  # the next period: one of them again

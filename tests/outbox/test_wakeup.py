"""Work starts at once: a confirmed broadcast is picked up by a worker sleeping out an hour
long sweep interval, woken by the commit that queued it (in-process), and on PostgreSQL by
its NOTIFY in another worker. Asserted on what was delivered while the sweep was still an
hour away, never on wall-clock thresholds."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import Core, build_core
from bot.config import Settings
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import Senders
from bot.storage.listen import OutboxListener
from dialogs.notices import NoticeRenderer
from scheduler.loop import OutboxLoop
from tests.ambassadors.conftest import queue_broadcast
from tests.outbox.conftest import SlowSender, author, members
from tests.test_meetups import MemberFactory, joined, new_meetup

HOUR = 3600.0
HEADER = "Message from the ambassadors of"


def _loop(core: Core, clock: FrozenClock, channel: SlowSender, worker: str) -> OutboxLoop:
    return OutboxLoop(
        core.uow_factory, clock, Senders([channel]), NoticeRenderer(core.catalogs), (),
        core.uow_factory.wakeup, worker, sweep_seconds=HOUR,
    )  # fmt: skip


@contextlib.asynccontextmanager
async def _running(loop: OutboxLoop) -> AsyncIterator[None]:
    await loop.wakeup.wait(0)  # forget the rings of the set-up (the ambassador's notice)
    task = asyncio.create_task(loop.run())
    try:
        await loop.wait_for_sweeps(1)  # the first sweep at start; then it sleeps for an hour
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _copies(channel: SlowSender) -> int:
    return sum(HEADER in r.text for replies in channel.delivered.values() for r in replies)


async def test_a_confirmed_broadcast_wakes_the_worker_at_once(
    core: Core, clock: FrozenClock
) -> None:
    writer = await author(core)
    await members(core, 5, first=1000, community="vienna")
    channel = SlowSender()
    loop = _loop(core, clock, channel, "w0")
    async with _running(loop):
        assert channel.delivered == {}
        rings = core.uow_factory.wakeup.rings
        await queue_broadcast(core, writer)  # the ambassador taps "send now"
        assert core.uow_factory.wakeup.rings == rings + 1  # rung by that commit
        # A second sweep, long before the hour is up, delivered it.
        await asyncio.wait_for(loop.wait_for_sweeps(2), timeout=60)
        assert _copies(channel) == 5


async def test_another_worker_hears_the_notify_and_sends(
    core: Core, settings: Settings, clock: FrozenClock
) -> None:
    if not settings.database_url().startswith("postgres"):
        pytest.skip("NOTIFY reaches other workers on PostgreSQL")
    other = await build_core(settings, clock=clock, migrate=False)
    writer = await author(core)
    await members(core, 5, first=1000, community="vienna")
    listener = OutboxListener(settings.database_url(), other.uow_factory.wakeup)
    await listener.start()
    try:
        channel = SlowSender()
        loop = _loop(other, clock, channel, "w1")  # only the other worker dispatches
        async with _running(loop):
            await queue_broadcast(core, writer)  # committed by the first worker
            await asyncio.wait_for(loop.wait_for_sweeps(2), timeout=60)
            assert _copies(channel) == 5
        assert other.uow_factory.wakeup.rings >= 1
    finally:
        await listener.stop()
        await other.close()


async def test_a_reminder_is_planned_ahead_and_sent_at_its_moment(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    person = await joined(member_factory)
    meetup = await new_meetup(core, clock.now() + timedelta(hours=3, seconds=20))
    await person.press(f"rsvp:yes:{meetup.id}")
    channel = SlowSender()
    loop = OutboxLoop(
        core.uow_factory, clock, Senders([channel]), NoticeRenderer(core.catalogs),
        core.settings.reminders.durations(), core.uow_factory.wakeup, "w0", sweep_seconds=30,
    )  # fmt: skip
    await loop.sweep()  # 20 s before the three-hour reminder falls due
    async with core.uow_factory() as uow:
        assert await uow.outbox.next_due() == clock.now() + timedelta(seconds=20)
    assert channel.delivered == {}  # written ahead, not sent before its time
    clock.advance(timedelta(seconds=20))
    await loop.sweep()  # the loop sleeps exactly until then (next_due)
    [reminder] = channel.delivered[person.address.external_id]
    assert "Monthly meetup" in reminder.text

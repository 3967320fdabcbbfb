"""Leases, not guesses: only an expired lease is taken over, decided per kind, and a final
state is never overwritten (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.app import Core
from bot.core.common.clock import FrozenClock
from bot.core.common.outbox import NoticeKind, OutboxStatus
from tests.outbox.conftest import claim, enqueue, members, statuses

DEAD, ALIVE = "host-a:11:dead", "host-b:22:alive"


async def test_a_dead_workers_rows_are_recovered_by_kind_and_a_live_lease_is_kept(
    core: Core, clock: FrozenClock
) -> None:
    people = await members(core, 6)
    now = clock.now()
    await enqueue(core, people[:3], NoticeKind.REMINDER, now)
    await enqueue(core, people[:3], NoticeKind.BROADCAST, now + timedelta(seconds=1))
    await enqueue(core, people[3:], NoticeKind.BROADCAST, now + timedelta(seconds=2))
    dead = await claim(core, DEAD, now + timedelta(seconds=1), 6, seconds=10)
    alive = await claim(core, ALIVE, now + timedelta(seconds=2), 10, seconds=300)
    assert len(dead) == 6 and len(alive) == 3
    # The dead worker had handed two reminders and two broadcasts to its sender.
    started = dead[:2] + dead[3:5]
    async with core.uow_factory() as uow:
        await uow.outbox.mark_started(started, now, DEAD)
        await uow.outbox.mark_started(alive, now, ALIVE)
        await uow.commit()

    async with core.uow_factory() as uow:  # before expiry: nothing is taken
        early = await uow.outbox.recover_expired(now + timedelta(seconds=5))
        await uow.commit()
    assert early.total == 0

    async with core.uow_factory() as uow:
        recovered = await uow.outbox.recover_expired(now + timedelta(seconds=30))
        await uow.commit()
    assert (recovered.requeued, recovered.resent, recovered.uncertain) == (2, 2, 2)
    assert recovered.workers == (DEAD,)
    assert await statuses(core, people) == Counter(
        {
            ("reminder", "pending"): 3,  # two resent, one never started
            ("broadcast", "uncertain"): 2,  # under way at the crash: never twice
            ("broadcast", "pending"): 1,  # claimed but never started
            ("broadcast", "sending"): 3,  # the live worker's lease is kept
        }
    )
    async with core.uow_factory() as uow:
        kept = await uow.outbox.finish_many(alive, OutboxStatus.SENT, now, None, ALIVE)
        await uow.commit()
    assert kept == 3


async def test_a_final_state_is_never_overwritten(core: Core, clock: FrozenClock) -> None:
    people = await members(core, 4)
    now = clock.now()
    await enqueue(core, people, NoticeKind.BROADCAST, now)
    ids = await claim(core, ALIVE, now, 10)
    async with core.uow_factory() as uow:
        assert await uow.outbox.finish_many(ids[:2], OutboxStatus.SENT, now, None, ALIVE) == 2
        assert await uow.outbox.finish_many(ids[2:3], OutboxStatus.FAILED, now, "x", ALIVE) == 1
        await uow.commit()
    async with core.uow_factory() as uow:
        # The same worker once more, another worker, a retry after a 429, a release, a
        # recovery long after: none of them changes a final row.
        assert await uow.outbox.finish_many(ids, OutboxStatus.FAILED, now, "y", ALIVE) == 1
        assert await uow.outbox.finish_many(ids, OutboxStatus.SENT, now, None, DEAD) == 0
        assert not await uow.outbox.retry(ids[0], ALIVE, now, now + timedelta(seconds=5), "429")
        assert await uow.outbox.finish_many(ids[:2], OutboxStatus.PENDING, now, None, ALIVE) == 0
        assert (await uow.outbox.recover_expired(now + timedelta(days=1))).total == 0
        await uow.commit()
    assert await statuses(core, people) == Counter(
        {("broadcast", "sent"): 2, ("broadcast", "failed"): 2}
    )


async def test_a_row_retried_after_a_429_is_sent_later_not_lost(
    core: Core, clock: FrozenClock
) -> None:
    [person] = await members(core, 1)
    now = clock.now()
    await enqueue(core, [person], NoticeKind.BROADCAST, now)
    [row] = await claim(core, ALIVE, now, 10)
    async with core.uow_factory() as uow:
        assert await uow.outbox.retry(row, ALIVE, now, now + timedelta(seconds=5), "429")
        await uow.commit()
    assert await claim(core, DEAD, now + timedelta(seconds=4), 10) == []
    async with core.uow_factory() as uow:
        assert await uow.outbox.next_due() == now + timedelta(seconds=5)
    assert await claim(core, DEAD, now + timedelta(seconds=5), 10) == [row]


async def test_a_lease_renewed_while_working_is_not_taken_over(
    core: Core, clock: FrozenClock
) -> None:
    people = await members(core, 2)
    now = clock.now()
    await enqueue(core, people, NoticeKind.REMINDER, now)
    ids = await claim(core, ALIVE, now, 10, seconds=20)
    async with core.uow_factory() as uow:
        assert await uow.outbox.renew(ALIVE, now + timedelta(seconds=60)) == len(ids)
        assert (await uow.outbox.recover_expired(now + timedelta(seconds=30))).total == 0
        await uow.commit()

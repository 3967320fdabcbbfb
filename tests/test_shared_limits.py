"""The shared rate limiter on real databases: slots never overlap, bulk leaves room for
replies, a hold (a platform's retry_after) moves every later slot, idle keys are purged."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.app import Core
from bot.storage.rate_limits import SqlSharedLimits


def limits_of(core: Core) -> SqlSharedLimits:
    return SqlSharedLimits(core.engine, core.keyed_hash)


async def test_slots_of_one_key_are_an_interval_apart(core: Core) -> None:
    limits = limits_of(core)
    started = time.monotonic()
    waits = [await limits.reserve("tg:1:all", 5.0) for _ in range(4)]
    took = time.monotonic() - started
    assert waits[0] == 0.0
    starts = [w for w in waits if w is not None]
    # Each reservation is one interval after the previous (less the time the calls took).
    for earlier, later in itertools.pairwise(starts):
        assert 5.0 - took - 1e-3 <= later - earlier <= 5.0 + 1e-6
    assert await limits.reserve("tg:1:other", 0.5) == 0.0  # keys are independent


async def test_concurrent_reservations_never_share_a_slot(core: Core) -> None:
    first, second = limits_of(core), limits_of(core)
    started = time.monotonic()
    waits = await asyncio.gather(
        *(limiter.reserve("wa:9:all", 1.0) for limiter in [first, second] * 10)
    )
    took = time.monotonic() - started
    slots = sorted(w for w in waits if w is not None)
    assert len(slots) == 20
    # 20 slots 1 s apart span 19 s; a wait is counted from its own call, so the waits span
    # at least 19 s less the time the calls took. Two calls sharing a slot would lose 1 s.
    assert slots[-1] - slots[0] >= 19.0 - took - 1e-3
    assert took < 5.0


async def test_bulk_reserves_only_within_its_horizon(core: Core) -> None:
    limits = limits_of(core)
    for _ in range(5):
        await limits.reserve("tg:2:all", 1.0)  # five replies booked ahead: 4 s of slots
    assert await limits.reserve("tg:2:all", 1.0, horizon=1.0) is None
    hint = await limits.wait_hint("tg:2:all", 1.0)
    assert 3.5 < hint <= 4.0
    assert await limits.reserve("tg:2:all", 1.0) is not None  # a reply still gets a slot


async def test_a_hold_delays_every_later_slot(core: Core) -> None:
    limits = limits_of(core)
    await limits.hold("tg:3:all", 5.0)
    wait = await limits.reserve("tg:3:all", 0.1)
    assert wait is not None and 4.5 < wait <= 5.0
    await limits.hold("tg:3:all", 1.0)  # a shorter hold does not shorten a longer one
    again = await limits.reserve("tg:3:all", 0.1)
    assert again is not None and again > wait


async def test_idle_keys_are_purged_and_busy_ones_kept(core: Core) -> None:
    limits = limits_of(core)
    await limits.hold("tg:4:chat:1", -120.0)  # last used two minutes ago
    await limits.reserve("tg:4:chat:2", 1.0)
    assert await limits.purge(60.0) == 1
    wait = await limits.reserve("tg:4:chat:2", 1.0)
    assert wait is not None and wait > 0.5

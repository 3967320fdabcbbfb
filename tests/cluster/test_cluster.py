"""Three real workers on one PostgreSQL in Telegram webhook mode, behind a round-robin load
balancer, with the Bot API emulator enforcing Telegram's limits (issue 13, "Done when").

A broadcast to 1,000 members goes out from all three workers at once: every member gets
exactly one copy, no second holds more than 30 sends, no chat gets two within a second, and
Telegram never answers 429. Members who write meanwhile are answered through the webhook.
Reminders due for 500 members reach each of them while a worker is killed and restarted.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.broadcast import BODY, FIRST_USER, seed
from bot.app import Core
from tests.cluster.broadcast import (
    MEMBERS,
    chats_with_two_within_a_second,
    copies,
    everyone_going,
    most_sends_in_one_second,
    queue_broadcast,
    reminded,
    until_everyone_has_it,
)
from tests.cluster.harness import Cluster, cluster
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

pytestmark = pytest.mark.cluster
#: Sends one worker can have under way at once (its bulk messages take paced turns): only
#: these may be uncertain after a SIGKILL, sent twice or not at all.
IN_FLIGHT = 5
#: Each worker's pacing setting. A send leaves within 20 ms of its slot (or takes a fresh
#: one), but between that moment and the emulator's clock lie the row's start mark (a
#: commit), the HTTP request and the emulator's own event loop in this process, all on 2 CI
#: cores shared by three workers, PostgreSQL and the test. Those delays bunch sends: fresh-
#: clone CI runs on a quiet machine saw 30 sends in one second and two 429s at 27 a second,
#: and 31 and two 429s at 25. These tests are about every member getting one copy while the
#: workers share one limit, not about the last messages/s (bench/scale.py measures that), so
#: they keep 10 a second of headroom: half a second of bunching.
RATE = 20.0
#: Members whose reminder is due at once (issue 13: "reminders due for 500 members").
REMINDED = 500


@pytest.mark.timeout(300)
async def test_a_broadcast_from_three_workers_keeps_telegrams_limits(
    seeding_core: Core, cluster_database: str, tmp_path: Path
) -> None:
    async with cluster(cluster_database, tmp_path, rate=RATE) as running:
        community = await seed(seeding_core, running.api, MEMBERS)
        await queue_broadcast(seeding_core, community)
        # Meanwhile people write: answered through the balancer, by whichever worker.
        for n in range(5):
            running.api.send_text(FIRST_USER + n * 7, "/help")
        await until_everyone_has_it(running.api, within=120)
        await asyncio.sleep(2)  # anything sent twice would show by now
        check(running, killed=False)


def check(running: Cluster, *, killed: bool) -> None:
    api = running.api
    got = copies(api)
    lost = MEMBERS - len(got)
    twice = sum(1 for n in got.values() if n > 1)
    print(
        f"\ncluster: {len(got)} members reached, {twice} twice, {lost} lost; "
        f"most sends in one second {most_sends_in_one_second(api)}; "
        f"429s {api.rate_limit_violations}; webhook answers {Counter(s for _, s in running.acks)}"
    )
    if killed:
        print(f"cluster: uncertain after the kill (twice or lost): {twice + lost}")
        assert twice + lost <= IN_FLIGHT
    else:
        assert (twice, lost) == (0, 0)
    assert_limits_kept(api)
    answered = {m["chat_id"] for m in api.all_sent() if BODY not in (m["plain_text"] or "")}
    assert {FIRST_USER + n * 7 for n in range(5)} <= answered  # replies during the broadcast


@pytest.mark.timeout(300)
async def test_a_worker_killed_during_a_broadcast_loses_nothing(
    seeding_core: Core, cluster_database: str, tmp_path: Path
) -> None:
    async with cluster(cluster_database, tmp_path, rate=RATE) as running:
        community = await seed(seeding_core, running.api, MEMBERS)
        await queue_broadcast(seeding_core, community)
        before, killed_at = await kill_and_restart_a_third_of_the_way(running, copies, MEMBERS)
        for n in range(5):
            running.api.send_text(FIRST_USER + n * 7, "/help")
        await until_everyone_has_it(running.api, within=120)
        await asyncio.sleep(2)
        print(f"\nkilled worker 1 after {before} sends, {time.monotonic() - killed_at:.1f}s ago")
        check(running, killed=True)


@pytest.mark.timeout(300)
async def test_reminders_due_for_500_members_with_a_killed_worker_each_arrive(
    seeding_core: Core, cluster_database: str, tmp_path: Path
) -> None:
    async with cluster(cluster_database, tmp_path, rate=RATE) as running:
        community = await seed(seeding_core, running.api, REMINDED)
        going = await everyone_going(seeding_core, community, REMINDED)  # due at once
        before, _ = await kill_and_restart_a_third_of_the_way(running, reminded, going)
        # A dead worker's leases expire after 20 s.
        await until_everyone_has_it(running.api, within=120, members=going, received=reminded)
        await asyncio.sleep(2)
        got = reminded(running.api)
        twice = sum(1 for n in got.values() if n > 1)
        print(
            f"\nreminders: killed worker 1 after {before}; {len(got)} members reminded, "
            f"{twice} twice (sends in flight at the kill are sent again), "
            f"429s {running.api.rate_limit_violations}"
        )
        assert len(got) == going  # nobody is left without their reminder
        assert twice <= IN_FLIGHT
        assert_limits_kept(running.api)


def assert_limits_kept(api: TelegramBotApiEmulator) -> None:
    """Telegram's limits held for the workers together: 30 a second, a second per chat."""
    assert most_sends_in_one_second(api) <= 30
    assert chats_with_two_within_a_second(api) == 0
    assert api.rate_limit_violations == 0


async def kill_and_restart_a_third_of_the_way(
    running: Cluster, received: Callable[[TelegramBotApiEmulator], Counter[int]], total: int
) -> tuple[int, float]:
    """SIGKILL worker 1 once a third of the `total` chats hold what `received` counts, start
    it again a second later; return how many held it at the kill, and when that was."""
    for _ in range(600):
        if len(received(running.api)) >= total // 3:
            break
        await asyncio.sleep(0.05)
    victim = running.workers[1]
    before = len(received(running.api))
    await victim.kill()
    killed_at = time.monotonic()
    await asyncio.sleep(1.0)
    await victim.start()
    return before, killed_at

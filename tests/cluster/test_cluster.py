"""Three real workers on one PostgreSQL in Telegram webhook mode, behind a round-robin load
balancer, with the Bot API emulator enforcing Telegram's limits (issue 13, "Done when").

A broadcast to 1,000 members goes out from all three workers at once: every member gets
exactly one copy, no second holds more than 30 sends, no chat gets two within a second, and
Telegram never answers 429. Members who write meanwhile are answered through the webhook.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bench.broadcast import AUTHOR, BODY, FIRST_USER, seed
from bot.app import Core
from bot.core.ambassadors.broadcasts import Broadcasts
from bot.core.ambassadors.domain import AudienceKind
from bot.core.common.domain import Channel, ChannelAddress
from tests.cluster.harness import Cluster, cluster
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

pytestmark = pytest.mark.cluster
MEMBERS = 1000
#: Sends one worker can have under way at once (its bulk messages take paced turns): only
#: these may be uncertain after a SIGKILL, sent twice or not at all.
IN_FLIGHT = 5


async def queue_broadcast(core: Core, community: int) -> None:
    async with core.uow_factory() as uow:
        author = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(AUTHOR)))
        assert author is not None
        flow = Broadcasts(uow, core.clock)
        draft = await flow.draft(author.id, community, AudienceKind.COMMUNITY, None, "en", BODY)
        await flow.queue(author.id, draft.id)
        await uow.commit()


def copies(api: TelegramBotApiEmulator) -> Counter[int]:
    return Counter(int(m["chat_id"]) for m in api.all_sent() if BODY in (m["plain_text"] or ""))


async def until_everyone_has_it(api: TelegramBotApiEmulator, within: float) -> float:
    deadline = time.monotonic() + within
    for _ in range(int(within / 0.2)):  # the emulator records; polled like a dashboard
        if len(copies(api)) >= MEMBERS or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    return time.monotonic()


def most_sends_in_one_second(api: TelegramBotApiEmulator) -> int:
    times = sorted(float(m["time"]) for m in api.all_sent())
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def chats_with_two_within_a_second(api: TelegramBotApiEmulator) -> int:
    per_chat: defaultdict[int, list[float]] = defaultdict(list)
    for message in api.all_sent():
        per_chat[int(message["chat_id"])].append(float(message["time"]))
    return sum(
        1
        for times in per_chat.values()
        if any(b - a < 1.0 for a, b in zip(sorted(times), sorted(times)[1:], strict=False))
    )


@pytest.mark.timeout(300)
async def test_a_broadcast_from_three_workers_keeps_telegrams_limits(
    seeding_core: Core, cluster_database: str, tmp_path: Path
) -> None:
    async with cluster(cluster_database, tmp_path) as running:
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
    assert most_sends_in_one_second(api) <= 30
    assert chats_with_two_within_a_second(api) == 0
    assert api.rate_limit_violations == 0
    answered = {m["chat_id"] for m in api.all_sent() if BODY not in (m["plain_text"] or "")}
    assert {FIRST_USER + n * 7 for n in range(5)} <= answered  # replies during the broadcast


@pytest.mark.timeout(300)
@pytest.mark.xfail(
    strict=True,
    reason="rows a killed worker had claimed wait for outbox leases (issue 13 part A)",
)
async def test_a_worker_killed_during_a_broadcast_loses_nothing(
    seeding_core: Core, cluster_database: str, tmp_path: Path
) -> None:
    async with cluster(cluster_database, tmp_path) as running:
        community = await seed(seeding_core, running.api, MEMBERS)
        await queue_broadcast(seeding_core, community)
        for _ in range(600):  # a third of the way
            if len(copies(running.api)) >= MEMBERS // 3:
                break
            await asyncio.sleep(0.05)
        victim = running.workers[1]
        before = len(copies(running.api))
        await victim.kill()
        killed_at = time.monotonic()
        await asyncio.sleep(1.0)
        await victim.start()
        for n in range(5):
            running.api.send_text(FIRST_USER + n * 7, "/help")
        await until_everyone_has_it(running.api, within=120)
        await asyncio.sleep(2)
        print(f"\nkilled worker 1 after {before} sends, {time.monotonic() - killed_at:.1f}s ago")
        check(running, killed=True)

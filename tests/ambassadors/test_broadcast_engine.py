"""The broadcast engine through the real Telegram adapter against the Bot API emulator:
429 (retry_after 1-5 s), 403, 400 chat not found and timeouts; every reachable member gets
exactly one copy; a stop mid-broadcast resumes without resending; the flood limits hold."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.ambassadors.domain import BroadcastStatus
from bot.core.ambassadors.roles import AddAmbassadorAudited
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import DeliveryResult, Senders, sending_now
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from dialogs.notices import NoticeRenderer
from scheduler.outbox import LEASE_SECONDS, DispatchOutbox, DispatchReport
from tests.ambassadors.conftest import queue_broadcast, telegram_member
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

AUTHOR = 9000
HEADER = "Message from the ambassadors of"


async def _author(core: Core, api: TelegramBotApiEmulator) -> int:
    author = await telegram_member(core, api, AUTHOR)
    async with core.uow_factory() as uow:
        await AddAmbassadorAudited(uow, core.clock)(
            "vienna", ChannelAddress(Channel.TELEGRAM, str(AUTHOR))
        )
        await uow.commit()
    return author


def _dispatcher(core: Core, clock: FrozenClock, senders: Senders | None = None) -> DispatchOutbox:
    return DispatchOutbox(
        core.uow_factory, clock, senders or core.senders, NoticeRenderer(core.catalogs)
    )


def _copies(api: TelegramBotApiEmulator) -> Counter[int]:
    return Counter(m["chat_id"] for m in api.all_sent() if HEADER in (m["plain_text"] or ""))


async def _statuses(core: Core, broadcast_id: int) -> Counter[str]:
    async with core.uow_factory() as uow:
        counts = await uow.broadcasts.counts([broadcast_id])
    c = counts[broadcast_id]
    return Counter(
        {"pending": c.pending, "sent": c.sent, "unreachable": c.unreachable, "failed": c.failed}
    )


async def test_faults_are_survived_and_everyone_reachable_gets_one_copy(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock
) -> None:
    author = await _author(core, api)
    users = list(range(1000, 1016))
    for user in users:
        await telegram_member(core, api, user)
    await telegram_member(core, api, 1016, registered=False)  # Telegram: chat not found
    api.block(1001)  # 403
    broadcast_id = await queue_broadcast(core, author)
    api.fail_next("sendMessage", status=429, retry_after=1)
    api.fail_next("sendMessage", status=429, retry_after=5)
    api.delay_next("sendMessage", 1.5)  # the adapter gives up after 1 s; Telegram delivers
    first = await _dispatcher(core, clock)()
    assert first.retried == 2  # the two 429s, rescheduled by their retry_after
    clock.advance(timedelta(seconds=6))
    await _dispatcher(core, clock)()
    await asyncio.sleep(1.0)  # the delayed request lands
    copies = _copies(api)
    reachable = [u for u in users if u != 1001]
    assert {u: copies[u] for u in reachable} == dict.fromkeys(reachable, 1)
    assert copies[1001] == 0 and copies[1016] == 0
    statuses = await _statuses(core, broadcast_id)
    assert statuses == Counter(sent=15, unreachable=1, failed=1)
    report = api.sent_messages(AUTHOR)[-1]["plain_text"] or ""
    assert "Sent: 15" in report and "Unreachable (they blocked the bot): 1" in report
    assert "Failed: 1" in report and "probably arrived): 1" in report
    async with core.uow_factory() as uow:
        blocked = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, "1001"))
        broadcast = await uow.broadcasts.get(broadcast_id)
    assert blocked is not None and blocked.unreachable
    assert broadcast is not None and broadcast.status is BroadcastStatus.DONE
    # Skipped from then on: a second broadcast does not even try the blocked member.
    calls_before = len([c for c in api.calls("sendMessage") if c["params"].get("chat_id") == 1001])
    await queue_broadcast(core, author, "Second")
    await _dispatcher(core, clock)()
    calls_after = len([c for c in api.calls("sendMessage") if c["params"].get("chat_id") == 1001])
    assert calls_after == calls_before


async def test_a_stop_mid_broadcast_resumes_without_resending(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock
) -> None:
    author = await _author(core, api)
    users = list(range(2000, 2040))
    for user in users:
        await telegram_member(core, api, user)
    broadcast_id = await queue_broadcast(core, author)
    running = asyncio.create_task(_dispatcher(core, clock)())
    await api.wait_for_calls("sendMessage", 12, timeout=10)
    running.cancel()  # what shutdown does to the scheduler's job
    with contextlib.suppress(asyncio.CancelledError):
        await running
    half = _copies(api)
    assert 12 <= sum(half.values()) < len(users)
    statuses = await _statuses(core, broadcast_id)
    assert statuses["sent"] == sum(half.values())  # recorded: nothing left "sending"
    assert statuses["pending"] == len(users) - statuses["sent"]
    await _dispatcher(core, clock)()  # the restarted process
    assert _copies(api) == Counter(dict.fromkeys(users, 1))
    assert (await _statuses(core, broadcast_id))["sent"] == len(users)


class _Crashing:
    """A sender that dies like a killed process after a few messages: the next send has
    started (its pacing turn came) when it dies, the ones after never start."""

    channel = Channel.TELEGRAM
    announces_start = True  # the Telegram adapter inside says when each send starts

    def __init__(self, inner: TelegramChannel, after: int) -> None:
        self._inner = inner
        self._left = after

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        self._left -= 1
        if self._left == -1:
            await sending_now()  # in flight when the process dies
        if self._left < 0:
            raise RuntimeError("the process died")
        return await self._inner.deliver(address, replies, bulk=bulk)


async def test_a_crash_never_sends_twice_and_the_report_still_comes(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock
) -> None:
    author = await _author(core, api)
    users = list(range(3000, 3030))
    for user in users:
        await telegram_member(core, api, user)
    broadcast_id = await queue_broadcast(core, author)
    with contextlib.suppress(RuntimeError):
        await _dispatcher(core, clock, Senders([_Crashing(telegram, after=5)]))()
    await asyncio.sleep(0.5)  # sends that were under way finish
    await _dispatcher(core, clock)()  # another worker: the dead one's lease still runs
    # The five that went out are recorded; the rest wait for the dead worker's lease.
    assert (await _statuses(core, broadcast_id))["pending"] == len(users) - 5
    clock.advance(timedelta(seconds=LEASE_SECONDS + 1))
    report: DispatchReport = await _dispatcher(core, clock)()  # the lease ran out
    copies = _copies(api)
    async with core.uow_factory() as uow:
        counts = (await uow.broadcasts.counts([broadcast_id]))[broadcast_id]
    # Five sends went out before the crash and were recorded as each finished; the sixth was
    # in flight: uncertain, never sent again. The other 24 were claimed but never started:
    # sent by the next worker.
    assert (counts.pending, counts.uncertain, counts.sent) == (0, 1, len(users) - 1)
    assert len(copies) == len(users) - 1 and set(copies.values()) == {1}
    assert report.sent == len(users) - 6 + 1  # and the report
    text = api.sent_messages(AUTHOR)[-1]["plain_text"] or ""
    assert "nobody gets it twice): 1" in text and f"Sent: {len(users) - 1}" in text


async def test_the_flood_limits_of_telegram_hold(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock
) -> None:
    author = await _author(core, api)
    users = list(range(4000, 4060))
    for user in users:
        await telegram_member(core, api, user)
    await queue_broadcast(core, author)
    api.enforce_rate_limits(global_per_second=30, per_chat_per_second=1)
    started = time.monotonic()
    report = await _dispatcher(core, clock)()
    elapsed = time.monotonic() - started
    assert api.rate_limit_violations == 0
    assert report.sent == len(users) + 1  # and the author's report
    assert elapsed >= (len(users) - 1) / 28 - 0.1
    assert _copies(api) == Counter(dict.fromkeys(users, 1))


async def test_replies_go_first_while_a_broadcast_runs(
    core: Core, api: TelegramBotApiEmulator, telegram: TelegramChannel, clock: FrozenClock
) -> None:
    author = await _author(core, api)
    for user in range(5000, 5056):
        await telegram_member(core, api, user)
    await queue_broadcast(core, author)
    running = asyncio.create_task(_dispatcher(core, clock)())
    await api.wait_for_calls("sendMessage", 10, timeout=10)
    asked = time.monotonic()
    api.send_text(5055, "/help")
    [answer, *_] = await api.wait_for_messages(5055, 1, timeout=5)
    if HEADER in (answer["plain_text"] or ""):  # the broadcast reached them first
        answer = (await api.wait_for_messages(5055, 2, timeout=5))[1]
    assert answer["time"] - asked < 0.5  # not behind the ~1.5 s of broadcast still queued
    await running

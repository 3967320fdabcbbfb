"""Pacing (60 messages a second, 6 s between broadcasts to one person) and the work queue."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.app import Core
from bot.channels.whatsapp.pacing import Pacer
from bot.channels.whatsapp.work_queue import KeyedWorkQueue
from bot.core.common.delivery import DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from tests.whatsapp.conftest import AT, onboard
from tests.whatsapp.harness import whatsapp_rig


@dataclass
class FakeTime:
    """Monotonic time that only moves when someone sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def test_the_token_bucket_allows_60_messages_a_second() -> None:
    clock = FakeTime()
    pacer = Pacer(60, 6, monotonic=clock.monotonic, sleep=clock.sleep)
    start = clock.now
    for n in range(180):
        await pacer.wait(f"person-{n}", bulk=False)
    # One second's burst, then 60 a second: 180 messages take two seconds.
    assert abs((clock.now - start) - 2.0) < 0.05


async def test_broadcasts_to_one_person_are_six_seconds_apart() -> None:
    clock = FakeTime()
    pacer = Pacer(60, 6, monotonic=clock.monotonic, sleep=clock.sleep)
    times = []
    for _ in range(3):
        await pacer.wait("anna", bulk=True)
        times.append(clock.now)
    await pacer.wait("omar", bulk=True)  # someone else: no wait
    times.append(clock.now)
    await pacer.wait("anna", bulk=False)  # an answer is not a broadcast
    times.append(clock.now)
    assert [round(t - times[0], 3) for t in times] == [0, 6, 12, 12, 12]


async def test_concurrent_broadcasts_to_one_person_take_different_slots() -> None:
    pacer = Pacer(1000, 0.2)  # real time, short spacing
    loop = asyncio.get_running_loop()
    start = loop.time()
    released: list[float] = []

    async def broadcast() -> None:
        await pacer.wait("anna", bulk=True)
        released.append(loop.time() - start)

    await asyncio.gather(broadcast(), broadcast(), broadcast())
    released.sort()
    assert released[0] < 0.1
    assert 0.19 <= released[1] < 0.35 and 0.39 <= released[2] < 0.55


async def test_the_channel_spaces_bulk_deliveries_to_the_same_member(core: Core) -> None:
    clock = FakeTime()
    async with whatsapp_rig(core, monotonic=clock.monotonic, sleep=clock.sleep) as rig:
        await onboard(rig)
        address = ChannelAddress(Channel.WHATSAPP, AT)
        start = clock.now
        for _ in range(3):
            result = await rig.channel.deliver(address, [Reply("News", "de")], bulk=True)
            assert result.status is DeliveryStatus.SENT
        assert round(clock.now - start, 3) == 12.0
        sent = [m for m in rig.api.sent_to(AT) if m["body"].get("text", {}).get("body") == "News"]
        assert len(sent) == 3


async def test_jobs_for_one_key_run_in_order_and_keys_run_concurrently() -> None:
    queue = KeyedWorkQueue(concurrency=4)
    log: list[str] = []
    gate = asyncio.Event()

    def job(name: str, wait: bool = False):  # type: ignore[no-untyped-def]
        async def run() -> None:
            if wait:
                await gate.wait()
            log.append(name)

        return run

    queue.submit("a", job("a1", wait=True))
    queue.submit("a", job("a2"))
    queue.submit("b", job("b1"))
    await asyncio.sleep(0.01)
    assert log == ["b1"]  # b is not held up by a
    gate.set()
    await queue.join()
    assert log == ["b1", "a1", "a2"]


async def test_a_failing_job_does_not_stop_the_next() -> None:
    queue = KeyedWorkQueue()
    done: list[int] = []

    async def boom() -> None:
        raise RuntimeError("content must not be logged")

    async def fine() -> None:
        done.append(1)

    queue.submit("a", boom)
    queue.submit("a", fine)
    await queue.join()
    assert done == [1]


async def test_close_drains_then_cancels_what_does_not_finish() -> None:
    queue = KeyedWorkQueue()
    finished: list[str] = []
    cancelled: list[str] = []

    async def quick() -> None:
        await asyncio.sleep(0.01)
        finished.append("quick")

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append("forever")
            raise

    queue.submit("a", quick)
    queue.submit("b", forever)
    await queue.close(drain_seconds=0.2)
    assert finished == ["quick"] and cancelled == ["forever"]
    assert not queue.submit("c", quick)  # closed

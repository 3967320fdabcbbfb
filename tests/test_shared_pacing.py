"""Pacers of several workers sharing one database (issue 13): two `SharedPacer`s stand for
two workers. Together they keep one bot's rate, one second between bulk messages to a chat,
replies before bulk messages, and a 429 that one of them got; so do WhatsApp's."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.app import Core
from bot.channels.telegram.shared_pacing import SharedPacer
from bot.channels.whatsapp.shared_pacing import SharedPacer as WhatsAppPacer
from bot.storage.rate_limits import SqlSharedLimits

Stamps = list[tuple[float, int, bool]]


def workers(core: Core, rate: float, count: int = 2) -> list[SharedPacer]:
    return [
        SharedPacer(SqlSharedLimits(core.engine, core.keyed_hash), "42", rate)
        for _ in range(count)
    ]


async def stamp(pacer: SharedPacer, chat: int, bulk: bool, out: Stamps) -> None:
    await pacer.turn(chat, bulk=bulk)
    out.append((time.monotonic(), chat, bulk))


def most_in_one_second(times: list[float]) -> int:
    return max(sum(1 for t in times if a <= t < a + 1.0) for a in times)


async def test_two_workers_together_keep_the_bots_rate(core: Core) -> None:
    first, second = workers(core, 10)
    stamps: Stamps = []
    started = time.monotonic()
    await asyncio.gather(
        *(stamp(first, chat, True, stamps) for chat in range(1, 13)),
        *(stamp(second, chat, True, stamps) for chat in range(101, 113)),
    )
    times = sorted(t for t, _, _ in stamps)
    # Each alone would send 10 a second: 20 together. Shared, 24 take at least 2.3 s, and no
    # second holds more than 10 (one more where a late wake-up meets a punctual one).
    assert times[-1] - started >= 2.25
    assert most_in_one_second(times) <= 11


async def test_bulk_to_one_chat_from_two_workers_is_a_second_apart(core: Core) -> None:
    first, second = workers(core, 1000)
    stamps: Stamps = []
    await asyncio.gather(stamp(first, 7, True, stamps), stamp(second, 7, True, stamps))
    times = sorted(t for t, _, _ in stamps)
    assert times[1] - times[0] >= 0.99


async def test_a_reply_on_one_worker_goes_before_the_others_broadcast(core: Core) -> None:
    first, second = workers(core, 10)
    stamps: Stamps = []
    bulk = [asyncio.create_task(stamp(first, chat, True, stamps)) for chat in range(1, 21)]
    await asyncio.sleep(0.35)
    await stamp(second, 999, False, stamps)
    position = [chat for _, chat, _ in stamps].index(999)
    assert position <= 6  # behind the bulk messages already let through, not all twenty
    for task in bulk:
        task.cancel()
    await asyncio.gather(*bulk, return_exceptions=True)


async def test_a_429_on_one_worker_pauses_the_other(core: Core) -> None:
    first, second = workers(core, 1000)
    first.pause(1.0)
    await asyncio.sleep(0.05)  # the hold is written in the background
    started = time.monotonic()
    await second.turn(5, bulk=False)
    assert time.monotonic() - started >= 0.85


async def test_whatsapp_workers_share_the_numbers_rate_and_the_pair_spacing(core: Core) -> None:
    pacers = [
        WhatsAppPacer(SqlSharedLimits(core.engine, core.keyed_hash), "555", 10, 2.0)
        for _ in range(2)
    ]
    started = time.monotonic()
    stamps: list[float] = []

    async def send(pacer: WhatsAppPacer, who: str) -> None:
        await pacer.wait(who, bulk=False)
        stamps.append(time.monotonic())

    await asyncio.gather(*(send(p, f"p{n}") for p in pacers for n in range(8)))
    assert time.monotonic() - started >= 1.45  # 16 at 10 a second, not 20 a second
    assert most_in_one_second(sorted(stamps)) <= 11

    anna: list[float] = []

    async def broadcast(pacer: WhatsAppPacer) -> None:
        await pacer.wait("anna", bulk=True)
        anna.append(time.monotonic())

    await asyncio.sleep(0.2)  # the number's next slot is free: only the pair spacing waits
    await asyncio.gather(*(broadcast(p) for p in pacers))
    assert abs(anna[1] - anna[0]) >= 1.95


async def test_a_reply_right_after_a_broadcast_message_keeps_the_chats_second(
    core: Core,
) -> None:
    first, second = workers(core, 1000)
    stamps: Stamps = []
    await stamp(first, 8, True, stamps)  # the broadcast reached chat 8 on one worker
    await stamp(second, 8, False, stamps)  # they write; the other worker answers
    assert stamps[1][0] - stamps[0][0] >= 0.99


async def test_a_bulk_message_that_waited_keeps_a_second_after_a_reply_to_its_chat(
    core: Core,
) -> None:
    # Worker one's broadcast reaches chat 8 only after fifteen others (1.5 s at 10 a second);
    # meanwhile worker two answers chat 8. Whichever leaves first, a second lies between them.
    first, second = workers(core, 10)
    stamps: Stamps = []
    bulk = [asyncio.create_task(stamp(first, chat, True, stamps)) for chat in range(101, 116)]
    bulk.append(asyncio.create_task(stamp(first, 8, True, stamps)))
    await asyncio.sleep(0.3)
    await stamp(second, 8, False, stamps)
    await asyncio.gather(*bulk)
    to_eight = sorted(t for t, chat, _ in stamps if chat == 8)
    assert len(to_eight) == 2
    assert to_eight[1] - to_eight[0] >= 0.99


async def test_a_worker_that_wakes_late_takes_a_fresh_slot(core: Core) -> None:
    # Worker one stalls once (a busy CPU): it wakes 0.35 s after its slot. Sent then, its
    # message would land between worker two's, closer than the bot's interval allows.
    limits = SqlSharedLimits(core.engine, core.keyed_hash)
    stalled: list[bool] = []

    async def stalling_sleep(seconds: float) -> None:
        extra = 0.35 if not stalled else 0.0
        stalled.append(True)
        await asyncio.sleep(seconds + extra)

    first = SharedPacer(limits, "42", 5, sleep=stalling_sleep)
    second = SharedPacer(limits, "42", 5)
    stamps: Stamps = []
    await asyncio.gather(
        *(stamp(second, chat, False, stamps) for chat in range(1, 5)),
        *(stamp(first, chat, False, stamps) for chat in range(11, 14)),
    )
    assert stalled, "worker one waited for a slot"
    times = sorted(t for t, _, _ in stamps)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.12  # one slot is 0.2 s; a late send would leave 0.05 s gaps


async def test_an_edit_takes_no_slot_of_the_bots_rate_on_any_worker(core: Core) -> None:
    first, second = workers(core, 2)  # one slot every half second, shared
    await first.turn(1, bulk=False)
    started = time.monotonic()
    await second.turn(2, bulk=False, edit=True)
    assert time.monotonic() - started < 0.3
    await second.turn(2, bulk=False)  # a message to the same chat keeps its second
    assert time.monotonic() - started >= 0.95

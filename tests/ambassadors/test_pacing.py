"""The Telegram pacer: an even global rate without bursts, one second between bulk messages
to one chat, replies before bulk messages, and a pause after a 429."""

from __future__ import annotations

import asyncio
import time

from bot.channels.telegram.pacing import Pacer


async def _stamp(pacer: Pacer, chat: int, bulk: bool, out: list[tuple[float, int, bool]]) -> None:
    await pacer.turn(chat, bulk=bulk)
    out.append((time.monotonic(), chat, bulk))


async def test_no_burst_and_no_more_than_the_rate_in_any_second() -> None:
    pacer = Pacer(50)
    stamps: list[tuple[float, int, bool]] = []
    started = time.monotonic()
    await asyncio.gather(*(_stamp(pacer, chat, True, stamps) for chat in range(60)))
    times = sorted(t for t, _, _ in stamps)
    assert times[-1] - started >= 59 / 50 - 0.05
    assert all(sum(1 for t in times if a <= t < a + 1.0) <= 51 for a in times)


async def test_bulk_messages_to_one_chat_are_a_second_apart() -> None:
    pacer = Pacer(1e9)
    stamps: list[tuple[float, int, bool]] = []
    await asyncio.gather(*(_stamp(pacer, 7, True, stamps) for _ in range(3)))
    times = sorted(t for t, _, _ in stamps)
    assert times[1] - times[0] >= 0.99 and times[2] - times[1] >= 0.99


async def test_replies_go_before_waiting_bulk_messages() -> None:
    pacer = Pacer(20)
    stamps: list[tuple[float, int, bool]] = []
    bulk = [asyncio.create_task(_stamp(pacer, chat, True, stamps)) for chat in range(20)]
    await asyncio.sleep(0.12)
    await _stamp(pacer, 999, False, stamps)
    position = [chat for _, chat, _ in stamps].index(999)
    assert position <= 4  # behind at most the bulk messages already let through
    await asyncio.gather(*bulk)


async def test_a_429_pauses_everyone() -> None:
    pacer = Pacer(1e9)
    pacer.pause(0.5)
    started = time.monotonic()
    await pacer.turn(1, bulk=False)
    assert time.monotonic() - started >= 0.49


async def test_among_waiting_replies_the_oldest_update_goes_first() -> None:
    pacer = Pacer(20)
    await pacer.turn(0, bulk=False)  # the next slot is 50 ms away: everyone below waits
    order: list[int] = []

    async def reply(chat: int, since: float) -> None:
        await pacer.turn(chat, bulk=False, since=since)
        order.append(chat)

    now = time.monotonic()
    # Queued newest first: chat 3's update is the oldest, chat 1's the newest.
    tasks = [asyncio.create_task(reply(chat, now - chat)) for chat in (1, 2, 3)]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(reply(4, now - 10)))  # older still, arrives last
    await asyncio.gather(*tasks)
    assert order == [4, 3, 2, 1]


async def test_replies_keep_the_rate_while_they_queue() -> None:
    pacer = Pacer(50)
    stamps: list[tuple[float, int, bool]] = []
    started = time.monotonic()
    await asyncio.gather(*(_stamp(pacer, chat, False, stamps) for chat in range(30)))
    times = sorted(t for t, _, _ in stamps)
    assert len(times) == 30
    assert times[-1] - started >= 29 / 50 - 0.05


async def test_the_messages_of_one_answer_are_a_second_apart() -> None:
    # Telegram counts every message to a chat; a second one within the second is a 429,
    # and a 429 pauses every send of the bot.
    pacer = Pacer(1e9)
    stamps: list[tuple[float, int, bool]] = []
    for _ in range(2):
        await _stamp(pacer, 7, False, stamps)
    assert stamps[1][0] - stamps[0][0] >= 0.99


async def test_an_edit_keeps_the_chats_second_but_takes_no_slot_of_the_rate() -> None:
    pacer = Pacer(2)  # one slot every half second
    await pacer.turn(1, bulk=False)
    started = time.monotonic()
    await pacer.turn(2, bulk=False, edit=True)  # the screen of another chat: at once
    assert time.monotonic() - started < 0.3
    await pacer.turn(3, bulk=False)  # a new message waits for the next slot
    assert time.monotonic() - started >= 0.45
    await pacer.turn(2, bulk=False, edit=True)  # chat 2 again: its second first
    assert time.monotonic() - started >= 0.99

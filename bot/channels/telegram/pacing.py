"""Pacing of everything we send to Telegram: one limiter for replies and broadcasts.

Telegram allows about 30 messages a second overall, about one a second in one chat, and 20
a minute in a group; beyond that it answers 429 with `retry_after`. We keep to a configured
global rate (28 by default) with a token bucket of one token, so messages leave evenly spaced
and never in a burst (a bucket as deep as the rate, like PTB's AIORateLimiter, lets 28 go at
once and then 28 more within the same second: a sliding one-second window sees 56).
Any two messages to one private chat leave a second apart, replies included: the second
message of an answer follows the first a second later, as Telegram asks ("avoid sending more
than one message per second" in a chat), because a 429 there pauses every send. Edits keep
that second too but take no slot of the global rate: Telegram's ~30 a second is for messages
sent to many people (its FAQ on broadcasting), editing shares only the per-chat limits.
Bulk messages (broadcasts) also wait while replies to people who just wrote are waiting, so
a broadcast never delays a conversation by more than one slot. A 429 pauses every send for
its `retry_after`.

Among replies, the oldest update goes first (`since`: when its update arrived): when a burst
of people write at once, each slot goes to whoever has waited longest, so nobody's answer
starves behind others' follow-ups (see `_ReplyQueue`).

PTB's own rate limiter is not used: two limiters would stack their delays, and it retries
inside the library, where the outbox cannot see a 429 to reschedule the message.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Between two bulk messages to one private chat, and between any two messages to a group.
CHAT_SPACING_SECONDS = 1.0
GROUP_SPACING_SECONDS = 3.0
#: Above this rate the pacer does nothing (benchmarks that measure without pacing).
UNLIMITED = 1e6
_FORGET_AFTER = 60.0


class Pacer:
    def __init__(
        self,
        messages_per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = 0.0 if messages_per_second >= UNLIMITED else 1.0 / messages_per_second
        self._clock = clock
        self._next_free = 0.0
        self._paused_until = 0.0
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._bulk_turn = asyncio.Lock()
        self._replies = _ReplyQueue()

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends before `seconds` from now."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def turn(
        self, chat_id: int, *, bulk: bool, since: float | None = None, edit: bool = False
    ) -> None:
        """Wait until this message may leave; the caller sends right after. `since`: when
        the update this reply answers arrived (the clock's time); older goes first. An
        `edit` of a message keeps the chat's spacing but takes none of the bot's slots."""
        spacing = GROUP_SPACING_SECONDS if chat_id < 0 else CHAT_SPACING_SECONDS
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:  # messages to one chat take their turns one after the other
            await self._wait_until(self._chat_next.get(chat_id, 0.0))
            if not edit:
                await self._slot(bulk=bulk, since=since)
            now = self._clock()
            self._chat_next[chat_id] = now + spacing
        if len(self._chat_next) > 4096:
            self._forget(now)

    async def _slot(self, *, bulk: bool, since: float | None) -> None:
        if bulk:
            async with self._bulk_turn:  # one bulk message at a time waits for a slot
                await self._global_slot(bulk=True)
            return
        if not self._interval and self._paused_until <= self._clock():
            self._global_take(self._clock())  # unpaced and not paused: nobody waits
            return
        async with self._replies.place(self._clock() if since is None else since) as place:
            while True:
                await place.wait()  # only the oldest waiting reply competes for the slot
                now = self._clock()
                start = max(self._next_free, self._paused_until)
                if start <= now:
                    self._global_take(now)
                    return
                await asyncio.sleep(start - now)  # an older one may arrive meanwhile

    async def _global_slot(self, *, bulk: bool) -> None:
        while True:
            now = self._clock()
            start = max(self._next_free, self._paused_until)
            if start <= now and not (bulk and self._replies):
                self._global_take(now)
                return
            await asyncio.sleep(start - now if start > now else max(self._interval, 0.001))

    def _global_take(self, now: float) -> None:
        # Slots keep their schedule when we wake a little late (the rate holds), but after a
        # pause or a stall the schedule restarts now: never a burst to catch up.
        late = now - self._next_free >= self._interval
        self._next_free = (now if late else self._next_free) + self._interval

    async def _wait_until(self, moment: float) -> None:
        while True:  # a 429 may move the pause while we wait
            delay = max(moment, self._paused_until) - self._clock()
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    def _forget(self, now: float) -> None:
        for chat_id in [c for c, t in self._chat_next.items() if t < now - _FORGET_AFTER]:
            del self._chat_next[chat_id]
            lock = self._chat_locks.get(chat_id)
            if lock is not None and not lock.locked():
                del self._chat_locks[chat_id]


# -- who goes first among replies -------------------------------------------------------------


@dataclass(order=True)
class _Waiting:
    since: float
    seq: int
    turn: asyncio.Event = field(compare=False, default_factory=asyncio.Event)


class _ReplyQueue:
    """The replies waiting for a slot, oldest update first; only the head competes for the
    global slot, the others sleep until they are the head (no thundering herd)."""

    def __init__(self) -> None:
        self._heap: list[_Waiting] = []
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def place(self, since: float) -> _Place:
        return _Place(self, _Waiting(since, next(self._seq)))

    def push(self, entry: _Waiting) -> None:
        heapq.heappush(self._heap, entry)
        self._wake_head()

    def remove(self, entry: _Waiting) -> None:
        if self._heap and self._heap[0] is entry:
            heapq.heappop(self._heap)
        else:
            self._heap.remove(entry)
            heapq.heapify(self._heap)
        self._wake_head()

    def is_head(self, entry: _Waiting) -> bool:
        return bool(self._heap) and self._heap[0] is entry

    def _wake_head(self) -> None:
        if self._heap:
            self._heap[0].turn.set()


class _Place:
    """One reply's place in the queue, for `async with`: it waits to be the head."""

    def __init__(self, queue: _ReplyQueue, entry: _Waiting) -> None:
        self._queue = queue
        self._entry = entry

    async def __aenter__(self) -> _Place:
        self._queue.push(self._entry)
        return self

    async def wait(self) -> None:
        while not self._queue.is_head(self._entry):
            self._entry.turn.clear()
            await self._entry.turn.wait()

    async def __aexit__(self, *_: object) -> None:
        self._queue.remove(self._entry)

"""Pacing of outgoing messages: a token bucket per phone number, and broadcast spacing.

The Cloud API accepts a limited number of messages per second per business phone number
(error 130429 past it) and only a few per person in a short time (error 131056). We stay below
both instead of provoking them: every message takes a token (the bucket refills at
`rate` per second and holds one second's worth), and broadcast (`bulk`) messages to the same
person are at least `bulk_spacing` seconds apart. Time and sleep are injectable for tests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


class Pacer:
    def __init__(
        self,
        rate: float,
        bulk_spacing: float,
        *,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self._rate = rate
        self._capacity = max(1.0, rate)
        self._spacing = bulk_spacing
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = self._capacity
        self._updated = monotonic()
        self._lock = asyncio.Lock()
        #: When the next broadcast message to each person may go (reserved slots).
        self._next_bulk: dict[str, float] = {}

    async def wait(self, recipient: str, *, bulk: bool) -> None:
        """Return when one more message to `recipient` may be sent."""
        if bulk and self._spacing > 0:
            now = self._monotonic()
            slot = max(now, self._next_bulk.get(recipient, now))
            # Reserve before sleeping, so two broadcasts at once cannot take the same slot.
            self._next_bulk[recipient] = slot + self._spacing
            self._forget_old(now)
            if slot > now:
                await self._sleep(slot - now)
        await self._take_token()

    async def _take_token(self) -> None:
        async with self._lock:  # waiters are served in turn
            while True:
                now = self._monotonic()
                elapsed = max(0.0, now - self._updated)
                self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
                self._updated = now
                if self._tokens >= 1 - 1e-9:  # float rounding must not wait for nothing
                    self._tokens = max(0.0, self._tokens - 1)
                    return
                await self._sleep((1 - self._tokens) / self._rate)

    def _forget_old(self, now: float) -> None:
        if len(self._next_bulk) > 10_000:
            self._next_bulk = {k: v for k, v in self._next_bulk.items() if v > now}

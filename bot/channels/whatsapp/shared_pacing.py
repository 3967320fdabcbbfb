"""Pacing shared by every worker (PostgreSQL): one business number's limits hold for all.

The same contract as `Pacer` (pacing.py), with the slots in the shared limiter
(`SharedLimits`): messages from one number leave at most `rate` a second across all workers,
evenly spaced, and broadcast messages to one person at least `bulk_spacing` seconds apart
(Meta's pair rate limit), whichever worker sends them.
"""

from __future__ import annotations

import asyncio
import time

from bot.channels.whatsapp.pacing import Sleep
from bot.core.common.limits import MAX_RETAKES, ON_TIME_SECONDS, SharedLimits


class SharedPacer:
    def __init__(
        self,
        limits: SharedLimits,
        phone_id: str,
        rate: float,
        bulk_spacing: float,
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self._limits = limits
        self._account = f"whatsapp:{phone_id}"
        self._interval = 1.0 / rate
        self._spacing = bulk_spacing
        self._sleep = sleep

    async def wait(self, recipient: str, *, bulk: bool) -> None:
        """Return when one more message to `recipient` may be sent."""
        person = f"{self._account}:to:{recipient}"
        retakes = 0
        while True:
            wait = await self._limits.reserve(f"{self._account}:all", self._interval) or 0.0
            slot_at = time.monotonic() + wait
            if wait:
                await self._sleep(wait)
            if time.monotonic() - slot_at > ON_TIME_SECONDS and retakes < MAX_RETAKES:
                retakes += 1  # woke too late: the next slots may already be leaving
                continue
            if not (bulk and self._spacing > 0):
                return
            # The person's spacing is booked as the message leaves, not before its wait.
            if (
                await self._limits.reserve(person, self._spacing, horizon=ON_TIME_SECONDS)
                is not None
            ):
                return
            await self._sleep(await self._limits.wait_hint(person, ON_TIME_SECONDS))

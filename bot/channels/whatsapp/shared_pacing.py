"""Pacing shared by every worker (PostgreSQL): one business number's limits hold for all.

The same contract as `Pacer` (pacing.py), with the slots in the shared limiter
(`SharedLimits`): messages from one number leave at most `rate` a second across all workers,
evenly spaced, and broadcast messages to one person at least `bulk_spacing` seconds apart
(Meta's pair rate limit), whichever worker sends them.
"""

from __future__ import annotations

import asyncio

from bot.channels.whatsapp.pacing import Sleep
from bot.core.common.limits import SharedLimits


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
        if bulk and self._spacing > 0:
            wait = await self._limits.reserve(f"{self._account}:to:{recipient}", self._spacing)
            if wait:
                await self._sleep(wait)
        wait = await self._limits.reserve(f"{self._account}:all", self._interval)
        if wait:
            await self._sleep(wait)

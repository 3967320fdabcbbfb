"""Waking the outbox dispatcher the moment there is work, instead of at the next sweep.

A unit of work that wrote due outbox rows rings the worker's `Wakeup` after its commit (and,
on PostgreSQL, sends a NOTIFY that rings every other worker's). The dispatcher waits on it
with the sweep interval, or the next due row, as the timeout: the sweep stays the safety net.
"""

from __future__ import annotations

import asyncio
import contextlib


class Wakeup:
    """An `asyncio.Event` with the one use the dispatcher needs: ring, or wait and reset."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        #: How often it was rung (tests and metrics read it).
        self.rings = 0

    def ring(self) -> None:
        self.rings += 1
        self._event.set()

    async def wait(self, seconds: float) -> bool:
        """Until rung or `seconds` passed; True when rung. A ring that came while
        the caller was busy is not lost: the event stays set until this returns."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), max(0.0, seconds))
        rung = self._event.is_set()
        self._event.clear()
        return rung

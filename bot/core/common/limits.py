"""The port of a rate limiter every worker shares (platform limits hold for all of them).

A limit is a key (an account, or an account and one chat) whose slots are `interval` seconds
apart: GCRA's "theoretical arrival time", kept where every worker sees it. Reserving a slot
moves that time on by one interval and says how long to wait for the slot; `hold` moves it
to a moment (a platform's `retry_after`), so every worker waits it out. The core names the
port; storage implements it (bot/storage/rate_limits.py); the platform pacers use it.
"""

from __future__ import annotations

from typing import Protocol

#: A slot is kept only when its message leaves within this much of it. A later start (a busy
#: CPU, a slow database) takes a fresh slot, since platforms count messages as they arrive,
#: not as they were booked: late messages would bunch up with the next ones and meet a 429.
ON_TIME_SECONDS = 0.02
#: Fresh slots one message may take before it goes anyway (a 429 is then waited out).
MAX_RETAKES = 3


class SharedLimits(Protocol):
    async def reserve(
        self, key: str, interval: float, *, horizon: float | None = None
    ) -> float | None:
        """Take the next slot of `key` and return the seconds until it (0 when free now).

        With `horizon`, take it only when it is at most `horizon` seconds away, else return
        None and take nothing: bulk work asks this way, so slots stay free for replies.
        """
        ...

    async def wait_hint(self, key: str, horizon: float) -> float:
        """Seconds until a `reserve(…, horizon=horizon)` of `key` can succeed."""
        ...

    async def hold(self, key: str, seconds: float) -> None:
        """No slot of `key` starts sooner than `seconds` from now."""
        ...

    async def purge(self, idle_seconds: float) -> int:
        """Forget keys whose last slot is more than `idle_seconds` in the past."""
        ...

"""Pacing shared by every worker (PostgreSQL): Telegram's limits hold for all of them together.

The same contract as `Pacer` (pacing.py), with the slots kept in the shared limiter
(`SharedLimits`, one row per key in the database) instead of this process's memory: about
`messages_per_second` for the bot across all workers, one second between two bulk messages
to one private chat (a reply marks the chat too), three seconds between any two messages to
a group. Replies come first: a reply takes the next slot whatever is booked, while bulk
messages book only a slot within one interval of now (`horizon`), so at most one bulk
message per worker stands between a reply and its slot. Bulk messages of this worker queue
in arrival order (oldest first). A 429 holds the bot's key for `retry_after`, so every
worker waits it out, not only the one that got it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.channels.telegram.pacing import CHAT_SPACING_SECONDS, GROUP_SPACING_SECONDS
from bot.core.common.limits import SharedLimits

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
#: Idle chat keys are forgotten after this long; a purge runs at most this often.
PURGE_SECONDS = 60.0


class SharedPacer:
    def __init__(
        self,
        limits: SharedLimits,
        account: str,
        messages_per_second: float,
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._limits = limits
        self._account = f"telegram:{account}"
        self._interval = 1.0 / messages_per_second
        self._sleep = sleep
        self._paused_until = 0.0
        self._bulk_turn = asyncio.Lock()
        self._purged_at = time.monotonic()
        self._tasks: set[asyncio.Task[None]] = set()

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody, in any worker, sends before `seconds` from now."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        task = asyncio.get_running_loop().create_task(
            self._limits.hold(f"{self._account}:all", seconds)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def turn(self, chat_id: int, *, bulk: bool, since: float | None = None) -> None:
        """Wait until this message may leave; the caller sends right after. `since` (when
        the update arrived) is not used here: replies reserve their slots in the order
        they ask, across workers."""
        chat = f"{self._account}:chat:{chat_id}"
        spacing = GROUP_SPACING_SECONDS if chat_id < 0 else CHAT_SPACING_SECONDS if bulk else 0.0
        if spacing:
            await self._wait(await self._limits.reserve(chat, spacing))
        if bulk:
            async with self._bulk_turn:
                await self._bulk_slot()
        else:
            await self._wait(await self._limits.reserve(f"{self._account}:all", self._interval))
            if chat_id > 0:  # a bulk message to this chat keeps its second after the reply
                await self._limits.hold(chat, CHAT_SPACING_SECONDS)
        await self._wait(self._paused_until - time.monotonic())
        await self._purge_now_and_then()

    async def _bulk_slot(self) -> None:
        key = f"{self._account}:all"
        while True:
            wait = await self._limits.reserve(key, self._interval, horizon=self._interval)
            if wait is not None:
                await self._wait(wait)
                return
            await self._wait(
                max(await self._limits.wait_hint(key, self._interval), self._interval / 2)
            )

    async def _wait(self, seconds: float | None) -> None:
        if seconds is not None and seconds > 0:
            await self._sleep(seconds)

    async def _purge_now_and_then(self) -> None:
        now = time.monotonic()
        if now - self._purged_at < PURGE_SECONDS:
            return
        self._purged_at = now
        try:
            await self._limits.purge(PURGE_SECONDS)
        except Exception as error:  # a missed purge is retried in a minute
            log.warning("telegram: purging idle rate limits failed: %s", type(error).__name__)

"""Pacing shared by every worker (PostgreSQL): Telegram's limits hold for all of them together.

The same contract as `Pacer` (pacing.py), with the slots kept in the shared limiter
(`SharedLimits`, one row per key in the database) instead of this process's memory: about
`messages_per_second` for the bot across all workers, one second between any two messages
to one private chat (a reply right after a broadcast message waits for the rest of that
second, and the second message of a reply one second: Telegram's 429 counts them all once
several workers share the chat), three seconds between any two messages to a group.
Replies come first: a reply takes the next slot whatever is booked, while bulk messages
book only a slot within one interval of now (`horizon`), so at most one bulk message per
worker stands between a reply and its slot. Bulk messages of this worker queue
in arrival order (oldest first). A message whose worker wakes late for its slot takes a
fresh one, and a chat's spacing is booked as its message leaves. A 429 holds the bot's key
for `retry_after`, so every worker waits it out, not only the one that got it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.channels.telegram.pacing import CHAT_SPACING_SECONDS, GROUP_SPACING_SECONDS
from bot.core.common.limits import MAX_RETAKES, ON_TIME_SECONDS, SharedLimits

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

    async def turn(
        self, chat_id: int, *, bulk: bool, since: float | None = None, edit: bool = False
    ) -> None:
        """Wait until this message may leave; the caller sends right after. `since` (when
        the update arrived) is not used here: replies reserve their slots in the order
        they ask, across workers. An `edit` keeps the chat's spacing but takes no slot of
        the bot's rate (see pacing.py)."""
        chat = f"{self._account}:chat:{chat_id}"
        spacing = GROUP_SPACING_SECONDS if chat_id < 0 else CHAT_SPACING_SECONDS
        retakes = 0
        while True:
            await self._wait(self._paused_until - time.monotonic())
            slot_at = time.monotonic() if edit else await self._global_slot(bulk=bulk)
            if time.monotonic() - slot_at > ON_TIME_SECONDS and retakes < MAX_RETAKES:
                retakes += 1  # woke too late: the next slots may already be leaving
                continue
            # The chat's spacing is booked as the message leaves, never earlier: a message
            # that waited for its slot cannot then follow another worker's reply too closely.
            chat_wait = await self._limits.reserve(chat, spacing, horizon=ON_TIME_SECONDS)
            if chat_wait is not None:
                await self._wait(chat_wait)
                break
            await self._wait(await self._limits.wait_hint(chat, ON_TIME_SECONDS))
        await self._purge_now_and_then()

    async def _global_slot(self, *, bulk: bool) -> float:
        """Take the bot's next slot, wait for it and return when it was (monotonic)."""
        key = f"{self._account}:all"
        if not bulk:
            wait = await self._limits.reserve(key, self._interval) or 0.0
            slot_at = time.monotonic() + wait
            await self._wait(wait)
            return slot_at
        async with self._bulk_turn:
            while True:
                within = await self._limits.reserve(key, self._interval, horizon=self._interval)
                if within is not None:
                    slot_at = time.monotonic() + within
                    await self._wait(within)
                    return slot_at
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

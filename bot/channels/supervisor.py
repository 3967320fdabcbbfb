"""Starting the channels without letting one platform take the others down.

A channel whose platform cannot be reached at start (Telegram's API down, DNS failing) is
retried in the background with exponential backoff (1 s, 2 s, 4 s … at most a minute) while
everything else serves; `/healthz` reports its state ("starting", "ok" or "unreachable") and
the whole server as "degraded" until it is up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from bot.channels.registry import ChannelRuntime

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0


class ChannelSupervisor:
    def __init__(
        self,
        channels: Sequence[ChannelRuntime],
        *,
        first_retry: float = FIRST_RETRY_SECONDS,
        max_retry: float = MAX_RETRY_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._channels = list(channels)
        self._first_retry, self._max_retry, self._sleep = first_retry, max_retry, sleep
        self._states = {_key(c): "starting" for c in self._channels}
        self._retrying: list[asyncio.Task[None]] = []

    def states(self) -> dict[str, str]:
        """Each channel's state, by its channel name (`telegram`, `whatsapp`, `webchat`)."""
        return dict(self._states)

    async def start_all(self) -> None:
        """Start every channel once; those that fail go on trying in the background."""
        for channel in self._channels:
            if not await self._try(channel):
                task = asyncio.create_task(self._retry(channel), name=f"start-{_key(channel)}")
                self._retrying.append(task)

    async def stop_all(self) -> None:
        for task in self._retrying:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for channel in reversed(self._channels):
            if self._states[_key(channel)] == "ok":
                await channel.stop()

    async def _try(self, channel: ChannelRuntime) -> bool:
        try:
            await channel.start()
        except Exception as error:
            # The type only: messages of network errors name hosts and sometimes tokens.
            log.warning("%s: cannot start (%s); retrying", channel.name, type(error).__name__)
            self._states[_key(channel)] = "unreachable"
            with contextlib.suppress(Exception):
                await channel.stop()  # back to a clean state for the next try
            return False
        self._states[_key(channel)] = "ok"
        return True

    async def _retry(self, channel: ChannelRuntime) -> None:
        delay = self._first_retry
        while True:
            await self._sleep(delay)
            if await self._try(channel):
                log.info("%s: started after all", channel.name)
                return
            delay = min(delay * 2, self._max_retry)


def _key(channel: ChannelRuntime) -> str:
    return channel.channel.value

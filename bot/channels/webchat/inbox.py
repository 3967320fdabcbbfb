"""Proactive messages for the web chat: kept in the database until the page fetches them.

The web chat is the local, no-account way to try Josoor; a browser tab polls
`/api/webchat/inbox` every few seconds, and with several workers the poll may reach any of
them, so the messages wait in the database (`SqlWebChatInbox`), not in the memory of the
worker that sent them. Only what the page must show is stored, and only until it is taken
(a take deletes); a page never opened again leaves its messages for a day, then they are
purged. At most `MAX_PER_SESSION` are shown, the newest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from starlette.routing import BaseRoute

from bot.core.common.clock import Clock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply

log = logging.getLogger(__name__)

MAX_PER_SESSION = 50
#: Messages a page never took are purged after this long.
KEEP = timedelta(days=1)
PURGE_EVERY_SECONDS = 3600.0


class InboxStore(Protocol):
    async def put(self, session: str, bodies: list[dict[str, Any]], now: datetime) -> None: ...
    async def take(self, session: str, limit: int) -> list[dict[str, Any]]: ...
    async def purge_older_than(self, cutoff: datetime) -> int: ...


class WebChatInbox:
    """The web chat as a `Sender` and a channel runtime (its routes are the web chat's)."""

    channel = Channel.WEBCHAT
    name = "web chat"

    def __init__(self, store: InboxStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._routes: Sequence[BaseRoute] = ()
        self._purge_task: asyncio.Task[None] | None = None

    def attach_routes(self, routes: Sequence[BaseRoute]) -> None:
        self._routes = routes

    def routes(self) -> Sequence[BaseRoute]:
        return self._routes

    async def start(self) -> None:
        self._purge_task = asyncio.create_task(self._purge_regularly(), name="webchat-purge")

    async def stop(self) -> None:
        if self._purge_task is not None:
            self._purge_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purge_task

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        from bot.channels.webchat.routes import reply_json

        bodies = [reply_json(reply) for reply in replies]
        await self._store.put(address.external_id, bodies, self._clock.now())
        return DeliveryResult(DeliveryStatus.SENT)

    async def take(self, session: str) -> list[dict[str, Any]]:
        return await self._store.take(session, MAX_PER_SESSION)

    async def _purge_regularly(self) -> None:
        while True:
            try:
                await self._store.purge_older_than(self._clock.now() - KEEP)
            except Exception as error:
                log.error("web chat: purging old messages failed: %s", type(error).__name__)
            await asyncio.sleep(PURGE_EVERY_SECONDS)

"""Proactive messages for the web chat: kept in memory until the page fetches them.

The web chat is the local, no-account way to try Josoor; a browser tab polls
`/api/webchat/inbox` every few seconds. Nothing is written to disk, and a bounded queue per
session means an abandoned tab cannot grow memory without limit.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute

from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply

MAX_PER_SESSION = 50
MAX_SESSIONS = 10_000


class WebChatInbox:
    """The web chat as a `Sender` and a channel runtime (its routes are the web chat's)."""

    channel = Channel.WEBCHAT
    name = "web chat"

    def __init__(self) -> None:
        self._queues: OrderedDict[str, deque[dict[str, Any]]] = OrderedDict()
        self._routes: Sequence[BaseRoute] = ()

    def attach_routes(self, routes: Sequence[BaseRoute]) -> None:
        self._routes = routes

    def routes(self) -> Sequence[BaseRoute]:
        return self._routes

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        from bot.channels.webchat.routes import reply_json

        queue = self._queues.setdefault(address.external_id, deque(maxlen=MAX_PER_SESSION))
        self._queues.move_to_end(address.external_id)
        queue.extend(reply_json(reply) for reply in replies)
        while len(self._queues) > MAX_SESSIONS:
            self._queues.popitem(last=False)
        return DeliveryResult(DeliveryStatus.SENT)

    def take(self, session: str) -> list[dict[str, Any]]:
        queue = self._queues.pop(session, None)
        return list(queue) if queue else []

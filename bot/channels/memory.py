"""An in-memory channel: drives the real dialogs without any platform (tests, benchmarks).

It is a real adapter in the errbot sense: same service, same neutral messages, and a
transcript of what the member saw.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress, Coordinates
from bot.core.common.messages import Inbound, InboundKind, Reply
from dialogs.service import ConversationService

_event_ids = itertools.count(1)


@dataclass
class MemoryMember:
    """One person chatting through the in-memory channel."""

    service: ConversationService
    external_id: str
    channel: Channel = Channel.TELEGRAM
    locale_hint: str | None = None
    profile_name: str | None = None
    transcript: list[tuple[str, list[Reply]]] = field(default_factory=list)

    @property
    def address(self) -> ChannelAddress:
        return ChannelAddress(self.channel, self.external_id)

    async def say(self, text: str) -> list[Reply]:
        return await self._send(InboundKind.TEXT, f"says {text!r}", text=text)

    async def press(self, option_id: str) -> list[Reply]:
        return await self._send(InboundKind.OPTION, f"presses {option_id}", option_id=option_id)

    async def share_location(self, latitude: float, longitude: float) -> list[Reply]:
        return await self._send(
            InboundKind.LOCATION, "shares a location", location=Coordinates(latitude, longitude)
        )

    async def send_unsupported(self) -> list[Reply]:
        return await self._send(InboundKind.UNSUPPORTED, "sends a sticker")

    async def redeliver(self, inbound: Inbound) -> list[Reply]:
        outcome = await self.service.handle(inbound)
        return outcome.replies

    def inbound(self, kind: InboundKind, **values: object) -> Inbound:
        return Inbound(
            sender=self.address,
            kind=kind,
            locale_hint=self.locale_hint,
            profile_name=self.profile_name,
            idempotency_key=f"memory-{next(_event_ids)}",
            **values,  # type: ignore[arg-type]
        )

    async def _send(self, kind: InboundKind, label: str, **values: object) -> list[Reply]:
        outcome = await self.service.handle(self.inbound(kind, **values))
        self.transcript.append((label, outcome.replies))
        return outcome.replies

    @property
    def last_options(self) -> list[str]:
        for _, replies in reversed(self.transcript):
            for reply in reversed(replies):
                if reply.options:
                    return [option.id for option in reply.options]
        return []


@dataclass
class MemorySender:
    """A `Sender` that records proactive messages per person instead of sending them.

    `fail_with` makes every delivery report that status (to test blocked members, 429s);
    `fail_bulk_with` only the bulk ones (a broadcast's copies, not its report).
    """

    channel: Channel = Channel.TELEGRAM
    delivered: dict[str, list[Reply]] = field(default_factory=dict)
    fail_with: DeliveryResult | None = None
    fail_bulk_with: DeliveryResult | None = None

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        if self.fail_with is not None:
            return self.fail_with
        if bulk and self.fail_bulk_with is not None:
            return self.fail_bulk_with
        self.delivered.setdefault(address.external_id, []).extend(replies)
        return DeliveryResult(DeliveryStatus.SENT)

    def take(self, external_id: str) -> list[Reply]:
        return self.delivered.pop(external_id, [])

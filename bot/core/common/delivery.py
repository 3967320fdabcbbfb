"""Proactive delivery: how the core asks a channel to send something nobody just asked for.

Replies to an incoming message travel back through the adapter that received it. Reminders,
broadcasts and relayed messages are sent later, by background jobs, through a `Sender` per
channel. The sender reports what happened in platform-neutral terms so that the outbox can
decide: done, never again (unreachable), give up (failed), or try later.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply


class DeliveryStatus(enum.StrEnum):
    SENT = "sent"
    #: The person blocked us or the account is gone: do not try again until they write.
    UNREACHABLE = "unreachable"
    #: The platform refused this message for good (e.g. chat not found).
    FAILED = "failed"
    #: Rate limited or a passing network problem: try again after `retry_after` seconds.
    RETRY = "retry"


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    status: DeliveryStatus
    retry_after: float | None = None
    #: A short machine-readable reason (an error code), never message content.
    reason: str = ""


class Sender(Protocol):
    """`announces_start` (a class attribute, default False): the sender calls `sending_now`
    right before each platform call; otherwise the outbox counts the whole delivery,
    pacing included, as in flight."""

    channel: Channel

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        """Send `replies` to one person. `bulk` marks broadcasts (paced more gently)."""
        ...


@runtime_checkable
class StatusEditor(Sender, Protocol):
    """A sender that can replace a status message it sent before (Telegram edits it)."""

    async def replace_status(self, address: ChannelAddress, key: str, reply: Reply) -> None:
        """Show `reply` as the status message `key`: edit the earlier one, else send it."""
        ...


#: Set by the outbox dispatcher around one delivery: awaited by a sender that announces its
#: sends (`announces_start`) once its pacing turn came, just before the platform call.
_ON_START: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "josoor_on_send_start", default=None
)


async def sending_now() -> None:
    """A sender is about to call its platform for the delivery under way (after its pacing
    turn). The outbox records the row as started only now, so a crash leaves as uncertain
    only the sends truly in flight, not the ones still waiting for their turn."""
    hook = _ON_START.get()
    if hook is not None:
        await hook()


def on_send_start(hook: Callable[[], Awaitable[None]]) -> None:
    """For the current task (one delivery): what `sending_now` calls."""
    _ON_START.set(hook)


class Senders:
    """The senders of the channels that are running, looked up by channel."""

    def __init__(self, senders: Sequence[Sender] = ()) -> None:
        self._by_channel = {sender.channel: sender for sender in senders}

    def add(self, sender: Sender) -> None:
        self._by_channel[sender.channel] = sender

    def get(self, channel: Channel) -> Sender | None:
        return self._by_channel.get(channel)

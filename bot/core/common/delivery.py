"""Proactive delivery: how the core asks a channel to send something nobody just asked for.

Replies to an incoming message travel back through the adapter that received it. Reminders,
broadcasts and relayed messages are sent later, by background jobs, through a `Sender` per
channel. The sender reports what happened in platform-neutral terms so that the outbox can
decide: done, never again (unreachable), give up (failed), or try later.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
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


class Senders:
    """The senders of the channels that are running, looked up by channel."""

    def __init__(self, senders: Sequence[Sender] = ()) -> None:
        self._by_channel = {sender.channel: sender for sender in senders}

    def add(self, sender: Sender) -> None:
        self._by_channel[sender.channel] = sender

    def get(self, channel: Channel) -> Sender | None:
        return self._by_channel.get(channel)

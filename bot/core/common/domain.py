"""The value types every feature shares: where a person talks to us, and a place on the map.

Plain dataclasses: no platform and no database types.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Channel(enum.StrEnum):
    """Where a member talks to us. The external id's meaning depends on the channel."""

    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    WEBCHAT = "webchat"


@dataclass(frozen=True, slots=True)
class ChannelAddress:
    """A channel and the platform's id for a person: the only home of a Telegram id or phone."""

    channel: Channel
    external_id: str

    def __str__(self) -> str:
        return f"{self.channel.value}:{self.external_id}"

    @classmethod
    def parse(cls, text: str) -> ChannelAddress:
        """Parse `telegram:123456`; raises ValueError with a readable reason."""
        channel_name, sep, external_id = text.partition(":")
        if not sep or not external_id.strip():
            raise ValueError(f"expected CHANNEL:ID, for example telegram:123456, got {text!r}")
        try:
            channel = Channel(channel_name.strip().lower())
        except ValueError:
            names = ", ".join(c.value for c in Channel)
            raise ValueError(f"unknown channel {channel_name!r}; use one of {names}") from None
        external_id = external_id.strip()
        if channel is Channel.TELEGRAM and not external_id.lstrip("-").isdigit():
            raise ValueError(f"a Telegram id is a number, got {external_id!r}")
        return cls(channel, external_id)


@dataclass(frozen=True, slots=True)
class Coordinates:
    latitude: float
    longitude: float

"""Domain objects of Josoor. Plain dataclasses: no platform and no database types."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

SUPPORTED_LOCALES: tuple[str, ...] = ("en", "ar", "fa", "de", "nl", "uk")
RTL_LOCALES: frozenset[str] = frozenset({"ar", "fa"})
DEFAULT_LOCALE = "en"

#: Bump when the privacy notice changes in substance; members are asked to accept the new one.
PRIVACY_NOTICE_VERSION = 1


class Channel(enum.StrEnum):
    """Where a member talks to us. The external id's meaning depends on the channel."""

    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    WEBCHAT = "webchat"


class MemberRole(enum.StrEnum):
    """How a member describes themself; optional and changeable."""

    NEWCOMER = "newcomer"
    SUPPORTER = "supporter"


class CommunityRole(enum.StrEnum):
    """A member's role inside one community."""

    MEMBER = "member"
    AMBASSADOR = "ambassador"


class ConsentKind(enum.StrEnum):
    PRIVACY_NOTICE = "privacy_notice"


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


@dataclass(slots=True)
class Member:
    id: int
    locale: str
    created_at: datetime
    role: MemberRole | None = None
    display_name: str | None = None
    proactive_allowed: bool = True
    unreachable: bool = False
    reminders_enabled: bool = True


@dataclass(frozen=True, slots=True)
class ChannelAccount:
    member_id: int
    address: ChannelAddress
    last_inbound_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Coordinates:
    latitude: float
    longitude: float


@dataclass(slots=True)
class Community:
    id: int
    slug: str
    names: dict[str, str]
    country: str
    timezone: str
    coordinates: Coordinates | None = None
    aliases: tuple[str, ...] = ()
    deleted: bool = False

    def name(self, locale: str) -> str:
        """The community's name in `locale`, falling back to English, then the slug."""
        return self.names.get(locale) or self.names.get(DEFAULT_LOCALE) or self.slug

    def all_names(self) -> tuple[str, ...]:
        return (*self.names.values(), *self.aliases, self.slug)


@dataclass(frozen=True, slots=True)
class Membership:
    member_id: int
    community_id: int
    role: CommunityRole
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class Consent:
    member_id: int
    kind: ConsentKind
    version: int
    given_at: datetime


@dataclass(slots=True)
class Conversation:
    """Where a member is in a dialog. `data` holds small JSON-able values only (ids, not texts)."""

    member_id: int
    state: str = ""
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """Everything stored about one member, for /mydata and exports.

    `rsvps` are (meetup id, answer, when); `check_ins` (meetup id, when); `notices` the
    queued or sent proactive messages (kind, meetup id, due, status) — ids and words, no texts.
    """

    member: Member
    accounts: tuple[ChannelAccount, ...]
    memberships: tuple[tuple[Membership, Community], ...]
    consents: tuple[Consent, ...]
    conversation: Conversation | None
    rsvps: tuple[tuple[int, str, datetime], ...] = ()
    check_ins: tuple[tuple[int, datetime], ...] = ()
    notices: tuple[tuple[str, int | None, datetime, str], ...] = ()

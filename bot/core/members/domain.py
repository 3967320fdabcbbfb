"""Members: a person who accepted the privacy notice, their accounts, consents and the open
dialog step. Plain dataclasses: no platform and no database types."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.common.domain import ChannelAddress

#: Bump when the privacy notice changes in substance; members are asked to accept the new one.
PRIVACY_NOTICE_VERSION = 1


class MemberRole(enum.StrEnum):
    """How a member describes themself; optional and changeable."""

    NEWCOMER = "newcomer"
    SUPPORTER = "supporter"


class ConsentKind(enum.StrEnum):
    PRIVACY_NOTICE = "privacy_notice"


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
    #: The platform's stable id beside the address (WhatsApp's business-scoped user id).
    scoped_id: str | None = None


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
class TurnStart:
    """What every turn needs of the member who wrote, read in one round trip: the member, where
    they are in a dialog, whether they accepted the current privacy notice, and whether they
    are an ambassador anywhere (their extra commands)."""

    member: Member
    conversation: Conversation | None
    consented: bool
    ambassador: bool

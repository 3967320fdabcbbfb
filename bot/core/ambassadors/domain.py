"""Ambassador tools: invite links, the audit log, community groups, broadcasts and figures.

Plain dataclasses, no platform and no storage types. A broadcast's texts live in its
variants (one per language); outbox rows only point at the broadcast by id.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.common.domain import ChannelAddress

#: The longest broadcast text; with our short header it stays inside a 4,096-character message.
BROADCAST_TEXT_MAX = 4000


class AuditAction(enum.StrEnum):
    """What an ambassador (or an operator, actor None) did. Ids only, never texts."""

    AMBASSADOR_ADDED = "ambassador_added"
    APPOINTED = "appointed"
    DISMISSED = "dismissed"
    INVITE_CREATED = "invite_created"
    GROUP_LINKED = "group_linked"
    BROADCAST_QUEUED = "broadcast_queued"
    BROADCAST_CANCELLED = "broadcast_cancelled"
    TRANSLATION_ASKED = "translation_asked"
    MEMBERS_VIEWED = "members_viewed"
    STATS_VIEWED = "stats_viewed"
    MEETUP_CREATED = "meetup_created"
    MEETUP_CHANGED = "meetup_changed"
    MEETUP_CANCELLED = "meetup_cancelled"
    CHECKIN_OPENED = "checkin_opened"
    PARTNERS_SET = "partners_set"
    SERIES_CHANGED = "series_changed"
    SERIES_STOPPED = "series_stopped"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    community_id: int | None
    actor_id: int | None
    action: AuditAction
    at: datetime
    target_id: int | None = None
    subject_id: int | None = None


@dataclass(frozen=True, slots=True)
class Invite:
    """A deep-link token for one community, made by one ambassador."""

    id: int
    token: str
    community_id: int
    created_by: int | None
    created_at: datetime
    expires_at: datetime | None = None
    max_uses: int | None = None
    #: How many people joined the community through this link.
    uses: int = 0


@dataclass(frozen=True, slots=True)
class CommunityGroup:
    id: int
    community_id: int
    chat: ChannelAddress
    linked_by: int | None
    linked_at: datetime
    #: The group's invite link that asks to join; None until the platform gave one.
    invite_link: str | None = None


class AudienceKind(enum.StrEnum):
    COMMUNITY = "community"
    MEETUP = "meetup"
    PROJECT = "project"


class BroadcastStatus(enum.StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    DONE = "done"
    CANCELLED = "cancelled"


class VariantStatus(enum.StrEnum):
    #: A member was asked to write this language's version; nothing typed yet.
    REQUESTED = "requested"
    #: Typed by the member, waiting for their own approval.
    PROPOSED = "proposed"
    APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class Variant:
    locale: str
    text: str
    status: VariantStatus = VariantStatus.APPROVED
    written_by: int | None = None


@dataclass(slots=True)
class Broadcast:
    id: int
    community_id: int
    created_by: int | None
    audience: AudienceKind
    audience_id: int | None
    #: The language the ambassador wrote in; members without a variant get this one.
    locale: str
    status: BroadcastStatus
    created_at: datetime
    recipients: int = 0
    variants: dict[str, Variant] = field(default_factory=dict)

    @property
    def original(self) -> str:
        variant = self.variants.get(self.locale)
        return variant.text if variant else ""

    def text_for(self, locale: str) -> tuple[str, str]:
        """(language, text) a member reading `locale` receives: their variant, else ours."""
        variant = self.variants.get(locale)
        if variant is not None and variant.status is VariantStatus.APPROVED and variant.text:
            return locale, variant.text
        return self.locale, self.original


@dataclass(frozen=True, slots=True)
class DeliveryCounts:
    """Where a broadcast's per-recipient rows stand."""

    pending: int = 0
    sent: int = 0
    unreachable: int = 0
    failed: int = 0
    skipped: int = 0
    #: Sent, but the platform's answer never came (a timeout): probably arrived.
    unconfirmed: int = 0
    #: Of the failed: the channel has a service window (WhatsApp, 24 hours) that was closed,
    #: and no approved template could carry the message instead.
    no_template: int = 0
    #: Of the failed: outside the service window, for a message that has no template at all.
    outside_window: int = 0


@dataclass(frozen=True, slots=True)
class CommunityFigures:
    """What /stats shows an ambassador of one community."""

    members: int
    ambassadors: int
    by_role: dict[str, int]
    by_language: dict[str, int]
    #: (year, month) → members who joined then, oldest first.
    joined_by_month: list[tuple[tuple[int, int], int]]
    meetups_held: int
    meetups_coming: int
    rsvps: int
    attended: int
    festivals: int
    partners: int
    people_reached: int


@dataclass(frozen=True, slots=True)
class ImpactTotals:
    """The public impact page: totals across every community."""

    communities: int
    festivals: int
    organisations: int
    people_reached: int
    meetups: int
    #: People in at least one community.
    members: int = 0

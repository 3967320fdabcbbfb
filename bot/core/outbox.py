"""The outbox: every proactive message is a row first, then a delivery.

Rows carry what to say (a kind and ids), never the text: the text is rendered at delivery
time in the member's current language, so nothing personal or stale is stored.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class NoticeKind(enum.StrEnum):
    REMINDER = "reminder"
    WAITLIST_PROMOTED = "waitlist_promoted"
    MEETUP_CANCELLED = "meetup_cancelled"
    MEETUP_CHANGED = "meetup_changed"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    #: Claimed by a sender. A crash leaves it here and it is never sent twice.
    SENDING = "sending"
    SENT = "sent"
    #: No longer wanted: the meetup was cancelled, the RSVP withdrawn, reminders turned off.
    DROPPED = "dropped"
    FAILED = "failed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    member_id: int
    kind: NoticeKind
    due_at: datetime
    dedupe_key: str
    status: OutboxStatus = OutboxStatus.PENDING
    meetup_id: int | None = None
    attempts: int = 0
    #: What else the message is about (a broadcast, a project update, a match), by kind.
    subject_id: int | None = None

"""The outbox: every proactive message is a row first, then a delivery.

Rows carry what to say (a kind and ids), never the text: the text is rendered at delivery
time in the member's current language, so nothing personal or stale is stored.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class NoticeKind(enum.StrEnum):
    REMINDER = "reminder"
    WAITLIST_PROMOTED = "waitlist_promoted"
    MEETUP_CANCELLED = "meetup_cancelled"
    MEETUP_CHANGED = "meetup_changed"
    #: Projects (subject_id: the project; for updates the update).
    PROJECT_PROPOSED = "project_proposed"
    PROJECT_DECIDED = "project_decided"
    PROJECT_UPDATE = "project_update"
    PROJECT_LEAD = "project_lead"
    #: Ambassador tools (subject_id: the broadcast; for ROLE_GRANTED the community).
    BROADCAST = "broadcast"
    BROADCAST_REPORT = "broadcast_report"
    TRANSLATION_REQUEST = "translation_request"
    TRANSLATION_READY = "translation_ready"
    ROLE_GRANTED = "role_granted"
    #: Welcome Groups (subject_id: the proposal; GROUP_READY and WITHDRAWN the group;
    #: CHECKIN and ATTENTION the check-in).
    WELCOME_GROUP_READY = "welcome_group_ready"
    WELCOME_PROPOSAL = "welcome_proposal"
    WELCOME_PROPOSAL_ENDED = "welcome_proposal_ended"
    WELCOME_WITHDRAWN = "welcome_withdrawn"
    WELCOME_MATCHED = "welcome_matched"
    WELCOME_CONTACT = "welcome_contact"
    WELCOME_CHECKIN = "welcome_checkin"
    WELCOME_ATTENTION = "welcome_attention"
    WELCOME_CLOSING = "welcome_closing"
    WELCOME_CLOSED = "welcome_closed"


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


class OutboxRepository(Protocol):
    async def enqueue(
        self,
        member_id: int,
        kind: NoticeKind,
        dedupe_key: str,
        due_at: datetime,
        *,
        meetup_id: int | None = None,
        status: OutboxStatus = OutboxStatus.PENDING,
        subject_id: int | None = None,
    ) -> bool: ...
    async def enqueue_many(self, rows: Sequence[dict[str, object]]) -> None: ...
    async def existing_keys(self, keys: Sequence[str]) -> set[str]: ...
    async def claim_due(self, now: datetime, limit: int) -> Sequence[OutboxItem]: ...
    async def finish(
        self,
        item_id: int,
        status: OutboxStatus,
        now: datetime,
        *,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> None: ...
    async def finish_many(
        self, item_ids: Sequence[int], status: OutboxStatus, now: datetime, error: str | None
    ) -> None: ...
    async def drop_for_meetup(self, meetup_id: int, kinds: Sequence[NoticeKind]) -> int: ...
    async def of_member(self, member_id: int) -> Sequence[OutboxItem]: ...

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
    #: Claimed by a worker under a lease (`lease_owner`, `lease_until`); `started_at` once
    #: handed to a sender. Only an expired lease is recovered (see `recover_expired`).
    SENDING = "sending"
    SENT = "sent"
    #: No longer wanted: the meetup was cancelled, the RSVP withdrawn, reminders turned off.
    DROPPED = "dropped"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    #: The send was under way when its worker died: it may or may not have arrived. Only
    #: kinds in `UNCERTAIN_WHEN_INTERRUPTED` end here; others are sent again.
    UNCERTAIN = "uncertain"


#: States a row never leaves: every UPDATE of the outbox guards against overwriting them.
FINAL_STATES = frozenset(
    {OutboxStatus.SENT, OutboxStatus.DROPPED, OutboxStatus.FAILED, OutboxStatus.UNREACHABLE,
     OutboxStatus.UNCERTAIN}
)  # fmt: skip

#: Kinds not sent again when their send was in flight as the worker died. A broadcast can go
#: to hundreds of people, some of them in danger: a second copy is worse than an honest
#: "uncertain" in the ambassador's report. Every other kind (a reminder, a meetup change, a
#: project or Welcome Group notice) is sent again: a duplicate is harmless, a missing one not.
UNCERTAIN_WHEN_INTERRUPTED = frozenset({NoticeKind.BROADCAST})


@dataclass(frozen=True, slots=True)
class Lease:
    """Who holds claimed rows and until when (`worker`: host:pid:random)."""

    worker: str
    until: datetime


@dataclass(frozen=True, slots=True)
class Recovered:
    """What `recover_expired` did with rows whose worker's lease ran out."""

    #: Claimed but never handed to a sender: back in the queue.
    requeued: int = 0
    #: Under way at the crash and of a kind that is sent again.
    resent: int = 0
    #: Under way at the crash and of a kind that is not sent again.
    uncertain: int = 0
    #: The dead workers whose leases were taken over.
    workers: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.requeued + self.resent + self.uncertain


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
    async def claim_due(self, now: datetime, limit: int, lease: Lease) -> Sequence[OutboxItem]: ...
    async def mark_started(self, item_ids: Sequence[int], now: datetime, worker: str) -> None:
        """The rows are being handed to a sender: from now on a crash leaves them uncertain."""

    async def renew(self, worker: str, until: datetime) -> int:
        """Extend every lease `worker` holds; returns how many rows."""

    async def recover_expired(self, now: datetime) -> Recovered:
        """Take over rows whose lease ran out (their worker died), decided per kind."""

    async def next_due(self) -> datetime | None:
        """When the earliest pending row falls due (the dispatcher sleeps until then)."""

    async def retry(
        self, item_id: int, worker: str, now: datetime, retry_at: datetime, error: str | None
    ) -> bool:
        """Back to pending at `retry_at` (a 429); False when `worker` no longer holds it."""

    async def finish_many(
        self,
        item_ids: Sequence[int],
        status: OutboxStatus,
        now: datetime,
        error: str | None,
        worker: str,
    ) -> int:
        """Record the outcome of rows `worker` holds; a final state is never overwritten."""

    async def census(self) -> Sequence[tuple[str, str, int]]:
        """(kind, status, rows) of the whole outbox, for the operators' metrics."""

    async def leases(self) -> Sequence[tuple[str, int]]:
        """(worker, rows it holds `sending`), for the operators' metrics."""

    async def drop_for_meetup(self, meetup_id: int, kinds: Sequence[NoticeKind]) -> int: ...
    async def of_member(self, member_id: int) -> Sequence[OutboxItem]: ...

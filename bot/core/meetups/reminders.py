"""Planning reminders: which are due now, written to the outbox exactly once.

A reminder's key names the meetup, the member, the offset and the meetup's start time, so it
is written once however often the sweep runs (also across restarts), and a moved meetup gets
fresh reminders. When several offsets fell due while the bot was down, only the latest is
sent (late, since the meetup is still ahead) and the earlier ones are recorded as dropped;
reminders of meetups that already started, or that fell due before the member answered,
are never written. With `ahead` (the outbox loop's sweep interval), reminders falling due
within it are written now with their own due time, so the outbox sends each at its moment
instead of at the next sweep after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.common.clock import Clock
from bot.core.common.durations import Duration
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.core.meetups.ports import MeetupsUnit


def reminder_key(meetup_id: int, member_id: int, offset: Duration, starts_at: datetime) -> str:
    return f"reminder:{meetup_id}:{member_id}:{offset.text}:{starts_at:%Y%m%dT%H%M}"


class PlanReminders:
    def __init__(
        self,
        uow: MeetupsUnit,
        clock: Clock,
        offsets: Sequence[Duration],
        ahead: timedelta = timedelta(0),
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._offsets = tuple(offsets)
        self._ahead = ahead

    async def __call__(self) -> int:
        """Write due reminders to the outbox; returns how many will be sent."""
        if not self._offsets:
            return 0
        now = self._clock.now()
        horizon = max(offset.longest() for offset in self._offsets)
        planned: list[dict[str, object]] = []
        candidates = await self._uow.rsvps.reminder_candidates(now, now + horizon)
        due_times: dict[tuple[datetime, str], list[tuple[datetime, Duration]]] = {}
        for meetup_id, member_id, starts_at, timezone, answered_at in candidates:
            moments = due_times.get((starts_at, timezone))
            if moments is None:  # the same for every member of a meetup: compute once
                moments = [
                    (offset.before(starts_at, timezone), offset) for offset in self._offsets
                ]
                due_times[(starts_at, timezone)] = moments
            # Only offsets that fall after the member said "going": someone who answers two
            # hours before the start is not "reminded" of what they just decided.
            until = now + self._ahead
            due = [(due_at, offset) for due_at, offset in moments if answered_at < due_at <= until]
            if not due:
                continue
            latest = max(due, key=lambda pair: pair[0])
            for due_at, offset in due:
                planned.append(
                    {
                        "member_id": member_id,
                        "kind": NoticeKind.REMINDER.value,
                        "meetup_id": meetup_id,
                        "dedupe_key": reminder_key(meetup_id, member_id, offset, starts_at),
                        "due_at": due_at,
                        "status": (
                            OutboxStatus.PENDING if (due_at, offset) == latest
                            else OutboxStatus.DROPPED
                        ).value,
                    }
                )  # fmt: skip
        if not planned:
            return 0
        existing = await self._uow.outbox.existing_keys([str(p["dedupe_key"]) for p in planned])
        fresh = [p for p in planned if p["dedupe_key"] not in existing]
        await self._uow.outbox.enqueue_many(fresh)
        return sum(1 for row in fresh if row["status"] == OutboxStatus.PENDING.value)

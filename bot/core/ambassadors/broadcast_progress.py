"""How far a broadcast that is going out has got, and when its author should see it.

Progress is a status message, not a notice: it is read from the broadcast's outbox rows
(`BroadcastRepository.counts`) and shown to the author through the channel directly, never
stored. Where the channel can replace a status message (Telegram edits it in place), it is
renewed at most every `every` seconds while the numbers move; elsewhere the author gets one
short word when sending starts (the delivery report follows at the end), so nobody's chat
fills up with numbers. Losing one (a restart) costs nothing: the next one comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.ambassadors.domain import Broadcast, BroadcastStatus, DeliveryCounts
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.messages import Reply
from bot.core.communities.domain import Community


@dataclass(frozen=True, slots=True)
class Progress:
    broadcast: Broadcast
    counts: DeliveryCounts
    #: True the first time this process shows this broadcast's progress.
    first: bool = False

    @property
    def done(self) -> int:
        """Rows decided: sent, unreachable, failed or skipped."""
        c = self.counts
        return c.sent + c.unreachable + c.failed + c.skipped

    @property
    def total(self) -> int:
        return self.done + self.counts.pending


class ProgressRenderer(Protocol):
    """How progress reads in the author's language (the dialogs know the words)."""

    def broadcast_progress(
        self, progress: Progress, community: Community, locale: str, *, editable: bool
    ) -> Reply:
        """`editable`: a status message replaced in place (sent of total); else one short
        word that sending has started."""
        ...


async def progress_of(uow: AmbassadorsUnit, broadcast_id: int) -> Progress | None:
    """One broadcast's progress (the command line's `josoor broadcast status`)."""
    broadcast = await uow.broadcasts.get(broadcast_id)
    if broadcast is None:
        return None
    counts = (await uow.broadcasts.counts([broadcast_id]))[broadcast_id]
    return Progress(broadcast, counts)


class ProgressWatch:
    """Remembers what each author was last shown (in this process), to show only news."""

    def __init__(self, every: timedelta) -> None:
        self._every = every
        #: broadcast id → (rows done when last shown, when).
        self._shown: dict[int, tuple[int, datetime]] = {}

    async def due(self, uow: AmbassadorsUnit, now: datetime) -> list[Progress]:
        """The queued broadcasts whose numbers moved since their author last saw them, at
        most one per `every`; authorless broadcasts (an erased ambassador) are skipped."""
        queued = [
            b for b in await uow.broadcasts.with_status(BroadcastStatus.QUEUED)
            if b.created_by is not None
        ]  # fmt: skip
        for gone in set(self._shown) - {b.id for b in queued}:
            del self._shown[gone]
        counts = await uow.broadcasts.counts([b.id for b in queued])
        due = []
        for broadcast in queued:
            progress = Progress(broadcast, counts[broadcast.id])
            if progress.total == 0:
                continue
            last = self._shown.get(broadcast.id)
            if last is not None and (last[0] == progress.done or now - last[1] < self._every):
                continue
            self._shown[broadcast.id] = (progress.done, now)
            due.append(Progress(broadcast, progress.counts, first=last is None))
        return due

"""Forgetting what we only needed for a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.common.clock import Clock
from bot.core.members.ports import MembersUnit

#: Platform event ids are kept this long to recognise redeliveries.
PROCESSED_EVENTS_TTL = timedelta(days=7)
#: A deep-link payload parked before consent is dropped after this.
START_LINK_TTL = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    processed_events: int
    start_links: int


class PurgeExpired:
    def __init__(self, uow: MembersUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self) -> PurgeReport:
        now = self._clock.now()
        return PurgeReport(
            processed_events=await self._uow.processed_events.purge_older_than(
                now - PROCESSED_EVENTS_TTL
            ),
            start_links=await self._uow.start_links.purge_older_than(now - START_LINK_TTL),
        )

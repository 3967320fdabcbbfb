"""Recurring meetups: the next occurrences of every series are created ahead of time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.core.common.clock import Clock
from bot.core.meetups.domain import MeetupSeries
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft
from bot.core.meetups.ports import MeetupsUnit

#: How far ahead occurrences exist (so members can RSVP and get reminders in time).
HORIZON = timedelta(days=45)


def occurrences(
    series: MeetupSeries, timezone: str, start: datetime, end: datetime
) -> list[datetime]:
    """Occurrences in (start, end], computed on the community's wall clock (DST-proof)."""
    zone = ZoneInfo(timezone)
    first_local = series.first_starts_at.astimezone(zone).replace(tzinfo=None)
    rule = rrulestr(series.rule, dtstart=first_local)
    window_start = start.astimezone(zone).replace(tzinfo=None)
    window_end = end.astimezone(zone).replace(tzinfo=None)
    return [
        local.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
        for local in rule.between(window_start, window_end, inc=True)
    ]


class MaterializeSeries:
    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self) -> int:
        now = self._clock.now()
        created = 0
        for series in await self._uow.series.active():
            community = await self._uow.communities.get(series.community_id)
            if community is None or community.deleted:
                continue
            for starts_at in occurrences(series, community.timezone, now, now + HORIZON):
                if starts_at <= now or await self._uow.meetups.exists_in_series(
                    series.id, starts_at
                ):
                    continue
                draft = MeetupDraft(
                    title=series.title,
                    starts_at=starts_at,
                    place=series.place,
                    place_coordinates=series.place_coordinates,
                    capacity=series.capacity,
                    description=series.description,
                )
                await CreateMeetup(self._uow, self._clock)(
                    series.community_id, draft, series_id=series.id
                )
                created += 1
        return created


def monthly_rule(first: datetime, timezone: str) -> str:
    """`FREQ=MONTHLY;BYDAY=+1SA`: the same weekday of the same week of every month."""
    local = first.astimezone(ZoneInfo(timezone))
    nth = (local.day - 1) // 7 + 1
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[local.weekday()]
    return f"FREQ=MONTHLY;BYDAY=+{nth}{weekday}" if nth < 5 else f"FREQ=MONTHLY;BYDAY=-1{weekday}"


WEEKLY_RULE = "FREQ=WEEKLY"

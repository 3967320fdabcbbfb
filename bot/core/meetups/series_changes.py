"""An ambassador changes a recurring meetup from one occurrence on, or stops it there.

Every occurrence keeps its slot (its identity in the series), so changing or stopping never
lets the series job bring an old slot back. The series row is changed in place: every slot
before the chosen occurrence exists already (materializing is contiguous), so the new rule
only has to produce slots from the chosen one on. Members who said they would come to an
occurrence that moves or disappears are told (`MEETUP_CHANGED`, `MEETUP_CANCELLED`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.core.common.clock import Clock
from bot.core.common.domain import Coordinates
from bot.core.common.outbox import NoticeKind
from bot.core.meetups.domain import PLACE_MAX, Meetup, MeetupSeries, MeetupStatus
from bot.core.meetups.lifecycle import MeetupProblem, check_start, clean_optional, tell_everyone
from bot.core.meetups.ports import MeetupsUnit
from bot.core.meetups.series import WEEKLY_RULE, MaterializeSeries, monthly_rule, occurrences

Repeat = Literal["weekly", "monthly"]


async def _occurrence(uow: MeetupsUnit, meetup_id: int) -> tuple[Meetup, MeetupSeries, str]:
    meetup = await uow.meetups.get(meetup_id, lock=True)
    if meetup is None:
        raise MeetupProblem("not_found")
    series = await uow.series.get(meetup.series_id) if meetup.series_id else None
    if series is None or not series.active or meetup.series_slot is None:
        raise MeetupProblem("not_a_series")
    community = await uow.communities.get(meetup.community_id)
    assert community is not None
    return meetup, series, community.timezone


class StopSeries:
    """No more occurrences from this one on; the ones that exist are cancelled."""

    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, meetup_id: int) -> int:
        """Returns how many members will be told."""
        now = self._clock.now()
        meetup, series, _ = await _occurrence(self._uow, meetup_id)
        assert meetup.series_slot is not None
        series.active = False
        await self._uow.series.save(series)
        told = 0
        for occurrence in await self._uow.meetups.in_series_from(series.id, meetup.series_slot):
            if not occurrence.cancelled and occurrence.starts_at > now:
                told += await _cancel(self._uow, occurrence, now)
        return told


class ChangeSeries:
    """New time, place or rule from one occurrence on.

    The chosen occurrence takes the new time; later ones follow (see `_map`); one left
    without a slot is cancelled and leaves the series. A new place alone changes the place
    of each.
    """

    def __init__(self, uow: MeetupsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self,
        meetup_id: int,
        *,
        starts_at: datetime | None = None,
        place: str | None = None,
        place_coordinates: Coordinates | None = None,
        repeat: Repeat | None = None,
    ) -> int:
        """Returns how many members will be told."""
        now = self._clock.now()
        meetup, series, timezone = await _occurrence(self._uow, meetup_id)
        slot = meetup.series_slot
        assert slot is not None
        later = [
            o for o in await self._uow.meetups.in_series_from(series.id, slot)
            if o.starts_at > now or o.id == meetup.id
        ]  # fmt: skip
        if place is not None or place_coordinates is not None:
            series.place = clean_optional(place, PLACE_MAX, "place_too_long") or series.place
            series.place_coordinates = place_coordinates or series.place_coordinates
        told = 0
        if starts_at is None and repeat is None:
            await self._uow.series.save(series)
            for occurrence in later:
                if not occurrence.cancelled:
                    occurrence.place = series.place
                    occurrence.place_coordinates = series.place_coordinates
                    told += await _changed(self._uow, occurrence, now)
            return told
        first = check_start(starts_at, now) if starts_at is not None else slot
        was_weekly = series.rule == WEEKLY_RULE
        weekly = repeat == "weekly" or (repeat is None and was_weekly)
        series.rule = WEEKLY_RULE if weekly else monthly_rule(first, timezone)
        series.first_starts_at = first
        await self._uow.series.save(series)
        moves, leaving = _map(later, meetup, series, timezone, same_rule=weekly == was_weekly)
        for occurrence in leaving:
            told += await _leave_series(self._uow, occurrence, now)
        # Detached first, so no slot or time is ever held twice in the series on the way.
        for occurrence, _ in moves:
            occurrence.series_id = None
            await self._uow.meetups.save(occurrence, now)
        for occurrence, new_slot in moves:
            occurrence.series_id = series.id
            occurrence.series_slot = occurrence.starts_at = new_slot
            if occurrence.cancelled:
                await self._uow.meetups.save(occurrence, now)
                continue
            occurrence.place = series.place
            occurrence.place_coordinates = series.place_coordinates
            told += await _changed(self._uow, occurrence, now)
        await MaterializeSeries(self._uow, self._clock)()
        return told


def _map(
    later: list[Meetup], chosen: Meetup, series: MeetupSeries, timezone: str, *, same_rule: bool
) -> tuple[list[tuple[Meetup, datetime]], list[Meetup]]:
    """Which occurrence takes which new slot, and which leave the series.

    With the same kind of rule (a new time or weekday), the n-th occurrence from the chosen
    one on takes the n-th new slot (RSVPs follow their meeting). With a new rule, an
    occurrence keeps its place only where the new rule has a slot on the same local date.
    """
    first = series.first_starts_at
    others = [o for o in later if o.id != chosen.id]
    end = first + timedelta(days=32 * (len(others) + 2))
    slots = [s for s in occurrences(series, timezone, first - timedelta(seconds=1), end)]
    slots = [s for s in slots if s != first]
    moves: list[tuple[Meetup, datetime]] = [(chosen, first)]
    if same_rule:
        moves += list(zip(others, slots, strict=False))
        return moves, others[len(slots) :]
    zone = ZoneInfo(timezone)
    free = {s.astimezone(zone).date(): s for s in slots}
    leaving = []
    for occurrence in others:
        new_slot = free.pop((occurrence.series_slot or first).astimezone(zone).date(), None)
        if new_slot is None:
            leaving.append(occurrence)
        else:
            moves.append((occurrence, new_slot))
    return moves, leaving


async def _changed(uow: MeetupsUnit, meetup: Meetup, now: datetime) -> int:
    await uow.meetups.save(meetup, now)
    await uow.outbox.drop_for_meetup(meetup.id, (NoticeKind.REMINDER,))
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    return await tell_everyone(uow, meetup, NoticeKind.MEETUP_CHANGED, now, stamp)


async def _cancel(uow: MeetupsUnit, meetup: Meetup, now: datetime) -> int:
    meetup.status = MeetupStatus.CANCELLED
    await uow.meetups.save(meetup, now)
    await uow.outbox.drop_for_meetup(meetup.id, (NoticeKind.REMINDER,))
    return await tell_everyone(uow, meetup, NoticeKind.MEETUP_CANCELLED, now, "cancel")


async def _leave_series(uow: MeetupsUnit, meetup: Meetup, now: datetime) -> int:
    """An occurrence the new rule has no slot for: cancelled (if it was not) and detached."""
    was_cancelled = meetup.cancelled
    meetup.status = MeetupStatus.CANCELLED
    meetup.series_id = None
    meetup.series_slot = None
    await uow.meetups.save(meetup, now)
    if was_cancelled:
        return 0
    await uow.outbox.drop_for_meetup(meetup.id, (NoticeKind.REMINDER,))
    return await tell_everyone(uow, meetup, NoticeKind.MEETUP_CANCELLED, now, "cancel")

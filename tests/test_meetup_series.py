"""Recurring meetups on real databases: occurrences keep their slot, so moving, cancelling,
changing or stopping never brings an old one back, and members are told."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import Core
from bot.core.common.clock import FrozenClock
from bot.core.common.outbox import NoticeKind
from bot.core.meetups.domain import Meetup, MeetupSeries, MeetupStatus
from bot.core.meetups.lifecycle import CancelMeetup, ChangeMeetup
from bot.core.meetups.rsvp import AnswerRsvp
from bot.core.meetups.series import WEEKLY_RULE, MaterializeSeries, monthly_rule
from bot.core.meetups.series_changes import ChangeSeries, StopSeries
from bot.core.ports import UnitOfWork
from tests.test_meetups import MemberFactory, joined, member_id

VIENNA = ZoneInfo("Europe/Vienna")
FIRST = datetime(2026, 12, 5, 15, 0, tzinfo=VIENNA)  # the first Saturday of December


async def _series(uow: UnitOfWork, clock: FrozenClock, rule: str) -> list[Meetup]:
    vienna = await uow.communities.by_slug("vienna")
    assert vienna is not None
    await uow.series.add(MeetupSeries(0, vienna.id, rule, "Café", FIRST), clock.now())
    await MaterializeSeries(uow, clock)()
    return list(await uow.meetups.of_community(vienna.id))


def _local(meetups: list[Meetup]) -> list[tuple[int, int, int, str]]:
    return [
        (m.starts_at.astimezone(VIENNA).month, m.starts_at.astimezone(VIENNA).day,
         m.starts_at.astimezone(VIENNA).hour, m.status.value)
        for m in meetups
    ]  # fmt: skip


async def test_a_moved_or_cancelled_occurrence_never_comes_back(
    core: Core, clock: FrozenClock
) -> None:
    async with core.uow_factory() as uow:
        first, second = await _series(uow, clock, monthly_rule(FIRST, "Europe/Vienna"))
        await ChangeMeetup(uow, clock)(first.id, starts_at=FIRST + timedelta(hours=1))
        await CancelMeetup(uow, clock)(second.id)
        clock.advance(timedelta(hours=7))
        assert await MaterializeSeries(uow, clock)() == 0
        vienna = await uow.communities.by_slug("vienna")
        assert vienna is not None
        meetups = list(await uow.meetups.of_community(vienna.id))
        await uow.commit()
    assert _local(meetups) == [(12, 5, 16, "scheduled"), (1, 2, 15, "cancelled")]


async def test_a_weekly_series_moves_to_sundays_at_six_from_one_occurrence_on(
    core: Core, clock: FrozenClock, member_factory: MemberFactory
) -> None:
    member = await joined(member_factory, "fa")
    who = await member_id(core, member)
    async with core.uow_factory() as uow:
        meetups = await _series(uow, clock, WEEKLY_RULE)
        assert len(meetups) == 5  # 5 Dec … 2 Jan
        await CancelMeetup(uow, clock)(meetups[3].id)  # 26 Dec: one cancelled on its own
        await AnswerRsvp(uow, clock).going(meetups[2].id, who)  # 19 Dec
        told = await ChangeSeries(uow, clock)(
            meetups[1].id, starts_at=datetime(2026, 12, 13, 18, 0, tzinfo=VIENNA)
        )
        assert told == 1
        clock.advance(timedelta(days=1))
        await MaterializeSeries(uow, clock)()
        vienna = await uow.communities.by_slug("vienna")
        assert vienna is not None
        after = list(await uow.meetups.of_community(vienna.id))
        notices = await uow.outbox.of_member(who)
        await uow.commit()
    assert _local(after) == [
        (12, 5, 15, "scheduled"),  # before the change: as it was
        (12, 13, 18, "scheduled"),  # the chosen occurrence
        (12, 20, 18, "scheduled"),  # the next one follows, with its RSVPs (told)
        (12, 27, 18, "cancelled"),  # cancelled on its own: stays cancelled, never recreated
        (1, 3, 18, "scheduled"),
    ]
    assert [n.kind for n in notices] == [NoticeKind.MEETUP_CHANGED]
    assert (await member_id(core, member)) == who


async def test_weekly_becomes_monthly_and_the_weeks_between_are_cancelled(
    core: Core, clock: FrozenClock, member_factory: MemberFactory
) -> None:
    member = await joined(member_factory, "de")
    who = await member_id(core, member)
    async with core.uow_factory() as uow:
        meetups = await _series(uow, clock, WEEKLY_RULE)
        await AnswerRsvp(uow, clock).going(meetups[2].id, who)
        await ChangeSeries(uow, clock)(meetups[1].id, repeat="monthly")
        clock.advance(timedelta(days=20))
        await MaterializeSeries(uow, clock)()
        vienna = await uow.communities.by_slug("vienna")
        assert vienna is not None
        after = list(await uow.meetups.of_community(vienna.id))
        notices = await uow.outbox.of_member(who)
        await uow.commit()
    assert _local(after) == [
        (12, 5, 15, "scheduled"),
        (12, 12, 15, "scheduled"),
        (12, 19, 15, "cancelled"),  # the weeks between: cancelled, the member told
        (12, 26, 15, "cancelled"),
        (1, 2, 15, "cancelled"),
        (1, 9, 15, "scheduled"),  # the second Saturday, as from 12 December
    ]
    assert [n.kind for n in notices] == [NoticeKind.MEETUP_CANCELLED]


async def test_changing_the_time_keeps_rsvps_and_tells_them(
    core: Core, clock: FrozenClock, member_factory: MemberFactory
) -> None:
    member = await joined(member_factory, "ar")
    who = await member_id(core, member)
    async with core.uow_factory() as uow:
        meetups = await _series(uow, clock, WEEKLY_RULE)
        await AnswerRsvp(uow, clock).going(meetups[2].id, who)
        await ChangeSeries(uow, clock)(
            meetups[1].id, starts_at=datetime(2026, 12, 12, 17, 0, tzinfo=VIENNA)
        )
        moved = await uow.meetups.get(meetups[2].id)
        rsvp = await uow.rsvps.get(meetups[2].id, who)
        notices = await uow.outbox.of_member(who)
        await uow.commit()
    assert moved is not None and moved.starts_at.astimezone(VIENNA).hour == 17
    assert rsvp is not None
    assert [n.kind for n in notices] == [NoticeKind.MEETUP_CHANGED]


async def test_stopping_cancels_from_the_occurrence_on_and_creates_no_more(
    core: Core, clock: FrozenClock
) -> None:
    async with core.uow_factory() as uow:
        meetups = await _series(uow, clock, WEEKLY_RULE)
        await StopSeries(uow, clock)(meetups[2].id)
        clock.advance(timedelta(days=30))
        assert await MaterializeSeries(uow, clock)() == 0
        statuses = [(await uow.meetups.get(m.id) or m).status for m in meetups]
        await uow.commit()
    assert statuses == [MeetupStatus.SCHEDULED] * 2 + [MeetupStatus.CANCELLED] * 3

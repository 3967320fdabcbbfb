"""Meetups on real databases: seats under concurrency, the waitlist, reminders exactly once.

Over 300 lines on purpose: one story of meetups whose scenarios share their helpers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel
from bot.core.common.durations import Duration
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.core.meetups.domain import Meetup, MeetupSeries, RsvpStatus
from bot.core.meetups.lifecycle import CancelMeetup, ChangeMeetup, CreateMeetup, MeetupDraft
from bot.core.meetups.rsvp import AnswerRsvp, RsvpResult
from bot.core.meetups.series import MaterializeSeries, monthly_rule
from bot.core.privacy.member_data import EraseMember
from dialogs.notices import NoticeRenderer
from scheduler.jobs import sweep_outbox

MemberFactory = Callable[..., MemoryMember]
VIENNA = ZoneInfo("Europe/Vienna")


async def joined(
    factory: MemberFactory, locale: str = "en", community: str = "vienna"
) -> MemoryMember:
    member = factory(locale)
    await member.say(f"/start {community}")
    accept = next(o for o in member.last_options if o.startswith("consent:accept"))
    await member.press(accept)
    return member


async def member_id(core: Core, member: MemoryMember) -> int:
    async with core.uow_factory() as uow:
        found = await uow.members.by_address(member.address)
    assert found is not None
    return found.id


async def new_meetup(core: Core, starts_at: datetime, capacity: int | None = None,
                     community: str = "vienna") -> Meetup:  # fmt: skip
    async with core.uow_factory() as uow:
        place = await uow.communities.by_slug(community)
        assert place is not None
        meetup = await CreateMeetup(uow, core.clock)(
            place.id, MeetupDraft("Monthly meetup", starts_at, place="Library", capacity=capacity)
        )
        await uow.commit()
    return meetup


async def sweep(core: Core, clock: FrozenClock) -> None:
    await sweep_outbox(
        core.uow_factory, clock, core.senders, NoticeRenderer(core.catalogs),
        core.settings.reminders.durations(),
    )  # fmt: skip


@pytest.fixture
def sender(core: Core) -> MemorySender:
    memory = MemorySender(Channel.TELEGRAM)
    core.senders.add(memory)
    return memory


async def test_31_members_pressing_going_at_once_for_30_seats(
    member_factory: MemberFactory, core: Core
) -> None:
    members = [await joined(member_factory) for _ in range(31)]
    meetup = await new_meetup(core, core.clock.now() + timedelta(days=5), capacity=30)
    await asyncio.gather(*(m.press(f"rsvp:yes:{meetup.id}") for m in members))
    async with core.uow_factory() as uow:
        counts = await uow.rsvps.counts(meetup.id)
    assert counts.going == 30
    full = [m for m in members if f"rsvp:wait:{meetup.id}" in m.last_options]
    assert len(full) == 1
    await full[0].press(f"rsvp:wait:{meetup.id}")
    async with core.uow_factory() as uow:
        counts = await uow.rsvps.counts(meetup.id)
    assert (counts.going, counts.waitlisted) == (30, 1)


async def test_a_double_tap_makes_one_rsvp(member_factory: MemberFactory, core: Core) -> None:
    member = await joined(member_factory)
    meetup = await new_meetup(core, core.clock.now() + timedelta(days=5), capacity=10)
    first, second = await asyncio.gather(
        member.press(f"rsvp:yes:{meetup.id}"), member.press(f"rsvp:yes:{meetup.id}")
    )
    async with core.uow_factory() as uow:
        counts = await uow.rsvps.counts(meetup.id)
    assert counts.going == 1
    texts = [first[0].text, second[0].text]
    assert any(t.startswith("See you at") for t in texts)
    assert any(t.startswith("You are already on the list") for t in texts)


async def test_a_freed_seat_goes_to_the_first_on_the_waitlist(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    going, first, second = [await joined(member_factory, loc) for loc in ("en", "ar", "fa")]
    meetup = await new_meetup(core, clock.now() + timedelta(days=5), capacity=1)
    await going.press(f"rsvp:yes:{meetup.id}")
    for waiting in (first, second):
        await waiting.press(f"rsvp:yes:{meetup.id}")
        clock.advance(timedelta(seconds=1))
        await waiting.press(f"rsvp:wait:{meetup.id}")
    await going.press(f"rsvp:no:{meetup.id}")
    await sweep(core, clock)
    [notice] = sender.take(first.external_id)
    assert notice.locale == "ar"
    assert notice.template_key == "meetup_seat_free"
    assert sender.take(second.external_id) == []
    first_id = await member_id(core, first)
    async with core.uow_factory() as uow:
        promoted = await uow.rsvps.get(meetup.id, first_id)
    assert promoted is not None and promoted.status is RsvpStatus.GOING


async def test_erasing_a_member_gives_their_seat_away(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    going, waiting = await joined(member_factory), await joined(member_factory)
    meetup = await new_meetup(core, clock.now() + timedelta(days=5), capacity=1)
    await going.press(f"rsvp:yes:{meetup.id}")
    await waiting.press(f"rsvp:yes:{meetup.id}")
    await waiting.press(f"rsvp:wait:{meetup.id}")
    going_id = await member_id(core, going)
    async with core.uow_factory() as uow:
        await EraseMember(uow, clock)(going_id)
        await uow.commit()
    await sweep(core, clock)
    assert len(sender.take(waiting.external_id)) == 1


async def test_reminders_are_sent_exactly_once_also_after_a_restart(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    member = await joined(member_factory, "de")
    starts = datetime(2026, 11, 28, 15, 0, tzinfo=VIENNA)
    meetup = await new_meetup(core, starts)
    await member.press(f"rsvp:yes:{meetup.id}")
    clock.advance(starts - timedelta(days=1) - clock.now() + timedelta(minutes=1))
    await sweep(core, clock)
    await sweep(core, clock)
    assert len(sender.take(member.external_id)) == 1
    # A new process (new engine, same database) finds nothing new to send.
    from bot.app import build_core

    restarted = await build_core(core.settings, clock=clock, migrate=False)
    restarted.senders.add(sender)
    try:
        await sweep(restarted, clock)
        assert sender.take(member.external_id) == []
        clock.advance(timedelta(hours=21))  # three hours before: the second reminder
        await sweep(restarted, clock)
        [second] = sender.take(member.external_id)
        assert second.locale == "de" and "15:00" in second.text
    finally:
        await restarted.close()


async def test_reminders_follow_the_wall_clock_across_daylight_saving(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    # Clocks go forward in Vienna on Sunday 29 March 2027 at 02:00.
    clock.advance(datetime(2027, 3, 25, 12, 0, tzinfo=UTC) - clock.now())
    member = await joined(member_factory)
    starts = datetime(2027, 3, 29, 15, 0, tzinfo=VIENNA)  # Monday, after the change
    meetup = await new_meetup(core, starts)
    await member.press(f"rsvp:yes:{meetup.id}")
    day_before = datetime(2027, 3, 28, 15, 0, tzinfo=VIENNA)  # 23 hours earlier in real time
    assert Duration.parse("P1D").before(starts, "Europe/Vienna") == day_before
    clock.advance(day_before - clock.now() - timedelta(minutes=1))
    await sweep(core, clock)
    assert sender.take(member.external_id) == []
    clock.advance(timedelta(minutes=2))
    await sweep(core, clock)
    assert len(sender.take(member.external_id)) == 1


async def test_no_reminder_for_cancelled_withdrawn_erased_or_stopped(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    starts = clock.now() + timedelta(days=3)
    cancelled_meetup = await new_meetup(core, starts)
    meetup = await new_meetup(core, starts + timedelta(hours=1))
    withdrawn, erased, stopped, quiet, cancelled = [await joined(member_factory) for _ in range(5)]
    for person in (withdrawn, erased, stopped, quiet):
        await person.press(f"rsvp:yes:{meetup.id}")
    await cancelled.press(f"rsvp:yes:{cancelled_meetup.id}")
    await withdrawn.press(f"rsvp:no:{meetup.id}")
    await stopped.say("/stop")
    await quiet.say("/reminders")
    await erased.say("/forget")
    await erased.press("forget:yes")
    async with core.uow_factory() as uow:
        await CancelMeetup(uow, clock)(cancelled_meetup.id)
        await uow.commit()
    await sweep(core, clock)
    [cancel_notice] = sender.take(cancelled.external_id)
    assert cancel_notice.template_key == "meetup_cancelled"
    clock.advance(timedelta(days=3))
    await sweep(core, clock)
    assert sender.delivered == {}


async def test_a_reminder_missed_while_down_is_sent_late_or_dropped(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    member = await joined(member_factory)
    soon = await new_meetup(core, clock.now() + timedelta(days=2))
    over = await new_meetup(core, clock.now() + timedelta(days=2, hours=1))
    for meetup in (soon, over):
        await member.press(f"rsvp:yes:{meetup.id}")
    # Down from now until 2 hours before the first meetup: both offsets fell due meanwhile.
    clock.advance(timedelta(days=2) - timedelta(hours=2))
    await sweep(core, clock)
    late = sender.take(member.external_id)
    assert len(late) == 2  # one per meetup (the latest offset), not one per offset
    mid = await member_id(core, member)
    async with core.uow_factory() as uow:
        rows = await uow.outbox.of_member(mid)
    statuses = sorted(r.status.value for r in rows if r.kind is NoticeKind.REMINDER)
    assert statuses == ["dropped", "dropped", "sent", "sent"]
    # Down past the second meetup: nothing is sent for it any more.
    clock.advance(timedelta(hours=5))
    await sweep(core, clock)
    assert sender.take(member.external_id) == []


async def test_a_moved_meetup_tells_everyone_and_reminds_at_the_new_time(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    member = await joined(member_factory, "uk")
    meetup = await new_meetup(core, clock.now() + timedelta(days=2))
    await member.press(f"rsvp:yes:{meetup.id}")
    async with core.uow_factory() as uow:
        await ChangeMeetup(uow, clock)(meetup.id, starts_at=clock.now() + timedelta(days=4))
        await uow.commit()
    await sweep(core, clock)
    [changed] = sender.take(member.external_id)
    assert changed.template_key == "meetup_changed" and changed.locale == "uk"
    clock.advance(timedelta(days=2, hours=1))  # the old time's reminders would be due now
    await sweep(core, clock)
    assert sender.take(member.external_id) == []


async def test_a_blocked_member_is_marked_unreachable_and_skipped(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    member = await joined(member_factory)
    meetup = await new_meetup(core, clock.now() + timedelta(hours=5))
    await member.press(f"rsvp:yes:{meetup.id}")
    sender.fail_with = DeliveryResult(DeliveryStatus.UNREACHABLE, reason="forbidden")
    clock.advance(timedelta(hours=2, minutes=1))
    await sweep(core, clock)
    mid = await member_id(core, member)
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
        rows = await uow.outbox.of_member(mid)
    assert stored is not None and stored.unreachable
    # The day-before reminder fell due before the RSVP: it is not written at all.
    assert [r.status for r in rows] == [OutboxStatus.UNREACHABLE]


async def test_rate_limited_notices_are_retried_later(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    member = await joined(member_factory)
    meetup = await new_meetup(core, clock.now() + timedelta(hours=5))
    await member.press(f"rsvp:yes:{meetup.id}")
    clock.advance(timedelta(hours=2, minutes=1))
    sender.fail_with = DeliveryResult(DeliveryStatus.RETRY, retry_after=3, reason="429")
    await sweep(core, clock)
    sender.fail_with = None
    await sweep(core, clock)
    assert sender.take(member.external_id) == []  # not yet: retry_after has not passed
    clock.advance(timedelta(seconds=4))
    await sweep(core, clock)
    assert len(sender.take(member.external_id)) == 1


@pytest.mark.parametrize(
    ("option", "expected"),
    [("rsvp:yes:999", "This meetup does not exist any more."),
     ("ics:999", "This meetup does not exist any more."),
     ("rsvp:yes:abc", "That button is no longer valid. Here is what I can do now:")],
)  # fmt: skip
async def test_buttons_of_missing_meetups(
    member_factory: MemberFactory, core: Core, option: str, expected: str
) -> None:
    member = await joined(member_factory)
    replies = await member.press(option)
    assert replies[0].text.startswith(core.catalogs.get("en").text(expected))


async def test_rsvp_for_a_cancelled_or_foreign_meetup_is_refused(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    member = await joined(member_factory)
    berlin = await new_meetup(core, clock.now() + timedelta(days=2), community="berlin")
    vienna = await new_meetup(core, clock.now() + timedelta(days=2))
    async with core.uow_factory() as uow:
        await CancelMeetup(uow, clock)(vienna.id)
        await uow.commit()
    en = core.catalogs.get("en")
    [foreign, *_] = await member.press(f"rsvp:yes:{berlin.id}")
    assert foreign.text.startswith(
        en.text("This meetup belongs to another community. Join that community first.")
    )
    [gone, *_] = await member.press(f"rsvp:yes:{vienna.id}")
    assert gone.text.startswith(en.text("This meetup was cancelled."))
    mid = await member_id(core, member)
    async with core.uow_factory() as uow:
        assert await uow.rsvps.get(berlin.id, mid) is None


async def test_check_in_with_the_code(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    member = await joined(member_factory, "ar")
    meetup = await new_meetup(core, clock.now() + timedelta(hours=1))
    async with core.uow_factory() as uow:
        stored = await uow.meetups.get(meetup.id)
        assert stored is not None
        stored.checkin_code = "4827"
        await uow.meetups.save(stored, clock.now())
        await uow.commit()
    ar = core.catalogs.get("ar")
    [wrong] = await member.say("/checkin 1111")
    assert wrong.text == ar.text(
        "That code is not right. Please ask the ambassadors and type it again."
    )
    [right] = await member.say("٤٨٢٧")  # typed in Arabic digits, answering the open question
    assert right.text.startswith(ar.text("Welcome! You are checked in at {title}.").split("{")[0])
    mid = await member_id(core, member)
    async with core.uow_factory() as uow:
        history = await uow.attendance.of_member(mid)
        counts = await uow.rsvps.counts(meetup.id)
    assert [a.meetup_id for a in history] == [meetup.id]
    assert counts.attended == 1


async def test_calendar_file_has_a_stable_uid_and_the_community_timezone(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    member = await joined(member_factory)
    meetup = await new_meetup(core, datetime(2026, 12, 12, 15, 0, tzinfo=VIENNA))
    [reply] = await member.press(f"ics:{meetup.id}")
    assert reply.attachment is not None and reply.attachment.mime_type == "text/calendar"
    calendar = Calendar.from_ical(reply.attachment.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meetup-{meetup.id}@josoor.community"
    assert event["DTSTART"].params["TZID"] == "Europe/Vienna"
    assert event.decoded("DTSTART") == datetime(2026, 12, 12, 15, 0, tzinfo=VIENNA)
    assert calendar.walk("VTIMEZONE")
    [again] = await member.press(f"ics:{meetup.id}")
    assert again.attachment is not None
    assert Calendar.from_ical(again.attachment.content).walk("VEVENT")[0]["UID"] == event["UID"]


async def test_a_monthly_series_creates_its_next_occurrences(
    core: Core, clock: FrozenClock
) -> None:
    first = datetime(2026, 12, 5, 15, 0, tzinfo=VIENNA)  # the first Saturday of December
    rule = monthly_rule(first, "Europe/Vienna")
    assert rule == "FREQ=MONTHLY;BYDAY=+1SA"
    async with core.uow_factory() as uow:
        vienna = await uow.communities.by_slug("vienna")
        assert vienna is not None
        await uow.series.add(
            MeetupSeries(0, vienna.id, rule, "First Saturday", first), clock.now()
        )
        assert await MaterializeSeries(uow, clock)() == 2  # 5 Dec and 2 Jan: within 45 days
        clock.advance(timedelta(days=31))
        assert await MaterializeSeries(uow, clock)() == 1  # 6 Feb 2027
        assert await MaterializeSeries(uow, clock)() == 0  # nothing twice
        meetups = await uow.meetups.of_community(vienna.id)
        await uow.commit()
    local = [m.starts_at.astimezone(VIENNA) for m in meetups]
    assert [(t.month, t.day, t.hour) for t in local] == [(12, 5, 15), (1, 2, 15), (2, 6, 15)]


async def test_answers_from_the_rsvp_use_case(core: Core, member_factory: MemberFactory) -> None:
    member = await joined(member_factory)
    meetup = await new_meetup(core, core.clock.now() + timedelta(days=1), capacity=1)
    mid = await member_id(core, member)
    async with core.uow_factory() as uow:
        rsvp = AnswerRsvp(uow, core.clock)
        assert (await rsvp.going(meetup.id, mid)).result is RsvpResult.GOING
        assert (await rsvp.going(meetup.id, mid)).result is RsvpResult.ALREADY_GOING
        assert (await rsvp.not_going(meetup.id, mid)).result is RsvpResult.NOT_GOING

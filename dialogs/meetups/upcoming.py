"""Members and meetups: the list, RSVPs with a waitlist, calendar files, reminders on/off."""

from __future__ import annotations

from bot.core.common.messages import Attachment, AttachmentKind, Option
from bot.core.communities.permissions import led_communities
from bot.core.meetups.domain import Meetup, RsvpStatus
from bot.core.meetups.ics import meetup_calendar
from bot.core.meetups.lifecycle import MeetupProblem
from bot.core.meetups.rsvp import AnswerRsvp, RsvpResult
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.handovers import find_community
from dialogs.common.turn import Turn
from dialogs.meetups.cards import card_options, card_text

#: At most this many upcoming meetups per community are shown at once.
SHOWN = 5


async def show_upcoming(turn: Turn) -> None:
    assert turn.member is not None
    memberships = await turn.uow.memberships.of_member(turn.member.id)
    if not memberships:
        turn.say(turn.tr.text("You have not joined a community yet."))
        find_community(turn)
        return
    led = {c.id for c in await led_communities(turn.uow, turn.member.id)}
    for _, joined in memberships:
        meetups = await turn.uow.meetups.upcoming(joined.id, turn.clock.now(), limit=SHOWN)
        if not meetups:
            turn.say(
                turn.tr.text(
                    "No meetups are planned in {community} yet. Your ambassadors will "
                    "announce the next one here.",
                    community=isolate(joined.name(turn.locale)),
                )
            )
            continue
        for meetup in meetups:
            await show_card(turn, meetup, ambassador=joined.id in led)


async def show_card(turn: Turn, meetup: Meetup, *, ambassador: bool = False) -> None:
    assert turn.member is not None
    place = await turn.uow.communities.get(meetup.community_id)
    assert place is not None
    rsvp = await turn.uow.rsvps.get(meetup.id, turn.member.id)
    status = rsvp.status if rsvp else None
    position = None
    if status is RsvpStatus.WAITLISTED:
        queue = await turn.uow.rsvps.members_with(meetup.id, (RsvpStatus.WAITLISTED,))
        position = queue.index(turn.member.id) + 1
    counts = await turn.uow.rsvps.counts(meetup.id)
    turn.say(
        card_text(turn.tr, meetup, place, counts, status, position),
        card_options(turn.tr, meetup, status, ambassador=ambassador),
    )


def meetup_problem(turn: Turn, problem: MeetupProblem) -> None:
    tr = turn.tr
    texts = {
        "not_found": tr.text("This meetup does not exist any more."),
        "cancelled": tr.text("This meetup was cancelled."),
        "already_cancelled": tr.text("This meetup was cancelled."),
        "in_past": tr.text("This meetup is already over."),
        "other_community": tr.text(
            "This meetup belongs to another community. Join that community first."
        ),
    }
    turn.say(texts.get(problem.reason, tr.text("This meetup does not exist any more.")))
    menu.show(turn)


def _meetup_id(argument: str) -> int | None:
    return int(argument) if argument.isdigit() else None


async def answer(turn: Turn, argument: str) -> None:
    """`rsvp:yes:<id>`, `rsvp:no:<id>`, `rsvp:wait:<id>`."""
    assert turn.member is not None
    choice, _, raw_id = argument.partition(":")
    meetup_id = _meetup_id(raw_id)
    if meetup_id is None or choice not in ("yes", "no", "wait"):
        menu.stale_button(turn)
        return
    rsvp = AnswerRsvp(turn.uow, turn.clock)
    try:
        if choice == "yes":
            outcome = await rsvp.going(meetup_id, turn.member.id)
        elif choice == "wait":
            outcome = await rsvp.join_waitlist(meetup_id, turn.member.id)
        else:
            outcome = await rsvp.not_going(meetup_id, turn.member.id)
    except MeetupProblem as problem:
        meetup_problem(turn, problem)
        return
    tr, title = turn.tr, isolate(outcome.meetup.title)
    if outcome.result is RsvpResult.FULL:
        turn.say(
            tr.text(
                "{title} is full. Do you want to join the waitlist? I will tell you as soon "
                "as a seat is free.",
                title=title,
            ),
            [
                Option(f"rsvp:wait:{meetup_id}", tr.text("Join the waitlist")),
                Option("menu:meetups", tr.text("No, thanks")),
            ],
        )
        return
    messages = {
        RsvpResult.GOING: tr.text(
            "See you at {title}! I will remind you before it starts.", title=title
        ),
        RsvpResult.ALREADY_GOING: tr.text("You are already on the list for {title}.", title=title),
        RsvpResult.NOT_GOING: tr.text(
            "Thank you for letting us know. Your seat for {title} is free for someone else.",
            title=title,
        ),
    }
    if outcome.result in (RsvpResult.WAITLISTED, RsvpResult.ALREADY_WAITLISTED):
        turn.say(
            tr.text(
                "You are number {position} on the waitlist for {title}. I will tell you when a "
                "seat is free.",
                position=outcome.waitlist_position or 1,
                title=title,
            )
        )
    else:
        turn.say(messages[outcome.result])
    await show_card(turn, outcome.meetup)


async def calendar_file(turn: Turn, argument: str) -> None:
    meetup_id = _meetup_id(argument)
    meetup = await turn.uow.meetups.get(meetup_id) if meetup_id is not None else None
    place = await turn.uow.communities.get(meetup.community_id) if meetup else None
    if meetup is None or place is None:
        meetup_problem(turn, MeetupProblem("not_found"))
        return
    content = meetup_calendar(meetup, place.timezone, turn.clock.now())
    turn.say(
        turn.tr.text(
            "Here is {title} for your calendar. Open the file to add it.",
            title=isolate(meetup.title),
        ),
        attachment=Attachment(
            AttachmentKind.DOCUMENT, f"josoor-meetup-{meetup.id}.ics", "text/calendar", content
        ),
    )


async def toggle_reminders(turn: Turn) -> None:
    assert turn.member is not None
    turn.member.reminders_enabled = not turn.member.reminders_enabled
    await turn.uow.members.save(turn.member)
    if turn.member.reminders_enabled:
        turn.say(turn.tr.text("Reminders are on. I will remind you before each meetup you go to."))
    else:
        turn.say(turn.tr.text("Reminders are off. Send /reminders to turn them on again."))

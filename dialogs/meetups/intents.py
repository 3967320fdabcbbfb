"""Free text about meetups: "when is the next meetup?", "I am coming", "I cannot come".

The RSVP intents only ask: the answer is a button (`rsvp:yes|no:<id>`), so a misunderstood
sentence never changes anything by itself.
"""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.meetups.domain import Meetup, RsvpStatus
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.turn import Turn
from dialogs.meetups.cards import when_text
from dialogs.meetups.upcoming import show_card, show_upcoming


async def next_meetup(turn: Turn) -> None:
    meetup = await _next_for_member(turn)
    if meetup is None:
        await show_upcoming(turn)  # explains the empty state per community
        return
    await show_card(turn, meetup, ambassador=turn.ambassador)


async def _next_for_member(turn: Turn, statuses: tuple[RsvpStatus, ...] = ()) -> Meetup | None:
    assert turn.member is not None
    found: list[Meetup] = []
    for _, joined in await turn.uow.memberships.of_member(turn.member.id):
        for meetup in await turn.uow.meetups.upcoming(joined.id, turn.clock.now(), limit=5):
            if statuses:
                rsvp = await turn.uow.rsvps.get(meetup.id, turn.member.id)
                if rsvp is None or rsvp.status not in statuses:
                    continue
            found.append(meetup)
    return min(found, key=lambda m: m.starts_at) if found else None


async def rsvp_yes(turn: Turn) -> None:
    meetup = await _next_for_member(turn)
    if meetup is None:
        await show_upcoming(turn)
        return
    place = await turn.uow.communities.get(meetup.community_id)
    assert place is not None
    turn.say(
        turn.tr.text(
            "Do you want to say that you are coming to {title} on {when}?",
            title=isolate(meetup.title),
            when=when_text(turn.tr, meetup, place),
        ),
        [
            Option(f"rsvp:yes:{meetup.id}", turn.tr.text("Yes, I am coming")),
            Option("menu:meetups", turn.tr.text("No")),
        ],
    )


async def rsvp_no(turn: Turn) -> None:
    meetup = await _next_for_member(turn, (RsvpStatus.GOING, RsvpStatus.WAITLISTED))
    if meetup is None:
        turn.say(turn.tr.text("You have not said that you are coming to a meetup."))
        menu.show(turn)
        return
    place = await turn.uow.communities.get(meetup.community_id)
    assert place is not None
    turn.say(
        turn.tr.text(
            "Do you want to cancel your place at {title} on {when}?",
            title=isolate(meetup.title),
            when=when_text(turn.tr, meetup, place),
        ),
        [
            Option(f"rsvp:no:{meetup.id}", turn.tr.text("Yes, cancel my place")),
            Option("menu:meetups", turn.tr.text("No, I am coming")),
        ],
    )

"""How a meetup is shown: the card with date, place, seats and the member's own answer."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.communities.domain import Community
from bot.core.meetups.domain import Meetup, RsvpCounts, RsvpStatus
from bot.core.meetups.ics import map_link
from bot.i18n.catalogs import Translator
from bot.i18n.formatting import format_moment
from bot.i18n.text import isolate


def when_text(tr: Translator, meetup: Meetup, community: Community) -> str:
    return format_moment(meetup.starts_at, tr.locale, community.timezone)


def card_text(
    tr: Translator,
    meetup: Meetup,
    community: Community,
    counts: RsvpCounts | None = None,
    my_status: RsvpStatus | None = None,
    waitlist_position: int | None = None,
) -> str:
    lines = [isolate(meetup.title), f"🗓 {when_text(tr, meetup, community)}"]
    if meetup.place:
        lines.append(f"📍 {isolate(meetup.place)}")
    link = map_link(meetup)
    if link:
        lines.append(f"🗺 {link}")
    if meetup.description:
        lines.append(isolate(meetup.description))
    if meetup.is_festival:
        partners = ", ".join(isolate(p.name) for p in meetup.partners)
        lines.append(
            tr.text("🎉 A festival with {partners}", partners=partners)
            if partners
            else tr.text("🎉 A festival")
        )
        # Each partner's link on a line of its own, so every app makes it tappable.
        lines.extend(f"🔗 {isolate(p.name)}: {p.link}" for p in meetup.partners if p.link)
    if counts is not None and meetup.capacity is not None:
        left = max(0, meetup.capacity - counts.going)
        lines.append(
            tr.plural("{n} seat left", "{n} seats left", left)
            if left
            else tr.text("Full – you can join the waitlist.")
        )
    if my_status is RsvpStatus.GOING:
        lines.append(tr.text("✅ You are going."))
    elif my_status is RsvpStatus.WAITLISTED:
        lines.append(
            tr.text(
                "⏳ You are on the waitlist (number {position}).", position=waitlist_position or 1
            )
        )
    elif my_status is RsvpStatus.NOT_GOING:
        lines.append(tr.text("You said you cannot come."))
    return "\n".join(lines)


def card_options(
    tr: Translator, meetup: Meetup, my_status: RsvpStatus | None, *, ambassador: bool
) -> list[Option]:
    options = []
    if my_status is RsvpStatus.GOING:
        options.append(Option(f"rsvp:no:{meetup.id}", tr.text("I cannot come")))
    elif my_status is RsvpStatus.WAITLISTED:
        options.append(Option(f"rsvp:no:{meetup.id}", tr.text("Leave the waitlist")))
    else:
        options.append(Option(f"rsvp:yes:{meetup.id}", tr.text("I am coming")))
        if my_status is None:
            options.append(Option(f"rsvp:no:{meetup.id}", tr.text("I cannot come")))
    options.append(Option(f"ics:{meetup.id}", tr.text("Add to my calendar")))
    if ambassador:
        options.append(Option(f"manage:{meetup.id}", tr.text("Manage")))
    return options

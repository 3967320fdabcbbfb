"""Meetup messages from the outbox (reminders, a seat free, changes, cancellations), rendered
at delivery time in the member's current language. The outbox stores only the kind and ids,
never these texts; which are still wanted is the dispatcher's rule for meetups."""

from __future__ import annotations

from bot.core.common.messages import Option, Reply
from bot.core.common.outbox import NoticeKind
from bot.core.notices import NoticeContext
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs.common.routing import Notice
from dialogs.meetups.cards import card_text, when_text

#: Template names for channels with a service window (WhatsApp); see config.yaml.
TEMPLATES = {
    NoticeKind.REMINDER: "meetup_reminder",
    NoticeKind.WAITLIST_PROMOTED: "meetup_seat_free",
    NoticeKind.MEETUP_CANCELLED: "meetup_cancelled",
    NoticeKind.MEETUP_CHANGED: "meetup_changed",
}


def _meetup_notice(tr: Translator, context: NoticeContext) -> list[Reply]:
    meetup, community, kind = context.meetup, context.community, context.item.kind
    assert meetup is not None and community is not None
    title, when = isolate(meetup.title), when_text(tr, meetup, community)
    options: list[Option] = []
    if kind is NoticeKind.REMINDER:
        head = tr.text("Reminder: {title} is on {when}.", title=title, when=when)
        options = [
            Option(f"rsvp:no:{meetup.id}", tr.text("I cannot come")),
            Option(f"ics:{meetup.id}", tr.text("Add to my calendar")),
        ]
    elif kind is NoticeKind.WAITLIST_PROMOTED:
        head = tr.text(
            "Good news: a seat became free. You are now going to {title} on {when}.",
            title=title,
            when=when,
        )
        options = [Option(f"rsvp:no:{meetup.id}", tr.text("I cannot come"))]
    elif kind is NoticeKind.MEETUP_CANCELLED:
        head = tr.text("Sorry: {title} on {when} is cancelled.", title=title, when=when)
    else:
        head = tr.text("{title} has changed. Here are the new details:", title=title)
        options = [Option(f"ics:{meetup.id}", tr.text("Add to my calendar"))]
    body = (
        head
        if kind is NoticeKind.MEETUP_CANCELLED
        else f"{head}\n\n{card_text(tr, meetup, community)}"
    )
    # Template body parameters, in the order config.yaml names them (title, when).
    params = (title,) if kind is NoticeKind.MEETUP_CHANGED else (title, when)
    return [
        Reply(
            text=body,
            locale=tr.locale,
            options=tuple(options),
            template_key=TEMPLATES[kind],
            template_params=params,
        )
    ]


NOTICES = tuple(Notice(kind, _meetup_notice) for kind in TEMPLATES)

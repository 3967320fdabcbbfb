"""Proactive messages (reminders, waitlist, changes), rendered at delivery time in the
member's current language. The outbox stores only the kind and ids, never these texts."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.common.messages import Option, Reply
from bot.core.common.outbox import NoticeKind
from bot.core.notices import AfterDispatch, NoticeContext, Policy, SubjectLoader
from bot.i18n.catalogs import Catalogs, Translator
from bot.i18n.text import isolate
from dialogs.meetup_cards import card_text, when_text

#: Template names for channels with a service window (WhatsApp); see config.yaml.
TEMPLATES = {
    NoticeKind.REMINDER: "meetup_reminder",
    NoticeKind.WAITLIST_PROMOTED: "meetup_seat_free",
    NoticeKind.MEETUP_CANCELLED: "meetup_cancelled",
    NoticeKind.MEETUP_CHANGED: "meetup_changed",
}


#: How features render their own kinds of messages (kind → function of translator and context).
RENDERERS: dict[NoticeKind, Callable[[Translator, NoticeContext], list[Reply]]] = {}
SUBJECT_LOADERS: dict[NoticeKind, SubjectLoader] = {}
POLICIES: dict[NoticeKind, Policy] = {}
BULK_KINDS: set[NoticeKind] = set()
AFTER_DISPATCH: list[AfterDispatch] = []


class NoticeRenderer:
    def __init__(self, catalogs: Catalogs) -> None:
        self._catalogs = catalogs
        self.subject_loaders = SUBJECT_LOADERS
        self.policies = POLICIES
        self.after_dispatch = AFTER_DISPATCH

    @property
    def bulk_kinds(self) -> frozenset[NoticeKind]:
        return frozenset(BULK_KINDS)

    def __call__(self, context: NoticeContext) -> list[Reply]:
        tr = self._catalogs.get(context.member.locale)
        renderer = RENDERERS.get(context.item.kind)
        if renderer is not None:
            return renderer(tr, context)
        return _meetup_notice(tr, context)


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

"""Welcome Group messages from the outbox, rendered at delivery in the reader's language.

The outbox row holds only the kind and the subject's id (a proposal, a check-in, a group);
this module loads the subjects of a batch, says whether a message is still wanted (a
proposal answered in the meantime is not asked again), and renders it; `NOTICES` declares
it for the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.common.messages import Option, Reply
from bot.core.common.outbox import NoticeKind
from bot.core.notices import NoticeContext
from bot.core.ports import UnitOfWork
from bot.core.welcome.domain import (
    ACTIVE,
    MONTHS,
    CheckinAnswer,
    ProposalStatus,
    Rating,
    Side,
    WelcomeGroup,
)
from bot.core.welcome.views import CheckinView, ProposalView, load_checkin_views, load_views
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs.common.routing import Notice
from dialogs.welcome.talk import introduction, name_of, other_side
from dialogs.welcome.texts import explanation, interests_of, languages_of, needs_of

PROPOSAL_KINDS = (
    NoticeKind.WELCOME_PROPOSAL, NoticeKind.WELCOME_PROPOSAL_ENDED, NoticeKind.WELCOME_MATCHED,
    NoticeKind.WELCOME_CONTACT, NoticeKind.WELCOME_CLOSING, NoticeKind.WELCOME_CLOSED,
)  # fmt: skip
CHECKIN_KINDS = (NoticeKind.WELCOME_CHECKIN, NoticeKind.WELCOME_ATTENTION)
GROUP_KINDS = (NoticeKind.WELCOME_GROUP_READY, NoticeKind.WELCOME_WITHDRAWN)


async def _proposals(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    return dict(await load_views(uow, ids))


async def _checkins(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    return dict(await load_checkin_views(uow, ids))


async def _groups(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    found: dict[int, object] = {}
    for group_id in ids:
        group = await uow.welcome.get_group(group_id)
        if group is not None:
            found[group_id] = group
    return found


def _proposal_wanted(context: NoticeContext, now: datetime) -> bool:
    view = context.subject
    assert isinstance(view, ProposalView)
    side, status = view.side_of(context.member.id), view.proposal.status
    kind = context.item.kind
    if kind is NoticeKind.WELCOME_PROPOSAL:
        return (
            status is ProposalStatus.SENT
            and side is not None
            and (view.proposal.answer_of(side) is None)
        )
    if kind in (NoticeKind.WELCOME_MATCHED, NoticeKind.WELCOME_CONTACT):
        return status in ACTIVE
    if kind is NoticeKind.WELCOME_CLOSING:
        return (
            status is ProposalStatus.MATCHED
            and side is not None
            and (view.proposal.closing_of(side) is None)
        )
    return True


def _checkin_wanted(context: NoticeContext, now: datetime) -> bool:
    subject = context.subject
    assert isinstance(subject, CheckinView)
    if context.item.kind is NoticeKind.WELCOME_ATTENTION:
        return True
    return (
        subject.view.proposal.status is ProposalStatus.MATCHED and subject.checkin.answer is None
    )


def _view(context: NoticeContext) -> tuple[ProposalView, Side]:
    view = context.subject
    assert isinstance(view, ProposalView)
    return view, view.side_of(context.member.id) or Side.GROUP


def _proposal(tr: Translator, context: NoticeContext) -> list[Reply]:
    view, side = _view(context)
    kind, pid = context.item.kind, view.proposal.id
    group, community = isolate(view.group.name), isolate(view.community.name(tr.locale))
    newcomer = name_of(tr, view, Side.NEWCOMER)
    why = explanation(tr, view.proposal.reasons, side)
    options: tuple[Option, ...] = ()
    if kind is NoticeKind.WELCOME_MATCHED:
        return [introduction(tr, view, side)]
    if kind is NoticeKind.WELCOME_PROPOSAL:
        options = (
            Option(f"wg:yes:{pid}", tr.text("Yes, gladly")),
            Option(f"wg:no:{pid}", tr.text("No, thanks")),
        )
        if side is Side.NEWCOMER:
            text = tr.plural(
                "Good news! The ambassadors of {community} propose a Welcome Group for you: "
                "{group}, {n} person. {why}\n\nIf you both say yes, I introduce you to the "
                "group's coordinator. Your phone number and username stay hidden. Do you want "
                "to meet this group?",
                "Good news! The ambassadors of {community} propose a Welcome Group for you: "
                "{group}, {n} people. {why}\n\nIf you both say yes, I introduce you to the "
                "group's coordinator. Your phone number and username stay hidden. Do you want "
                "to meet this group?",
                view.group.member_count, community=community, group=group, why=why,
            )  # fmt: skip
        else:
            request = view.request
            text = tr.text(
                "The ambassadors of {community} propose a newcomer for your Welcome Group "
                "{group}: {name}.\nSpeaks: {languages}\nInterests: {interests}\nHelp with: "
                "{needs}\n{why}\n\nIf you both say yes, I introduce you. Do you want to "
                "welcome {name}?",
                community=community, group=group, name=newcomer,
                languages=languages_of(tr, request.languages),
                interests=interests_of(tr, request.interests),
                needs=needs_of(tr, request.needs), why=why,
            )  # fmt: skip
    elif kind is NoticeKind.WELCOME_PROPOSAL_ENDED:
        text = (
            tr.text(
                "The proposal to meet the Welcome Group {group} has ended. Your request stays "
                "in the queue.",
                group=group,
            )
            if side is Side.NEWCOMER
            else tr.text(
                "The proposal to meet {name} has ended. Your group {group} stays ready for the "
                "next match.",
                name=newcomer,
                group=group,
            )
        )
    elif kind is NoticeKind.WELCOME_CONTACT:
        other = name_of(tr, view, other_side(side))
        text = tr.text(
            "{name} also agreed to share contacts. Open the Welcome Group menu to see how to "
            "reach them.",
            name=other,
        )
        options = (Option(f"wg:share:{pid}", tr.text("Show the contact")),)
    elif kind is NoticeKind.WELCOME_CLOSING:
        text = tr.plural(
            "{n} month ago you started as a Welcome Group match with {name} ({group}). "
            "Thank you! Do you want to close the match now, or continue?",
            "{n} months ago you started as a Welcome Group match with {name} ({group}). "
            "Thank you! Do you want to close the match now, or continue?",
            MONTHS, name=name_of(tr, view, other_side(side)), group=group,
        )  # fmt: skip
        options = (
            Option(f"wg:end:{pid}:close", tr.text("Close the match")),
            Option(f"wg:end:{pid}:continue", tr.text("Continue")),
        )
    else:  # WELCOME_CLOSED
        text = tr.text(
            "{name} has closed your Welcome Group match ({group}). Thank you for everything "
            "you did together! How was it?",
            name=name_of(tr, view, other_side(side)), group=group,
        )  # fmt: skip
        options = tuple(
            Option(f"wg:fb:{pid}:{rating}", label)
            for rating, label in (
                (Rating.GREAT, tr.text("Very good")),
                (Rating.GOOD, tr.text("Good")),
                (Rating.DIFFICULT, tr.text("Difficult")),
            )
        )
    return [Reply(text=text, locale=tr.locale, options=options, template_key=kind.value)]


def _checkin(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = context.subject
    assert isinstance(subject, CheckinView)
    checkin, view = subject.checkin, subject.view
    group = isolate(view.group.name)
    if context.item.kind is NoticeKind.WELCOME_ATTENTION:
        side = view.side_of(checkin.member_id) or Side.GROUP
        pair = " ↔ ".join((name_of(tr, view, Side.NEWCOMER), group))
        text = tr.text(
            "The Welcome Group match {pair} needs help: {name} answered the monthly check-in "
            "with “we need help”. /match shows all matches that need attention.",
            pair=pair,
            name=name_of(tr, view, side),
        )
        return [Reply(text=text, locale=tr.locale, template_key="welcome_attention")]
    text = tr.text(
        "Monthly check-in for your Welcome Group {group} (month {month} of {months}): how is "
        "it going?",
        group=group, month=checkin.month, months=MONTHS,
    )  # fmt: skip
    options = (
        Option(f"wg:ci:{checkin.id}:{CheckinAnswer.GOOD}", tr.text("😊 Going well")),
        Option(f"wg:ci:{checkin.id}:{CheckinAnswer.PROBLEMS}", tr.text("😐 Some problems")),
        Option(f"wg:ci:{checkin.id}:{CheckinAnswer.HELP}", tr.text("🆘 We need help")),
    )
    return [Reply(text=text, locale=tr.locale, options=options, template_key="welcome_checkin")]


def _group(tr: Translator, context: NoticeContext) -> list[Reply]:
    group = context.subject
    assert isinstance(group, WelcomeGroup)
    name = isolate(group.name)
    if context.item.kind is NoticeKind.WELCOME_GROUP_READY:
        text = tr.plural(
            "Your Welcome Group {group} now has {n} member and is ready! The ambassadors "
            "will propose a newcomer or family.",
            "Your Welcome Group {group} now has {n} members and is ready! The ambassadors "
            "will propose a newcomer or family.",
            group.member_count, group=name,
        )  # fmt: skip
    else:
        text = tr.text(
            "A newcomer who was proposed to or matched with your group {group} has withdrawn "
            "their request. Your group is free for a new match.",
            group=name,
        )
    return [
        Reply(
            text=text,
            locale=tr.locale,
            options=(Option("wg:home", tr.text("My Welcome Group")),),
            template_key=context.item.kind.value,
        )
    ]


def _templated(context: NoticeContext, group: str, replies: list[Reply]) -> list[Reply]:
    """Outside WhatsApp's 24-hour window each notice goes as its kind's template, which names
    the group."""
    key = context.item.kind.value
    return [replace(r, template_key=key, template_params=(group,)) for r in replies]


def _proposal_notice(tr: Translator, context: NoticeContext) -> list[Reply]:
    view, _ = _view(context)
    return _templated(context, view.group.name, _proposal(tr, context))


def _checkin_notice(tr: Translator, context: NoticeContext) -> list[Reply]:
    assert isinstance(context.subject, CheckinView)
    return _templated(context, context.subject.view.group.name, _checkin(tr, context))


def _group_notice(tr: Translator, context: NoticeContext) -> list[Reply]:
    assert isinstance(context.subject, WelcomeGroup)
    return _templated(context, context.subject.name, _group(tr, context))


NOTICES = (
    *(Notice(kind, _proposal_notice, _proposals, _proposal_wanted) for kind in PROPOSAL_KINDS),
    *(Notice(kind, _checkin_notice, _checkins, _checkin_wanted) for kind in CHECKIN_KINDS),
    *(Notice(kind, _group_notice, _groups) for kind in GROUP_KINDS),
)

"""How the outbox loads, judges and words the ambassador tools' messages.

`NOTICES` declares broadcasts (bulk, one per recipient, in the member's language when a
version exists), the author's delivery report, and requests to write a language version
and their answers. Texts are rendered at delivery in the reader's current language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.ambassadors.domain import Broadcast, BroadcastStatus, DeliveryCounts, VariantStatus
from bot.core.common.messages import Option, Reply
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import Community
from bot.core.notices import NoticeContext
from bot.core.ports import UnitOfWork
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs.common.routing import Notice

BROADCAST_TEMPLATE = "community_broadcast"


@dataclass(frozen=True, slots=True)
class BroadcastSubject:
    broadcast: Broadcast
    community: Community
    counts: DeliveryCounts | None = None
    #: Display names by member id (the author, the people asked for a version).
    names: dict[int, str | None] | None = None


def broadcast_reply(tr: Translator, community: Community, text: str) -> Reply:
    """A broadcast as its reader sees it: who it is from (in their language), then the text,
    isolated like every user string (a Latin original cannot reorder an Arabic header)."""
    head = tr.text(
        "Message from the ambassadors of {community}:",
        community=isolate(community.name(tr.locale)),
    )
    return Reply(
        text=f"{head}\n\n{isolate(text)}",
        locale=tr.locale,
        template_key=BROADCAST_TEMPLATE,
        template_params=(community.name(tr.locale), text),
    )


async def _load(uow: UnitOfWork, ids: Sequence[int], counts: bool) -> dict[int, object]:
    broadcasts = await uow.broadcasts.get_many(ids)
    tallies = await uow.broadcasts.counts(list(broadcasts)) if counts else {}
    people = {
        member_id
        for b in broadcasts.values()
        for member_id in (b.created_by, *(v.written_by for v in b.variants.values()))
        if member_id is not None
    }
    names = {i: m.display_name for i, m in (await uow.members.get_many(sorted(people))).items()}
    found: dict[int, object] = {}
    for broadcast_id, broadcast in broadcasts.items():
        community = await uow.communities.get(broadcast.community_id)
        if community is not None and not community.deleted:
            found[broadcast_id] = BroadcastSubject(
                broadcast, community, tallies.get(broadcast_id), names
            )
    return found


async def _load_plain(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    return await _load(uow, ids, counts=False)


async def _load_counted(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    return await _load(uow, ids, counts=True)


def _subject(context: NoticeContext) -> BroadcastSubject:
    assert isinstance(context.subject, BroadcastSubject)
    return context.subject


def _queued(context: NoticeContext, _: datetime) -> bool:
    return _subject(context).broadcast.status is BroadcastStatus.QUEUED


def _draft(context: NoticeContext, _: datetime) -> bool:
    return _subject(context).broadcast.status is BroadcastStatus.DRAFT


def _asked(context: NoticeContext, now: datetime) -> bool:
    """A request to write a version is still wanted while the draft waits for it."""
    return _draft(context, now) and _wanted_locale(context) is not None


def _wanted_locale(context: NoticeContext) -> str | None:
    for variant in _subject(context).broadcast.variants.values():
        if (
            variant.written_by == context.member.id
            and variant.status is not VariantStatus.APPROVED
        ):
            return variant.locale
    return None


def _broadcast(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = _subject(context)
    # The header is in the reader's language; the body in theirs when a version exists.
    _, text = subject.broadcast.text_for(context.member.locale)
    return [broadcast_reply(tr, subject.community, text)]


def _report(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = _subject(context)
    counts = subject.counts or DeliveryCounts()
    community = isolate(subject.community.name(tr.locale))
    if not counts.sent:
        heading = tr.text("Your message to {community} reached nobody.", community=community)
    elif counts.unreachable or counts.failed:
        heading = tr.text(
            "Your message to {community} reached some of the members.", community=community
        )
    else:
        heading = tr.text("Your message to {community} is delivered.", community=community)
    lines = [
        heading,
        tr.text("Sent: {n}", n=counts.sent),
        tr.text("Unreachable (they blocked the bot): {n}", n=counts.unreachable),
        tr.text("Failed: {n}", n=counts.failed),
    ]
    if counts.no_template:
        lines.append(
            tr.text(
                "Of the failed, on WhatsApp after 24 hours of silence, with no approved "
                "template: {n}",
                n=counts.no_template,
            )
        )
    if counts.outside_window:
        lines.append(
            tr.text(
                "Of the failed, on WhatsApp after 24 hours of silence (only templates may go "
                "then): {n}",
                n=counts.outside_window,
            )
        )
    if counts.skipped:
        lines.append(tr.text("Skipped (they stopped messages or left): {n}", n=counts.skipped))
    if counts.unconfirmed:
        lines.append(
            tr.text(
                "Of the sent, not confirmed by the app (probably arrived): {n}",
                n=counts.unconfirmed,
            )
        )
    return [
        Reply(
            text="\n".join(lines),
            locale=tr.locale,
            template_key="broadcast_report",
            template_params=(subject.community.name(tr.locale),),
        )
    ]


def _request(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = _subject(context)
    locale = _wanted_locale(context) or context.member.locale
    author = subject.broadcast.created_by
    name = (subject.names or {}).get(author) if author is not None else None
    head = tr.text(
        "{name}, an ambassador of {community}, asks you to write the message below in "
        "your language for the members who read it. Nothing is sent before you approve "
        "your version.",
        name=isolate(name) if name else tr.text("An ambassador"),
        community=isolate(subject.community.name(tr.locale)),
    )
    bid = subject.broadcast.id
    return [
        Reply(
            text=f"{head}\n\n{isolate(subject.broadcast.original)}",
            locale=tr.locale,
            options=(
                Option(f"bt:w:{bid}:{locale}", tr.text("Write my version")),
                Option(f"bt:no:{bid}:{locale}", tr.text("I cannot now")),
            ),
            template_key="translation_request",
            template_params=(subject.community.name(tr.locale),),
        )
    ]


def _ready(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = _subject(context)
    text = tr.text("A new language version of your message is ready.")
    return [
        Reply(
            text=text,
            locale=tr.locale,
            options=(Option(f"bc:pv:{subject.broadcast.id}", tr.text("Preview and send")),),
            template_key="translation_ready",
            template_params=(subject.community.name(tr.locale),),
        )
    ]


NOTICES = (
    Notice(NoticeKind.BROADCAST, _broadcast, _load_plain, _queued, bulk=True),
    Notice(NoticeKind.BROADCAST_REPORT, _report, _load_counted),
    Notice(NoticeKind.TRANSLATION_REQUEST, _request, _load_plain, _asked),
    Notice(NoticeKind.TRANSLATION_READY, _ready, _load_plain, _draft),
)

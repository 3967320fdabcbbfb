"""How a broadcast's progress reads: the status message its author sees while it goes out
(replaced in place where the channel can), and the same line on the command line."""

from __future__ import annotations

from bot.core.ambassadors.broadcast_progress import Progress
from bot.core.common.messages import Reply
from bot.core.communities.domain import Community
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate


def progress_text(tr: Translator, progress: Progress, community: Community) -> str:
    """Sent of total, and how many could not be reached so far."""
    name = isolate(community.name(tr.locale))
    counts = progress.counts
    if counts.pending:
        text = tr.text(
            "Your message to {community} is going out: {sent} of {total} sent.",
            community=name, sent=counts.sent, total=progress.total,
        )  # fmt: skip
    else:
        text = tr.text(
            "Your message to {community} has gone out: {sent} of {total} sent.",
            community=name, sent=counts.sent, total=progress.total,
        )  # fmt: skip
    missed = counts.unreachable + counts.failed
    if missed:
        text += "\n" + tr.text("Not reached so far: {n}", n=missed)
    return text


def progress_reply(
    tr: Translator, progress: Progress, community: Community, *, editable: bool
) -> Reply:
    if editable:
        return Reply(progress_text(tr, progress, community), tr.locale)
    text = tr.plural(
        "Your message to {community} is going out to {n} member. I will send you a report "
        "when it is done.",
        "Your message to {community} is going out to {n} members. I will send you a report "
        "when it is done.",
        progress.total,
        community=isolate(community.name(tr.locale)),
    )
    return Reply(text, tr.locale)

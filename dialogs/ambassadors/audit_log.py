"""/audit: what the ambassadors of one community did, newest first, ten entries a page.

Only an ambassador of that community sees it (checked on every page). Entries hold ids and
a word; names are read now, so an erased member shows as nobody in particular.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.ambassadors.domain import AuditAction, AuditEntry
from bot.core.communities.domain import Community
from bot.i18n.catalogs import Translator
from bot.i18n.formatting import format_moment
from bot.i18n.text import clean_user_text
from dialogs.common.communities import community_name, led_community, person_name, pick_community
from dialogs.common.pages import page_buttons
from dialogs.common.turn import Turn

PAGE = 10
NAME_MAX = 40

LABELS: dict[AuditAction, Callable[[Translator], str]] = {
    AuditAction.AMBASSADOR_ADDED: lambda tr: tr.text("made ambassador on the command line"),
    AuditAction.APPOINTED: lambda tr: tr.text("appointed a co-ambassador"),
    AuditAction.DISMISSED: lambda tr: tr.text("stepped an ambassador down"),
    AuditAction.INVITE_CREATED: lambda tr: tr.text("made an invite link"),
    AuditAction.GROUP_LINKED: lambda tr: tr.text("linked the group chat"),
    AuditAction.BROADCAST_QUEUED: lambda tr: tr.text("sent a message to members"),
    AuditAction.BROADCAST_CANCELLED: lambda tr: tr.text("stopped a message to members"),
    AuditAction.TRANSLATION_ASKED: lambda tr: tr.text("asked a member for a translation"),
    AuditAction.MEMBERS_VIEWED: lambda tr: tr.text("looked at the member list"),
    AuditAction.STATS_VIEWED: lambda tr: tr.text("looked at the figures"),
    AuditAction.MEETUP_CREATED: lambda tr: tr.text("created a meetup"),
    AuditAction.MEETUP_CHANGED: lambda tr: tr.text("changed a meetup"),
    AuditAction.MEETUP_CANCELLED: lambda tr: tr.text("cancelled a meetup"),
    AuditAction.CHECKIN_OPENED: lambda tr: tr.text("opened check-in"),
    AuditAction.PARTNERS_SET: lambda tr: tr.text("set festival partners"),
    AuditAction.SERIES_CHANGED: lambda tr: tr.text("changed a repeating meetup"),
    AuditAction.SERIES_STOPPED: lambda tr: tr.text("stopped a repeating meetup"),
    AuditAction.ATTENDANCE_TICKED: lambda tr: tr.text("ticked who came"),
    AuditAction.FORMAT_COPIED: lambda tr: tr.text("copied a meetup from another community"),
    AuditAction.PROJECT_APPROVED: lambda tr: tr.text("approved a project"),
    AuditAction.PROJECT_DECLINED: lambda tr: tr.text("declined a project"),
    AuditAction.MATCHING_RUN: lambda tr: tr.text("ran the Welcome Group matching"),
    AuditAction.PROPOSAL_SENT: lambda tr: tr.text("sent a Welcome Group proposal"),
    AuditAction.PROPOSAL_DISCARDED: lambda tr: tr.text("discarded a Welcome Group proposal"),
    AuditAction.PROPOSAL_WITHDRAWN: lambda tr: tr.text("withdrew a Welcome Group proposal"),
}


async def command(turn: Turn) -> None:
    community = await pick_community(turn, "audit")
    if community is not None:
        await show_page(turn, community, 0)


async def tool(turn: Turn, community: Community) -> None:
    await show_page(turn, community, 0)


async def on_option(turn: Turn, argument: str) -> None:
    """`au:<community>:<page>`."""
    raw_id, _, raw_page = argument.partition(":")
    community = await led_community(turn, raw_id)
    if community is not None:
        await show_page(turn, community, int(raw_page) if raw_page.isdigit() else 0)


async def show_page(turn: Turn, community: Community, page: int) -> None:
    tr = turn.tr
    total = await turn.uow.audit.count_of_community(community.id)
    pages = max(1, -(-total // PAGE))
    page = min(max(page, 0), pages - 1)
    entries = await turn.uow.audit.of_community(community.id, limit=PAGE, offset=page * PAGE)
    if not entries:
        turn.say(
            tr.text(
                "Nothing has been done in {community} yet.",
                community=community_name(turn, community),
            )
        )
        return
    people = {i for e in entries for i in (e.actor_id, e.target_id) if i is not None}
    names = {
        i: m.display_name for i, m in (await turn.uow.members.get_many(sorted(people))).items()
    }
    heading = tr.text(
        "What the ambassadors of {community} did (page {page} of {pages}):",
        community=community_name(turn, community), page=page + 1, pages=pages,
    )  # fmt: skip
    lines = [heading, *(_line(turn, community, entry, names) for entry in entries)]
    turn.say(
        "\n".join(lines),
        page_buttons(tr, page, pages, lambda n: f"au:{community.id}:{n}"),
    )


def _name(turn: Turn, names: dict[int, str | None], member_id: int | None) -> str:
    name = names.get(member_id) if member_id is not None else None
    return person_name(turn, clean_user_text(name, NAME_MAX) if name else None)


def _line(
    turn: Turn, community: Community, entry: AuditEntry, names: dict[int, str | None]
) -> str:
    tr = turn.tr
    when = format_moment(entry.at, turn.locale, community.timezone)
    who = (
        _name(turn, names, entry.actor_id)
        if entry.actor_id is not None
        else tr.text("an operator or a former member")
    )
    line = f"• {when} · {who} · {LABELS[entry.action](tr)}"
    if entry.target_id is not None:
        line += f" → {_name(turn, names, entry.target_id)}"
    return line

"""/members: a paged list of a community's members for its ambassadors, and each member's
card, where an ambassador appoints a co-ambassador or steps one down.

Names are people's own strings: cleaned, cut and isolated (the adapters escape them), so a
name can neither format the list nor reorder it.
"""

from __future__ import annotations

from bot.core.ambassadors.domain import AuditAction
from bot.core.ambassadors.roles import ChangeRole, RoleProblem
from bot.core.common.messages import Option
from bot.core.communities.domain import Community, CommunityRole
from bot.core.communities.permissions import NotAllowed
from bot.core.members.domain import Member
from bot.i18n.formatting import format_day, format_number
from bot.i18n.text import clean_user_text
from dialogs.common import menu
from dialogs.common.communities import (
    community_name,
    led_community,
    person_name,
    pick_community,
    refuse,
)
from dialogs.common.languages import language_name
from dialogs.common.turn import Turn

PAGE = 10
NAME_MAX = 40


async def command(turn: Turn) -> None:
    community = await pick_community(turn, "members")
    if community is not None:
        await show_page(turn, community, 0, first=True)


def _name(turn: Turn, member: Member) -> str:
    name = clean_user_text(member.display_name, NAME_MAX) if member.display_name else None
    return person_name(turn, name)


async def show_page(turn: Turn, community: Community, page: int, *, first: bool = False) -> None:
    assert turn.member is not None
    tr = turn.tr
    rows, total = await turn.uow.stats.members_page(community.id, page * PAGE, PAGE)
    if first:
        await turn.uow.audit.record(
            AuditAction.MEMBERS_VIEWED,
            turn.clock.now(),
            community_id=community.id,
            actor_id=turn.member.id,
        )
    pages = max(1, -(-total // PAGE))
    referrers = await turn.uow.invites.referrers([m.id for m, _, _ in rows])
    inviters = await turn.uow.members.get_many(sorted({i for i in referrers.values() if i}))
    lines = [
        tr.text(
            "{community}: {n} members (page {page} of {pages})",
            community=community_name(turn, community),
            n=total,
            page=page + 1,
            pages=pages,
        )
    ]
    for number, (member, role, joined) in enumerate(rows, start=page * PAGE + 1):
        parts = [f"{format_number(number, turn.locale)}. {_name(turn, member)}"]
        parts.append(language_name(turn, member.locale))
        parts.append(format_day(joined.date(), turn.locale))
        if role == CommunityRole.AMBASSADOR.value:
            parts.append(tr.text("ambassador"))
        inviter = inviters.get(referrers.get(member.id) or 0)
        if inviter is not None:
            parts.append(tr.text("invited by {name}", name=_name(turn, inviter)))
        lines.append(" · ".join(parts))
    options = [
        Option(
            f"mb:card:{community.id}:{m.id}",
            clean_user_text(m.display_name or tr.text("Member {n}", n=m.id), 30),
        )
        for m, _, _ in rows
    ]
    if page > 0:
        options.append(Option(f"mb:pg:{community.id}:{page - 1}", tr.text("◀ Previous")))
    if page + 1 < pages:
        options.append(Option(f"mb:pg:{community.id}:{page + 1}", tr.text("Next ▶")))
    turn.say("\n".join(lines), options)


async def _card(turn: Turn, community: Community, member_id: int) -> None:
    assert turn.member is not None
    tr = turn.tr
    membership = await turn.uow.memberships.get(member_id, community.id)
    member = await turn.uow.members.get(member_id)
    if membership is None or member is None:
        turn.say(tr.text("That person is not a member of this community."))
        return
    ambassador = membership.role is CommunityRole.AMBASSADOR
    text = " · ".join(
        [
            _name(turn, member),
            language_name(turn, member.locale),
            tr.text("ambassador") if ambassador else tr.text("member"),
            tr.text("joined {day}", day=format_day(membership.joined_at.date(), turn.locale)),
        ]
    )
    options = []
    if not ambassador:
        options.append(Option(f"mb:up:{community.id}:{member_id}", tr.text("Make co-ambassador")))
    elif member_id != turn.member.id:
        options.append(
            Option(f"mb:down:{community.id}:{member_id}", tr.text("No longer ambassador"))
        )
    options.append(Option(f"mb:pg:{community.id}:0", tr.text("Back to the list")))
    turn.say(text, options)


async def on_option(turn: Turn, argument: str) -> None:
    """`mb:<pg|card|up|down>:<community>:<page or member>`."""
    assert turn.member is not None
    parts = argument.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        menu.stale_button(turn)
        return
    action, value = parts[0], int(parts[2])
    community = await led_community(turn, parts[1])
    if community is None:
        return
    tr = turn.tr
    try:
        if action == "pg":
            await show_page(turn, community, value)
        elif action == "card":
            await _card(turn, community, value)
        elif action == "up":
            await ChangeRole(turn.uow, turn.clock).appoint(turn.member.id, community.id, value)
            turn.say(tr.text("Done: they are now a co-ambassador. I let them know."))
            await _card(turn, community, value)
        elif action == "down":
            await ChangeRole(turn.uow, turn.clock).dismiss(turn.member.id, community.id, value)
            turn.say(tr.text("Done: they are no longer an ambassador."))
            await _card(turn, community, value)
        else:
            menu.stale_button(turn)
    except NotAllowed:
        refuse(turn)
    except RoleProblem as problem:
        turn.say(
            {
                "operator_appointed": tr.text(
                    "This ambassador was appointed by the Josoor team; only they can change it."
                ),
                "already": tr.text("They are an ambassador already."),
                "not_member": tr.text("That person is not a member of this community."),
            }.get(problem.reason, tr.text("That is not possible."))
        )

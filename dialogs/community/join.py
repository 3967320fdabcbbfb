"""Joining a community (from a button or a deep link) and the list of one's communities."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.communities.directory import (
    JoinCommunity,
    ResolveStartPayload,
    StartPayloadProblem,
)
from bot.core.communities.domain import Community
from bot.i18n.formatting import format_number
from dialogs.common import menu
from dialogs.common.turn import Turn
from dialogs.community.search import ask_for_city, name_of


async def join(turn: Turn, community_id: str) -> None:
    assert turn.member is not None
    turn.replace_screen()  # the community picker becomes the welcome and the menu
    community = (
        await turn.uow.communities.get(int(community_id)) if community_id.isdigit() else None
    )
    if community is None or community.deleted:
        turn.say(turn.tr.text("This community does not exist any more."))
        ask_for_city(turn)
        return
    await _join(turn, community)


async def _join(turn: Turn, community: Community) -> None:
    assert turn.member is not None
    result = await JoinCommunity(turn.uow, turn.clock)(turn.member.id, community)
    turn.clear_state()
    if result.already_member:
        turn.say(
            turn.tr.text(
                "You are already a member of {community}.", community=name_of(turn, community)
            )
        )
    else:
        turn.say(
            turn.tr.text(
                "Welcome to the {community} community! You will hear about its meetups "
                "and projects here.",
                community=name_of(turn, community),
            )
        )
    menu.show(turn)


async def join_by_slug(turn: Turn, payload: str) -> bool:
    """Join the community a deep link names by its slug. False (and a kind word) if the link
    is bad; read after every other feature's payloads, so it always answers."""
    try:
        target = await ResolveStartPayload(turn.uow)(payload)
    except StartPayloadProblem as problem:
        if problem.reason == "deleted":
            turn.say(turn.tr.text("The community of this link does not exist any more."))
        else:
            turn.say(turn.tr.text("This link is not valid. You can still find your community."))
        return False
    await _join(turn, target)
    return True


async def my_communities(turn: Turn) -> None:
    assert turn.member is not None
    memberships = await turn.uow.memberships.of_member(turn.member.id)
    if not memberships:
        turn.say(turn.tr.text("You have not joined a community yet."))
        ask_for_city(turn)
        return
    lines = []
    for membership, community in memberships:
        if membership.role.value == "ambassador":
            lines.append(
                turn.tr.text("{community} (ambassador)", community=name_of(turn, community))
            )
        else:
            lines.append(name_of(turn, community))
    count = format_number(len(lines), turn.locale)
    turn.say(
        turn.tr.text("Your communities ({count}):", count=count)
        + "\n"
        + "\n".join(f"• {line}" for line in lines),
        [Option("community:search", turn.tr.text("Another community"))],
    )

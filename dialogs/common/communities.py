"""Which community a step is about: an ambassador's choice among the ones they lead, the
refusal for everyone else, the member's role in each, and names shown safely."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.communities.domain import Community, CommunityRole
from bot.core.communities.permissions import NotAllowed, led_communities, require_ambassador
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.turn import Turn


def refuse(turn: Turn) -> None:
    """Non-ambassadors (checked on the member id) get one clear sentence and the menu."""
    turn.clear_state()
    turn.say(turn.tr.text("Only ambassadors of a community can do this."))
    menu.show(turn)


async def pick_community(turn: Turn, action: str) -> Community | None:
    """The community an ambassador's command is about: their only one, or a question.

    Returns None after saying something (a refusal, or the choice as `amb:c:<action>:<id>`).
    """
    assert turn.member is not None
    led = await led_communities(turn.uow, turn.member.id)
    if not led:
        refuse(turn)
        return None
    if len(led) == 1:
        return led[0]
    turn.say(
        turn.tr.text("For which community?"),
        [Option(f"amb:c:{action}:{c.id}", c.name(turn.locale)) for c in led],
    )
    return None


async def led_community(turn: Turn, raw_id: str) -> Community | None:
    """The community with this id if the member is one of its ambassadors, else a refusal."""
    assert turn.member is not None
    community = await turn.uow.communities.get(int(raw_id)) if raw_id.isdigit() else None
    if community is None or community.deleted:
        menu.stale_button(turn)
        return None
    try:
        await require_ambassador(turn.uow, turn.member.id, community.id)
    except NotAllowed:
        refuse(turn)
        return None
    return community


def community_name(turn: Turn, community: Community) -> str:
    return isolate(community.name(turn.locale))


def person_name(turn: Turn, name: str | None) -> str:
    """A member's display name, isolated; people without one are 'a member'."""
    return isolate(name) if name else turn.tr.text("a member")


async def roles(turn: Turn) -> dict[int, CommunityRole]:
    """The member's role in each community they joined."""
    assert turn.member is not None
    return {
        c.id: m.role for m, c in await turn.uow.memberships.of_member(turn.member.id)
    }  # fmt: skip

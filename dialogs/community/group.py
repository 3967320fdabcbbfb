"""/group: the invite link of one's community's Telegram group chat.

The link asks to join, and the bot approves the request of whoever accepted the privacy
notice with it on Telegram (see `bot/core/ambassadors/groups.py`); so on another channel the
member is told that the group is on Telegram, with the same link.
"""

from __future__ import annotations

from bot.core.common.domain import Channel
from bot.core.communities.domain import Community
from dialogs.common.turn import Turn
from dialogs.community.search import ask_for_city, name_of


async def show_group(turn: Turn) -> None:
    """/group and the main menu's "Group chat": every community of the member."""
    assert turn.member is not None
    memberships = await turn.uow.memberships.of_member(turn.member.id)
    if not memberships:
        turn.say(turn.tr.text("You have not joined a community yet."))
        ask_for_city(turn)
        return
    for _, community in memberships:
        await group_of(turn, community)


async def group_of(turn: Turn, community: Community) -> None:
    """One community's group chat link (also the ambassadors' tool)."""
    tr = turn.tr
    name = name_of(turn, community)
    links = [g.invite_link for g in await turn.uow.groups.of_community(community.id)]
    if not links:
        turn.say(tr.text("{community} has no group chat linked yet.", community=name))
        return
    usable = [link for link in links if link]
    if not usable:
        turn.say(
            tr.text(
                "The group chat of {community} has no invite link yet: an ambassador must "
                "make me an admin of the group who may invite users.",
                community=name,
            )
        )
        return
    if turn.inbound.sender.channel is Channel.TELEGRAM:
        text = tr.text(
            "Ask to join the group chat of {community} with this link; I let you in right away:",
            community=name,
        )
    else:
        text = tr.text(
            "The group chat of {community} is on Telegram. Open this link in Telegram and ask "
            "to join; I let you in once you have started a chat with me there and accepted "
            "the privacy notice:",
            community=name,
        )
    turn.say(text + "\n" + usable[0])

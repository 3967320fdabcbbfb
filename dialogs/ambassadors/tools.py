"""The ambassador tools menu: one button per tool the features declare (`Feature.tools`),
and the community it is used for.

Every handler checks the role on the member id on the server (`require_ambassador`); being
shown a button or knowing a command proves nothing.
"""

from __future__ import annotations

from bot.core.common.messages import Option
from dialogs.common import menu
from dialogs.common.communities import led_community, pick_community, refuse
from dialogs.common.turn import Turn


async def show(turn: Turn) -> None:
    tr = turn.tr
    turn.say(
        tr.text("Ambassador tools:"),
        [Option(f"amb:go:{tool.key}", tool.label(tr)) for tool in turn.routes.tools.values()],
    )


async def link_group(turn: Turn) -> None:
    """/linkgroup sent to the bot itself: it belongs in the community's group chat."""
    if not turn.ambassador:
        refuse(turn)
        return
    turn.say(
        turn.tr.text(
            "Add me to your community's Telegram group as an admin who may add members, then "
            "send /linkgroup in the group itself."
        )
    )


async def on_option(turn: Turn, argument: str) -> None:
    """`amb:go:<tool>` (from the tools menu), `amb:c:<tool>:<community>` (a choice)."""
    kind, _, rest = argument.partition(":")
    action, _, raw_id = rest.partition(":")
    tool = turn.routes.tools.get(action)
    if kind == "go" and tool is not None:
        community = await pick_community(turn, action)
        if community is not None:
            await tool.action(turn, community)
    elif kind == "c" and tool is not None:
        community = await led_community(turn, raw_id)
        if community is not None:
            await tool.action(turn, community)
    else:
        menu.stale_button(turn)

"""The ambassador tools as one feature of the dialog engine: /invite, /broadcast, /stats,
/members, their buttons and typing steps, and "Ambassador tools" in the main menu.

Every handler checks the role on the member id on the server (`require_ambassador`); being
shown a button or knowing a command proves nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.common.messages import Option
from bot.core.communities.domain import Community
from bot.i18n.catalogs import Translator
from dialogs import (
    broadcast,
    broadcast_notices,  # noqa: F401  (registers the outbox kinds)
    broadcast_review,
    broadcast_translation,
    community,
    invites,
    members_list,
    menu,
    stats,
)
from dialogs.ambassador_common import led_community, pick_community
from dialogs.routing import Feature, MenuItem
from dialogs.turn import Turn

_WITH_COMMUNITY: dict[str, Callable[[Turn, Community], Awaitable[None]]] = {
    "invite": invites.show,
    "stats": stats.show,
}


async def _members(turn: Turn, community: Community) -> None:
    await members_list.show_page(turn, community, 0, first=True)


async def _broadcast(turn: Turn, community: Community) -> None:
    broadcast.ask_audience(turn, community)


_WITH_COMMUNITY |= {"members": _members, "broadcast": _broadcast}
_COMMANDS = {
    "invite": invites.command,
    "broadcast": broadcast.command,
    "stats": stats.command,
    "members": members_list.command,
}


def command_menu(tr: Translator) -> list[tuple[str, str]]:
    """The ambassador's extra commands for the platform menu (setMyCommands), in their
    language."""
    return [
        ("broadcast", tr.text("Send a message to your members")),
        ("invite", tr.text("Make an invite link and QR code")),
        ("members", tr.text("List your community's members")),
        ("stats", tr.text("Your community in figures")),
        ("newmeetup", tr.text("Plan a meetup")),
    ]


async def tools(turn: Turn) -> None:
    tr = turn.tr
    turn.say(
        tr.text("Ambassador tools:"),
        [
            Option("amb:go:broadcast", tr.text("Message to members")),
            Option("amb:go:invite", tr.text("Invite link")),
            Option("amb:go:members", tr.text("Members")),
            Option("amb:go:stats", tr.text("Figures")),
        ],
    )


async def on_option(turn: Turn, argument: str) -> None:
    """`amb:go:<action>` (from the tools menu), `amb:c:<action>:<community>` (a choice)."""
    kind, _, rest = argument.partition(":")
    action, _, raw_id = rest.partition(":")
    if kind == "go" and action in _COMMANDS:
        community = await pick_community(turn, action)
        if community is not None:
            await _WITH_COMMUNITY[action](turn, community)
    elif kind == "c" and action in _WITH_COMMUNITY:
        community = await led_community(turn, raw_id)
        if community is not None:
            await _WITH_COMMUNITY[action](turn, community)
    else:
        menu.stale_button(turn)


async def on_broadcast_option(turn: Turn, argument: str) -> None:
    """`bc:aud|m|p:<community>:...` choose who; `bc:<action>:<broadcast>[:...]` the draft."""
    parts = argument.split(":")
    if len(parts) < 2 or not parts[1].isdigit():
        menu.stale_button(turn)
        return
    if parts[0] in ("aud", "m", "p") and len(parts) == 3:
        kind = {"m": "meetup", "p": "project"}.get(parts[0], parts[2])
        await broadcast.choose_audience(
            turn, parts[1], kind, "" if parts[0] == "aud" else parts[2]
        )
        return
    turn.clear_state()
    await broadcast_review.on_option(turn, parts[0], int(parts[1]), parts[2:])


AMBASSADOR_TOOLS = Feature(
    name="ambassador_tools",
    commands={f"/{name}": handler for name, handler in _COMMANDS.items()},
    options={
        "amb": on_option,
        "inv": invites.on_option,
        "bc": on_broadcast_option,
        "bt": broadcast_translation.on_option,
        "mb": members_list.on_option,
    },
    states={
        broadcast.STATE_TEXT: broadcast.on_text,
        broadcast_review.STATE_VARIANT: broadcast_review.on_variant_text,
        broadcast_translation.STATE_TEXT: broadcast_translation.on_text,
    },
    menu=(
        MenuItem(
            "ambassador", lambda tr: tr.text("Ambassador tools"), tools, ambassadors_only=True
        ),
    ),
)

if invites.join not in community.PAYLOAD_HANDLERS:
    community.PAYLOAD_HANDLERS.append(invites.join)

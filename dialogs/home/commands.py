"""The commands that work from anywhere: /start (again), /menu, /help, /cancel, and the main
menu's buttons (`menu:<key>`, looked up among the features' menu items)."""

from __future__ import annotations

from dialogs.common import menu
from dialogs.common.handovers import find_community, open_start_link
from dialogs.common.turn import Turn


async def start(turn: Turn) -> None:
    assert turn.member is not None
    _, _, payload = turn.inbound.text.strip().partition(" ")
    if not turn.member.proactive_allowed:
        turn.member.proactive_allowed = True
        await turn.uow.members.save(turn.member)
        turn.say(turn.tr.text("Welcome back! Messages from your communities are on again."))
    turn.clear_state()
    if payload.strip() and await open_start_link(turn, payload.strip()):
        return
    if not await turn.uow.memberships.of_member(turn.member.id):
        find_community(turn)
        return
    menu.show(turn)


async def show_menu(turn: Turn) -> None:
    turn.clear_state()
    menu.show(turn)


async def show_help(turn: Turn) -> None:
    menu.show_help(turn)


async def cancel(turn: Turn) -> None:
    had_state = bool(turn.state)
    turn.clear_state()
    turn.say(turn.tr.text("OK, cancelled.") if had_state else turn.tr.text("Nothing to cancel."))
    menu.show(turn)


async def menu_item(turn: Turn, key: str) -> None:
    """`menu:<key>`: the feature's action, whoever is shown the button (actions check roles)."""
    turn.clear_state()
    item = turn.routes.menu.get(key)
    if item is None:
        menu.stale_button(turn)
    else:
        await item.action(turn)

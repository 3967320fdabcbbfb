"""Projects as the dialog engine sees them: /projects, /interests, proposing, reviewing,
joining, updates, handing on the lead, copying another community's project, and the
feature's outbox messages.

`prj:<action>:<id>` buttons are routed here to the module that does the work; every
action checks again, from the database, that it is still possible (an old button for a
project declined since gets a clear answer).
"""

from __future__ import annotations

from dialogs.common import menu
from dialogs.common.routing import CommandHelp, Feature, Handler, MenuItem, OptionHandler
from dialogs.common.turn import Turn
from dialogs.projects import copy, interests, members, notices, propose, review, view

_WITH_ID: dict[str, OptionHandler] = {
    "v": view.open_project,
    "join": members.join,
    "leave": members.leave,
    "post": members.ask_update,
    "hand": members.ask_new_lead,
    "to": members.hand_over,
    "ok": review.approve,
    "no": review.ask_reason,
    "pub": review.publish,
    "del": review.discard,
    "copy": copy.copy_project,
}
_WITHOUT_ID: dict[str, Handler] = {
    "new": propose.start,
    "review": review.show_waiting,
}


async def on_option(turn: Turn, argument: str) -> None:
    """`prj:<action>[:<arguments>]`."""
    action, _, rest = argument.partition(":")
    with_id = _WITH_ID.get(action)
    if with_id is not None and rest:
        turn.clear_state()
        await with_id(turn, rest)
        return
    without_id = _WITHOUT_ID.get(action)
    if without_id is not None and not rest:
        turn.clear_state()
        await without_id(turn)
        return
    menu.stale_button(turn)


FEATURE = Feature(
    name="projects",
    commands={"/projects": view.show_list, "/interests": interests.command},
    help={
        "/projects": CommandHelp(lambda tr: tr.text("Projects in your communities")),
        "/interests": CommandHelp(lambda tr: tr.text("The topics that interest you")),
    },
    options={"prj": on_option, "pnew": propose.on_option, "pint": interests.on_option},
    states={
        members.STATE_UPDATE: members.update_state,
        review.STATE_REASON: review.reason_state,
        **{state: propose.on_text for state in propose.TEXT_STATES},
    },
    menu=(MenuItem("projects", lambda tr: tr.text("Projects"), view.show_list),),
    intents={
        "list_projects": view.show_list,
        "join_project": view.show_list,
        "leave_project": members.leave_by_text,
    },
    notices=notices.NOTICES,
)

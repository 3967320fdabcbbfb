"""The projects feature and the global network, as the dialog engine sees them.

`prj:<action>:<id>` buttons are routed here to the module that does the work; every
action checks again, from the database, that it is still possible (an old button for a
project declined since gets a clear answer). Importing this module also registers the
feature's outbox messages (`dialogs.project_notices`).
"""

from __future__ import annotations

from dialogs import (
    menu,
    network,
    network_copy,
    project_interests,
    project_members,
    project_notices,
    project_propose,
    project_review,
    project_view,
)
from dialogs.routing import Feature, Handler, MenuItem, OptionHandler
from dialogs.turn import Turn

#: Registered with the outbox and the notice renderer when imported.
NOTICE_KINDS = project_notices.TEMPLATES

_WITH_ID: dict[str, OptionHandler] = {
    "v": project_view.open_project,
    "join": project_members.join,
    "leave": project_members.leave,
    "post": project_members.ask_update,
    "hand": project_members.ask_new_lead,
    "to": project_members.hand_over,
    "ok": project_review.approve,
    "no": project_review.ask_reason,
    "pub": project_review.publish,
    "del": project_review.discard,
    "copy": network.copy_project,
}
_WITHOUT_ID: dict[str, Handler] = {
    "new": project_propose.start,
    "review": project_review.show_waiting,
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


PROJECTS = Feature(
    name="projects",
    commands={
        "/projects": project_view.show_list,
        "/communities": network.show_communities,
        "/interests": project_interests.command,
    },
    options={
        "prj": on_option,
        "pnew": project_propose.on_option,
        "pint": project_interests.on_option,
        "net": network.on_option,
        "mcopy": network_copy.on_option,
    },
    states={
        project_members.STATE_UPDATE: project_members.update_state,
        project_review.STATE_REASON: project_review.reason_state,
        **{state: project_propose.on_text for state in project_propose.TEXT_STATES},
        **{state: network_copy.on_text for state in network_copy.TEXT_STATES},
    },
    location_states=frozenset({network_copy.STATE_PLACE}),
    menu=(
        MenuItem("projects", lambda tr: tr.text("Projects"), project_view.show_list),
        MenuItem("network", lambda tr: tr.text("Communities"), network.show_communities),
    ),
)

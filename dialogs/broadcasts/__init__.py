"""Broadcasts: /broadcast to a community, a meetup's RSVPs or a project, with language
versions written by bilingual members, preview, confirm, and a delivery report; their outbox
messages (bulk, paced) and closing finished broadcasts after each outbox run."""

from __future__ import annotations

from bot.core.ambassadors.broadcast_delivery import finish_broadcasts
from bot.core.communities.domain import Community
from dialogs.broadcasts import compose, review, translation
from dialogs.broadcasts.notices import NOTICES
from dialogs.common import menu
from dialogs.common.routing import CommandHelp, Feature, Tool
from dialogs.common.turn import Turn


async def on_option(turn: Turn, argument: str) -> None:
    """`bc:aud|m|p:<community>:...` choose who; `bc:<action>:<broadcast>[:...]` the draft."""
    parts = argument.split(":")
    if len(parts) < 2 or not parts[1].isdigit():
        menu.stale_button(turn)
        return
    if parts[0] in ("aud", "m", "p") and len(parts) == 3:
        kind = {"m": "meetup", "p": "project"}.get(parts[0], parts[2])
        await compose.choose_audience(turn, parts[1], kind, "" if parts[0] == "aud" else parts[2])
        return
    turn.clear_state()
    await review.on_option(turn, parts[0], int(parts[1]), parts[2:])


async def _broadcast(turn: Turn, community: Community) -> None:
    compose.ask_audience(turn, community)


FEATURE = Feature(
    name="broadcasts",
    commands={"/broadcast": compose.command},
    help={
        "/broadcast": CommandHelp(
            lambda tr: tr.text("Send a message to your members"), ambassadors_only=True
        )
    },
    options={"bc": on_option, "bt": translation.on_option},
    states={
        compose.STATE_TEXT: compose.on_text,
        compose.STATE_AUDIENCE: compose.on_audience_text,
        review.STATE_VARIANT: review.on_variant_text,
        translation.STATE_TEXT: translation.on_text,
    },
    tools=(Tool("broadcast", lambda tr: tr.text("Message to members"), _broadcast),),
    notices=NOTICES,
    after_dispatch=(finish_broadcasts,),
)

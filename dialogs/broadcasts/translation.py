"""A bilingual member writes a language version of a broadcast and approves it in their own
chat (`bt:w|ok|no:<broadcast>:<language>`); the ambassador is told when it is ready."""

from __future__ import annotations

from bot.core.ambassadors.broadcast_delivery import Translation
from bot.core.ambassadors.broadcasts import BroadcastProblem
from bot.core.common.messages import InboundKind, Option
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.languages import language_name
from dialogs.common.turn import Turn

STATE_TEXT = "bt.text"


async def on_option(turn: Turn, argument: str) -> None:
    assert turn.member is not None
    action, _, rest = argument.partition(":")
    raw_id, _, locale = rest.partition(":")
    if not raw_id.isdigit() or not locale:
        menu.stale_button(turn)
        return
    broadcast_id, tr = int(raw_id), turn.tr
    flow = Translation(turn.uow, turn.clock)
    try:
        if action == "w":
            await flow.task(turn.member.id, broadcast_id, locale)
            turn.set_state(STATE_TEXT, broadcast_id=broadcast_id, locale=locale)
            turn.say(
                tr.text(
                    "Please type the message in {language}. (/cancel stops)",
                    language=language_name(turn, locale),
                )
            )
        elif action == "ok":
            await flow.approve(turn.member.id, broadcast_id, locale)
            turn.clear_state()
            turn.say(tr.text("Thank you! I passed your version on to the ambassador."))
        elif action == "no":
            await flow.decline(turn.member.id, broadcast_id, locale)
            turn.clear_state()
            turn.say(tr.text("No problem, thank you for letting us know."))
        else:
            menu.stale_button(turn)
    except BroadcastProblem:
        turn.clear_state()
        turn.say(tr.text("Thank you, this message does not need a version any more."))


async def on_text(turn: Turn) -> None:
    """The version, typed: shown back for the member's own approval."""
    assert turn.member is not None and turn.conversation is not None
    data = turn.conversation.data
    broadcast_id, locale = data.get("broadcast_id"), data.get("locale")
    if not isinstance(broadcast_id, int) or not isinstance(locale, str):
        turn.clear_state()
        menu.stale_button(turn)
        return
    tr = turn.tr
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(tr.text("Please write the message as text; I cannot send pictures or files."))
        return
    try:
        text = await Translation(turn.uow, turn.clock).propose(
            turn.member.id, broadcast_id, locale, turn.inbound.text
        )
    except BroadcastProblem as problem:
        if problem.reason == "too_long":
            turn.say(
                tr.text(
                    "That is too long: at most {limit} characters. Please shorten it.",
                    limit=problem.limit,
                )
            )
        elif problem.reason == "empty":
            turn.say(tr.text("The message is empty. Please write something."))
        else:
            turn.clear_state()
            turn.say(tr.text("Thank you, this message does not need a version any more."))
        return
    turn.clear_state()
    turn.say(
        tr.text("Your version:")
        + f"\n\n{isolate(text)}\n\n"
        + tr.text("Send it to the ambassador?"),
        [
            Option(f"bt:ok:{broadcast_id}:{locale}", tr.text("Yes, approve")),
            Option(f"bt:w:{broadcast_id}:{locale}", tr.text("Write it again")),
            Option(f"bt:no:{broadcast_id}:{locale}", tr.text("I cannot now")),
        ],
    )

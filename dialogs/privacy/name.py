"""/name: the name other members and the ambassadors see (the member list, "who should
translate", Welcome Groups). Telegram and WhatsApp give one at the start; the web chat does
not, so its members set one here. Stored cleaned and cut; shown isolated and escaped by
every adapter like any user string."""

from __future__ import annotations

from bot.core.common.messages import InboundKind
from bot.i18n.text import clean_user_text, isolate
from dialogs.common.turn import Turn

STATE_NAME = "name.ask"
NAME_MAX = 40


async def command(turn: Turn) -> None:
    """`/name` asks; `/name Leila` sets it at once."""
    _, _, typed = turn.inbound.text.strip().partition(" ")
    if typed.strip():
        await _set(turn, typed)
        return
    ask(turn)


def ask(turn: Turn) -> None:
    assert turn.member is not None
    turn.set_state(STATE_NAME)
    tr = turn.tr
    now = (
        tr.text("Now they see you as {name}.", name=isolate(turn.member.display_name))
        if turn.member.display_name
        else tr.text("Now you have no name here.")
    )
    turn.say(
        now
        + "\n"
        + tr.text(
            "Which name should other members and the ambassadors see? Type it, up to {limit} "
            "characters. (/cancel stops)",
            limit=NAME_MAX,
        )
    )


async def name_state(turn: Turn) -> None:
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(turn.tr.text("Please type the name."))
        return
    await _set(turn, turn.inbound.text)


async def _set(turn: Turn, typed: str) -> None:
    assert turn.member is not None
    name = clean_user_text(typed)
    if not name or len(name) > NAME_MAX:
        turn.set_state(STATE_NAME)
        turn.say(turn.tr.text("Please type a name of 1 to {limit} characters.", limit=NAME_MAX))
        return
    turn.member.display_name = name
    await turn.uow.members.save(turn.member)
    turn.clear_state()
    turn.say(turn.tr.text("Saved: other members now see you as {name}.", name=isolate(name)))

"""/checkin CODE: members check in at today's meetup with the code the ambassadors say."""

from __future__ import annotations

from bot.core.meetups.domain import CheckInMethod
from bot.i18n.text import isolate, to_ascii_digits
from dialogs.common import menu
from dialogs.common.turn import Turn

STATE_CODE = "checkin.code"


async def command(turn: Turn) -> None:
    _, _, code = turn.inbound.text.strip().partition(" ")
    if not code.strip():
        turn.set_state(STATE_CODE)
        turn.say(turn.tr.text("Please type the check-in code the ambassadors gave you."))
        return
    await _check_in(turn, code)


async def code_state(turn: Turn) -> None:
    await _check_in(turn, turn.inbound.text)


async def _check_in(turn: Turn, typed: str) -> None:
    assert turn.member is not None
    code = "".join(ch for ch in to_ascii_digits(typed) if ch.isdigit())
    now = turn.clock.now()
    open_meetups = []
    for _, joined in await turn.uow.memberships.of_member(turn.member.id):
        for meetup in await turn.uow.meetups.of_community(joined.id):
            if (
                not meetup.cancelled
                and meetup.checkin_code is not None
                and meetup.checkin_window(now) == 0
            ):
                open_meetups.append(meetup)
    turn.clear_state()
    if not open_meetups:
        turn.say(turn.tr.text("There is no meetup with check-in open right now."))
        menu.show(turn)
        return
    matching = [m for m in open_meetups if m.checkin_code == code]
    if not matching:
        turn.set_state(STATE_CODE)
        turn.say(
            turn.tr.text("That code is not right. Please ask the ambassadors and type it again.")
        )
        return
    meetup = matching[0]
    added = await turn.uow.attendance.check_in(meetup.id, turn.member.id, CheckInMethod.CODE, now)
    title = isolate(meetup.title)
    turn.say(
        turn.tr.text("Welcome! You are checked in at {title}.", title=title)
        if added
        else turn.tr.text("You are already checked in at {title}.", title=title)
    )

"""/language: change the language of every message from now on."""

from __future__ import annotations

from bot.i18n.catalogs import best_locale
from dialogs.common import menu
from dialogs.common.languages import NATIVE_NAMES, language_options
from dialogs.common.turn import Turn


def ask(turn: Turn) -> None:
    turn.say(turn.tr.text("Please choose your language."), language_options("lang"), compact=True)


async def choose(turn: Turn, code: str) -> None:
    assert turn.member is not None
    if code == "menu":
        ask(turn)
        return
    if best_locale(code) != code:
        menu.stale_button(turn)
        return
    turn.member.locale = code
    turn.locale = code
    await turn.uow.members.save(turn.member)
    turn.say(turn.tr.text("From now on I will write in {language}.", language=NATIVE_NAMES[code]))
    menu.show(turn)


async def command(turn: Turn) -> None:
    """/language, "Language" in the menu, and free text asking for another language."""
    ask(turn)


async def on_option(turn: Turn, code: str) -> None:
    """`lang:<code>`; an open step's question is asked again in the new language."""
    await choose(turn, code)
    if code == "menu":
        return
    reprompt = turn.routes.reprompts.get(turn.state)
    if reprompt is not None:
        turn.replies.pop()  # the menu shown by `choose`: the open step matters more
        reprompt(turn)

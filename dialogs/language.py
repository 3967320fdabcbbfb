"""/language: change the language of every message from now on."""

from __future__ import annotations

from bot.i18n.catalogs import best_locale
from dialogs import menu
from dialogs.languages import NATIVE_NAMES, language_options
from dialogs.turn import Turn


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

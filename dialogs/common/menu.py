"""The main menu, help, and the answers to input we do not understand.

The menu's entries come from the features (`MenuItem`s, in feature order) through
`turn.routes`; this module knows none of them.
"""

from __future__ import annotations

from bot.core.common.messages import Option
from dialogs.common.turn import Turn


def main_options(turn: Turn) -> list[Option]:
    return [
        Option(f"menu:{item.key}", item.label(turn.tr))
        for item in turn.routes.menu.values()
        if turn.ambassador or not item.ambassadors_only
    ]


def show(turn: Turn) -> None:
    turn.say(turn.tr.text("What would you like to do?"), main_options(turn))


def help_text(turn: Turn) -> str:
    return turn.tr.text(
        "I connect refugees and local supporters in their city's Josoor community.\n\n"
        "/menu – what you can do\n"
        "/meetups – the next meetups of your communities\n"
        "/reminders – turn meetup reminders off or on\n"
        "/checkin – check in at a meetup with its code\n"
        "/language – change the language\n"
        "/mydata – see everything I store about you\n"
        "/forget – delete all your data\n"
        "/stop – no more messages from me unless you write\n"
        "/cancel – stop what we are doing now\n"
        "/help – this help"
    )


def show_help(turn: Turn) -> None:
    text = help_text(turn)
    if turn.ambassador:
        text += "\n\n" + turn.tr.text(
            "For ambassadors: /newmeetup – plan a meetup. Tap Manage on a meetup to change or "
            "cancel it, or to open check-in."
        )
    turn.say(text, main_options(turn))


def not_understood(turn: Turn) -> None:
    turn.say(
        turn.tr.text("Sorry, I did not understand that. Here is what I can do:"),
        main_options(turn),
    )


def unsupported_media(turn: Turn) -> None:
    turn.say(
        turn.tr.text("I can only read text messages and buttons. Here is what I can do:"),
        main_options(turn),
    )


def stale_button(turn: Turn) -> None:
    turn.say(
        turn.tr.text("That button is no longer valid. Here is what I can do now:"),
        main_options(turn),
    )

"""The main menu, help, and the answers to input we do not understand.

The menu's entries come from the features (`MenuItem`s, in feature order) through
`turn.routes`; this module knows none of them.
"""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.i18n.text import mark_commands
from dialogs.common.commands import command_menu
from dialogs.common.turn import Turn


def main_options(turn: Turn) -> list[Option]:
    return [
        Option(f"menu:{item.key}", item.label(turn.tr))
        for item in turn.routes.menu.values()
        if (turn.ambassador or not item.ambassadors_only)
        and not (turn.ambassador and item.members_only)
    ]


def show(turn: Turn) -> None:
    """The main menu; after a confirmation, in the same message (`Turn.ask`)."""
    turn.ask(turn.tr.text("What would you like to do?"), main_options(turn))


def help_text(turn: Turn) -> str:
    """Everything the reader can do, one command a line, from the features' own entries;
    ambassadors also get theirs."""
    tr = turn.tr
    text = (
        tr.text("I connect refugees and local supporters in their city's Josoor community.")
        + "\n\n"
        + _lines(turn, command_menu(tr, turn.routes))
    )
    if turn.ambassador:
        everyone = len(command_menu(tr, turn.routes))
        theirs = command_menu(tr, turn.routes, ambassador=True)[everyone:]
        text += (
            "\n\n"
            + tr.text("For ambassadors:")
            + "\n"
            + _lines(turn, theirs)
            + "\n\n"
            + tr.text("Tap Manage on a meetup to change or cancel it, or to open check-in.")
        )
    return text


def _lines(turn: Turn, commands: list[tuple[str, str]]) -> str:
    lines = "\n".join(f"/{name} – {description}" for name, description in commands)
    # The same direction marks our right-to-left templates get (see `mark_commands`).
    return mark_commands(lines) if turn.tr.rtl else lines


def show_help(turn: Turn) -> None:
    turn.say(help_text(turn), main_options(turn))


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

"""Commands as platforms show them (Telegram's setMyCommands) and /help lists them, per
language and role, and how a typed command is read. The lists come from the features' own
`CommandHelp` entries (`Routes.help`), so a new command is in them by construction."""

from __future__ import annotations

from bot.i18n.catalogs import Translator
from bot.i18n.text import strip_bidi_controls
from dialogs.common.routing import Routes


def command_menu(
    tr: Translator, routes: Routes, *, ambassador: bool = False
) -> list[tuple[str, str]]:
    """(command without slash, short description) in the translator's language: what
    members can do, and with `ambassador` the ambassadors' commands after them."""
    members = [
        (command.removeprefix("/"), entry.describe(tr))
        for command, entry in routes.help.items()
        if not entry.ambassadors_only
    ]
    if not ambassador:
        return members
    return members + [
        (command.removeprefix("/"), entry.describe(tr))
        for command, entry in routes.help.items()
        if entry.ambassadors_only
    ]


def command_of(text: str) -> str:
    """`/Start@JosoorBot payload` → `/start`; not a command → empty string.

    Direction marks go first: right-to-left texts show commands as "\u200e/start", and a
    command copied from them arrives with the mark.
    """
    text = strip_bidi_controls(text).strip()
    word = text.split(maxsplit=1)[0] if text else ""
    return word.split("@")[0].lower() if word.startswith("/") else ""


def web_chat_texts(tr: Translator) -> dict[str, str]:
    """The few words of the web chat page itself, so the page speaks the member's language."""
    return {
        "title": tr.text("Josoor web chat"),
        "placeholder": tr.text("Write a message…"),
        "send": tr.text("Send"),
        "location": tr.text("Send my location"),
        "offline": tr.text("No connection. Your message was not sent; please try again."),
        "notice": tr.text(
            "Each browser tab is its own member. "
            "What you write goes only to the Josoor server that runs this page."
        ),
    }

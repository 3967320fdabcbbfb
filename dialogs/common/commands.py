"""Commands as platforms show them (Telegram's setMyCommands), per language, and how a typed
command is read. The lists name commands of several features on purpose: they are one menu."""

from __future__ import annotations

from bot.i18n.catalogs import Translator
from bot.i18n.text import strip_bidi_controls


def command_menu(tr: Translator) -> list[tuple[str, str]]:
    """(command without slash, short description) in the translator's language."""
    return [
        ("menu", tr.text("What you can do")),
        ("language", tr.text("Change the language")),
        ("mydata", tr.text("See what I store about you")),
        ("forget", tr.text("Delete all your data")),
        ("stop", tr.text("No more messages unless you write")),
        ("cancel", tr.text("Stop what we are doing now")),
        ("help", tr.text("Help")),
    ]


def ambassador_command_menu(tr: Translator) -> list[tuple[str, str]]:
    """The ambassador's extra commands for the platform menu (setMyCommands), in their
    language."""
    return [
        ("broadcast", tr.text("Send a message to your members")),
        ("invite", tr.text("Make an invite link and QR code")),
        ("members", tr.text("List your community's members")),
        ("stats", tr.text("Your community in figures")),
        ("newmeetup", tr.text("Plan a meetup")),
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
            "A local test chat. Each browser tab is its own member; nothing leaves this computer."
        ),
    }

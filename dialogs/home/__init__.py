"""Home: /start, /menu, /help and /cancel, and the main menu's buttons."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, MenuItem
from dialogs.home.commands import cancel, menu_item, show_help, show_menu, start

FEATURE = Feature(
    name="home",
    commands={"/start": start, "/menu": show_menu, "/help": show_help, "/cancel": cancel},
    help={
        "/menu": CommandHelp(lambda tr: tr.text("What you can do"), rank=-1),
        "/start": CommandHelp(lambda tr: tr.text("Start again; turns messages back on"), rank=1),
        "/cancel": CommandHelp(lambda tr: tr.text("Stop what we are doing now"), rank=1),
        "/help": CommandHelp(lambda tr: tr.text("All commands and what they do"), rank=1),
    },
    options={"menu": menu_item},
    menu=(MenuItem("help", lambda tr: tr.text("Help"), show_help),),
    intents={"help": show_help},
)

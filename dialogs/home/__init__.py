"""Home: /start, /menu, /help and /cancel, and the main menu's buttons."""

from __future__ import annotations

from dialogs.common.routing import Feature, MenuItem
from dialogs.home.commands import cancel, menu_item, show_help, show_menu, start

FEATURE = Feature(
    name="home",
    commands={"/start": start, "/menu": show_menu, "/help": show_help, "/cancel": cancel},
    options={"menu": menu_item},
    menu=(MenuItem("help", lambda tr: tr.text("Help"), show_help),),
    intents={"help": show_help},
)

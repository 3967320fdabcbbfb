"""Members control their own data and our messages: /mydata, /name, /forget and /stop."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, MenuItem
from dialogs.privacy import name
from dialogs.privacy.controls import (
    STATE_FORGET,
    answer_forget,
    ask_forget,
    forget,
    forget_state,
    show_my_data,
    stop,
)

FEATURE = Feature(
    name="privacy",
    commands={"/stop": stop, "/mydata": show_my_data, "/forget": forget, "/name": name.command},
    help={
        "/mydata": CommandHelp(lambda tr: tr.text("See what I store about you")),
        "/name": CommandHelp(lambda tr: tr.text("The name other members see")),
        "/forget": CommandHelp(lambda tr: tr.text("Delete all your data")),
        "/stop": CommandHelp(lambda tr: tr.text("No more messages unless you write")),
    },
    options={"forget": answer_forget},
    states={STATE_FORGET: forget_state, name.STATE_NAME: name.name_state},
    reprompts={STATE_FORGET: ask_forget, name.STATE_NAME: name.ask},
    menu=(MenuItem("mydata", lambda tr: tr.text("My data"), show_my_data),),
    intents={"reminders_off": stop, "delete_my_data": forget},
)

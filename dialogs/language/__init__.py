"""Changing the language of every message from now on (/language)."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, MenuItem
from dialogs.language.choice import command, on_option

FEATURE = Feature(
    name="language",
    commands={"/language": command},
    help={"/language": CommandHelp(lambda tr: tr.text("Change the language"))},
    options={"lang": on_option},
    menu=(MenuItem("language", lambda tr: tr.text("Language"), command),),
    intents={"change_language": command},
)

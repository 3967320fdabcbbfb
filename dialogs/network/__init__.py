"""The global network: every community with its size (/communities), other communities'
projects by community or topic, and their meetup formats to copy."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, MenuItem
from dialogs.network.browse import on_option, show_communities

FEATURE = Feature(
    name="network",
    commands={"/communities": show_communities},
    help={"/communities": CommandHelp(lambda tr: tr.text("Every Josoor community"))},
    options={"net": on_option},
    menu=(MenuItem("network", lambda tr: tr.text("Communities"), show_communities),),
)

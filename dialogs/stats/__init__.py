"""Figures for ambassadors: /stats, a community in numbers with a chart."""

from __future__ import annotations

from dialogs.common.routing import CommandHelp, Feature, Tool
from dialogs.stats.figures import command, show

FEATURE = Feature(
    name="stats",
    commands={"/stats": command},
    help={
        "/stats": CommandHelp(
            lambda tr: tr.text("Your community in figures"), ambassadors_only=True
        )
    },
    tools=(Tool("stats", lambda tr: tr.text("Figures"), show),),
)

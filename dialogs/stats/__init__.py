"""Figures for ambassadors: /stats, a community in numbers with a chart."""

from __future__ import annotations

from dialogs.common.routing import Feature, Tool
from dialogs.stats.figures import command, show

FEATURE = Feature(
    name="stats",
    commands={"/stats": command},
    tools=(Tool("stats", lambda tr: tr.text("Figures"), show),),
)

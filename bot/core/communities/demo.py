"""Demo communities, so a fresh install has something to find and join."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.core.common.clock import Clock
from bot.core.common.domain import Coordinates
from bot.core.communities.directory import AddCommunity
from bot.core.communities.ports import CommunitiesUnit

DEMO_FILE = Path(__file__).with_name("demo_communities.yaml")


def load_demo_communities(path: Path = DEMO_FILE) -> list[dict[str, Any]]:
    """Read once at start-up, outside any request."""
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return entries


class SeedDemoCommunities:
    """Adds the demo communities when the database has none (never touches real data)."""

    def __init__(self, uow: CommunitiesUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, entries: list[dict[str, Any]]) -> int:
        if await self._uow.communities.count() > 0:
            return 0
        add = AddCommunity(self._uow, self._clock)
        for entry in entries:
            await add(
                slug=entry["slug"],
                names=dict(entry["names"]),
                country=entry["country"],
                timezone=entry["timezone"],
                coordinates=Coordinates(entry["latitude"], entry["longitude"]),
                aliases=tuple(entry.get("aliases", ())),
            )
        return len(entries)

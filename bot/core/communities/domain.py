"""Local communities and who belongs to them. Plain dataclasses: no platform, no database."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from bot.core.common.domain import Coordinates
from bot.i18n.locales import DEFAULT_LOCALE


class CommunityRole(enum.StrEnum):
    """A member's role inside one community."""

    MEMBER = "member"
    AMBASSADOR = "ambassador"


@dataclass(slots=True)
class Community:
    id: int
    slug: str
    names: dict[str, str]
    country: str
    timezone: str
    coordinates: Coordinates | None = None
    aliases: tuple[str, ...] = ()
    deleted: bool = False

    def name(self, locale: str) -> str:
        """The community's name in `locale`, falling back to English, then the slug."""
        return self.names.get(locale) or self.names.get(DEFAULT_LOCALE) or self.slug

    def all_names(self) -> tuple[str, ...]:
        return (*self.names.values(), *self.aliases, self.slug)


@dataclass(frozen=True, slots=True)
class Membership:
    member_id: int
    community_id: int
    role: CommunityRole
    joined_at: datetime

"""Finding, joining and administering communities."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.common.clock import Clock
from bot.core.common.domain import Coordinates
from bot.core.communities.domain import Community, CommunityRole, Membership
from bot.core.communities.ports import CommunitiesUnit
from bot.i18n.locales import SUPPORTED_LOCALES

#: A shared location farther than this from every community finds none.
NEAREST_COMMUNITY_MAX_KM = 150.0
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$")
#: What Telegram allows in a /start payload.
START_PAYLOAD_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: Cities are short; a longer text is cut before matching (it is never stored).
SEARCH_TEXT_MAX = 200


class CommunityError(ValueError):
    """A problem with community data an operator entered; the message says what."""


@dataclass(frozen=True, slots=True)
class NearbyCommunity:
    community: Community
    distance_km: float


class FindCommunities:
    def __init__(self, uow: CommunitiesUnit) -> None:
        self._uow = uow

    async def by_text(self, text: str) -> list[Community]:
        from nlu.cities import matcher_for  # fuzzy matching loads on the first search

        communities = {c.id: c for c in await self._uow.communities.list_active()}
        matcher = matcher_for(tuple((c.id, tuple(c.all_names())) for c in communities.values()))
        return [communities[m.community_id] for m in matcher.match(text[:SEARCH_TEXT_MAX])]

    async def nearest(self, where: Coordinates) -> NearbyCommunity | None:
        """The closest community; the coordinates are used here and never stored."""
        best: NearbyCommunity | None = None
        for community in await self._uow.communities.list_active():
            if community.coordinates is None:
                continue
            distance = haversine_km(where, community.coordinates)
            if best is None or distance < best.distance_km:
                best = NearbyCommunity(community, distance)
        return best

    async def all(self) -> Sequence[Community]:
        return await self._uow.communities.list_active()


def haversine_km(a: Coordinates, b: Coordinates) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True, slots=True)
class JoinResult:
    community: Community
    membership: Membership
    already_member: bool


class JoinCommunity:
    def __init__(self, uow: CommunitiesUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, community: Community) -> JoinResult:
        existing = await self._uow.memberships.get(member_id, community.id)
        if existing is not None:
            return JoinResult(community, existing, already_member=True)
        membership = await self._uow.memberships.add(
            member_id, community.id, CommunityRole.MEMBER, self._clock.now()
        )
        return JoinResult(community, membership, already_member=False)


class StartPayloadProblem(ValueError):
    """Why a deep-link payload does not lead to a community: malformed, unknown or deleted."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ResolveStartPayload:
    """A `/start <payload>` deep link names a community by its slug."""

    def __init__(self, uow: CommunitiesUnit) -> None:
        self._uow = uow

    async def __call__(self, payload: str) -> Community:
        if not START_PAYLOAD_PATTERN.match(payload):
            raise StartPayloadProblem("malformed")
        community = await self._uow.communities.by_slug(payload.lower())
        if community is None:
            raise StartPayloadProblem("unknown")
        if community.deleted:
            raise StartPayloadProblem("deleted")
        return community


class AddCommunity:
    def __init__(self, uow: CommunitiesUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self,
        slug: str,
        names: dict[str, str],
        country: str,
        timezone: str,
        coordinates: Coordinates | None = None,
        aliases: Sequence[str] = (),
    ) -> Community:
        if not SLUG_PATTERN.match(slug):
            raise CommunityError(
                f"slug {slug!r} must be lower-case letters, digits and dashes (e.g. the-hague)"
            )
        if await self._uow.communities.by_slug(slug) is not None:
            raise CommunityError(f"a community with slug {slug!r} exists already")
        unknown = sorted(set(names) - set(SUPPORTED_LOCALES))
        if unknown:
            raise CommunityError(f"unsupported languages in names: {', '.join(unknown)}")
        if "en" not in names:
            raise CommunityError("an English name (en=...) is required as the fallback")
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise CommunityError(f"country must be an ISO 3166 code like AT, got {country!r}")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommunityError(f"unknown timezone {timezone!r} (e.g. Europe/Vienna)") from None
        if coordinates and not (
            -90 <= coordinates.latitude <= 90 and -180 <= coordinates.longitude <= 180
        ):
            raise CommunityError("coordinates out of range")
        return await self._uow.communities.add(
            slug, names, country, timezone, coordinates, aliases, self._clock.now()
        )

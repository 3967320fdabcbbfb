"""Storage interfaces of communities and memberships. Repositories never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.core.common.domain import Coordinates
from bot.core.communities.domain import Community, CommunityRole, Membership


class CommunityRepository(Protocol):
    async def get(self, community_id: int) -> Community | None: ...
    async def by_slug(self, slug: str) -> Community | None: ...
    async def list_active(self) -> Sequence[Community]: ...
    async def add(
        self,
        slug: str,
        names: dict[str, str],
        country: str,
        timezone: str,
        coordinates: Coordinates | None,
        aliases: Sequence[str],
        now: datetime,
    ) -> Community: ...
    async def count(self) -> int: ...


class MembershipRepository(Protocol):
    async def of_member(self, member_id: int) -> Sequence[tuple[Membership, Community]]: ...
    async def get(self, member_id: int, community_id: int) -> Membership | None: ...
    async def has_role(self, member_id: int, role: CommunityRole) -> bool: ...
    async def member_ids_with_role(self, community_id: int, role: CommunityRole) -> list[int]: ...
    async def add(
        self, member_id: int, community_id: int, role: CommunityRole, now: datetime
    ) -> Membership: ...
    async def set_role(self, member_id: int, community_id: int, role: CommunityRole) -> None: ...


class CommunitiesUnit(Protocol):
    """The repositories the communities' use cases work with."""

    @property
    def communities(self) -> CommunityRepository: ...
    @property
    def memberships(self) -> MembershipRepository: ...

"""Who may do what, decided on the server from the member id (never from names)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.communities.domain import Community, CommunityRole
from bot.core.communities.ports import CommunitiesUnit


class NotAllowed(PermissionError):
    """The member lacks the role this action needs."""


async def led_communities(uow: CommunitiesUnit, member_id: int) -> Sequence[Community]:
    """Communities in which the member is an ambassador."""
    return [
        community
        for membership, community in await uow.memberships.of_member(member_id)
        if membership.role is CommunityRole.AMBASSADOR and not community.deleted
    ]


async def require_ambassador(uow: CommunitiesUnit, member_id: int, community_id: int) -> None:
    membership = await uow.memberships.get(member_id, community_id)
    if membership is None or membership.role is not CommunityRole.AMBASSADOR:
        raise NotAllowed("only an ambassador of this community may do this")


async def is_member_of(uow: CommunitiesUnit, member_id: int, community_id: int) -> bool:
    return await uow.memberships.get(member_id, community_id) is not None

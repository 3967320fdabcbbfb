"""Appointing ambassadors (operators do the first one from the CLI)."""

from __future__ import annotations

from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.clock import Clock
from bot.core.common.domain import ChannelAddress
from bot.core.communities.directory import CommunityError
from bot.core.communities.domain import CommunityRole
from bot.core.members.domain import Member


class AddAmbassador:
    """Makes the person behind `address` an ambassador of a community.

    If they have never written to the bot, a member record is prepared with just the
    platform id; they still see and accept the privacy notice on their first message.
    """

    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, community_slug: str, address: ChannelAddress) -> Member:
        community = await self._uow.communities.by_slug(community_slug)
        if community is None or community.deleted:
            raise CommunityError(f"no community with slug {community_slug!r}")
        now = self._clock.now()
        member = await self._uow.members.by_address(address)
        if member is None:
            member = await self._uow.members.create(address, "en", now, None)
        if await self._uow.memberships.get(member.id, community.id) is None:
            await self._uow.memberships.add(member.id, community.id, CommunityRole.AMBASSADOR, now)
        else:
            await self._uow.memberships.set_role(member.id, community.id, CommunityRole.AMBASSADOR)
        return member

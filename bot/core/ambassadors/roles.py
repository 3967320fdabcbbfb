"""Ambassadors and co-ambassadors, decided on the numeric member id, every change audited.

The first ambassador of a community is added by an operator (`josoor ambassador add`);
ambassadors appoint co-ambassadors in the chat. Both hold the same rights (the membership
role `ambassador`, which every check reads); the audit log remembers who appointed whom, so
a co-ambassador can be stepped down in the chat while an operator's appointment cannot.
Project leads are a role of a project (`Project.lead_id`), kept by the projects feature.
"""

from __future__ import annotations

from bot.core.ambassadors.appoint import AddAmbassador
from bot.core.ambassadors.domain import AuditAction
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.clock import Clock
from bot.core.common.domain import ChannelAddress
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import CommunityRole
from bot.core.communities.permissions import NotAllowed, require_ambassador
from bot.core.members.domain import Member


class RoleProblem(ValueError):
    """not_member, already, self, operator_appointed, not_ambassador."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AddAmbassadorAudited:
    """The operator's `josoor ambassador add`, with its audit entry (actor: nobody)."""

    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, community_slug: str, address: ChannelAddress) -> Member:
        member = await AddAmbassador(self._uow, self._clock)(community_slug, address)
        community = await self._uow.communities.by_slug(community_slug)
        assert community is not None
        await self._uow.audit.record(
            AuditAction.AMBASSADOR_ADDED,
            self._clock.now(),
            community_id=community.id,
            target_id=member.id,
        )
        return member


class ChangeRole:
    """An ambassador appoints a member of their community, or steps a co-ambassador down."""

    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def appoint(self, actor_id: int, community_id: int, member_id: int) -> None:
        await require_ambassador(self._uow, actor_id, community_id)
        membership = await self._uow.memberships.get(member_id, community_id)
        if membership is None:
            raise RoleProblem("not_member")
        if membership.role is CommunityRole.AMBASSADOR:
            raise RoleProblem("already")
        now = self._clock.now()
        await self._uow.memberships.set_role(member_id, community_id, CommunityRole.AMBASSADOR)
        await self._uow.audit.record(
            AuditAction.APPOINTED,
            now,
            community_id=community_id,
            actor_id=actor_id,
            target_id=member_id,
        )
        await self._uow.outbox.enqueue(
            member_id,
            NoticeKind.ROLE_GRANTED,
            f"role_granted:{community_id}:{member_id}:{int(now.timestamp())}",
            now,
            subject_id=community_id,
        )

    async def dismiss(self, actor_id: int, community_id: int, member_id: int) -> None:
        await require_ambassador(self._uow, actor_id, community_id)
        if actor_id == member_id:
            raise RoleProblem("self")
        membership = await self._uow.memberships.get(member_id, community_id)
        if membership is None or membership.role is not CommunityRole.AMBASSADOR:
            raise RoleProblem("not_ambassador")
        if not await self._uow.audit.appointed_in_chat(community_id, member_id):
            raise RoleProblem("operator_appointed")
        await self._uow.memberships.set_role(member_id, community_id, CommunityRole.MEMBER)
        await self._uow.audit.record(
            AuditAction.DISMISSED,
            self._clock.now(),
            community_id=community_id,
            actor_id=actor_id,
            target_id=member_id,
        )


__all__ = ["AddAmbassadorAudited", "ChangeRole", "NotAllowed", "RoleProblem"]

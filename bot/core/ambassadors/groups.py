"""A community's group chat: linked by an ambassador, its join requests decided on consent,
newcomers greeted once. The events are neutral: channel adapters build them.

A join request is approved only for a member who accepted the current privacy notice with
the bot in private; everyone else is declined with a private word on how to do that. Nothing
about people who did not accept is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.ambassadors.domain import AuditAction, CommunityGroup
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.clock import Clock
from bot.core.common.domain import ChannelAddress
from bot.core.communities.domain import Community, CommunityRole
from bot.core.communities.permissions import led_communities
from bot.core.members.consent import has_current_consent
from bot.core.members.domain import Member


@dataclass(frozen=True, slots=True)
class GroupCommand:
    """A command typed in a group. `sender` is None when it was sent in the name of the
    group or a channel (anonymous admins): nobody we could check."""

    group: ChannelAddress
    sender: ChannelAddress | None
    text: str
    locale_hint: str | None = None
    forwarded: bool = False


@dataclass(frozen=True, slots=True)
class JoinRequest:
    group: ChannelAddress
    person: ChannelAddress
    #: Where the bot may write to the person about their request (Telegram: user_chat_id).
    private_chat: ChannelAddress
    locale_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Newcomer:
    person: ChannelAddress
    name: str | None
    locale_hint: str | None = None


@dataclass(frozen=True, slots=True)
class MembersJoined:
    group: ChannelAddress
    people: tuple[Newcomer, ...]


class GroupProblem(ValueError):
    """anonymous, not_member, not_ambassador, linked_elsewhere, which, unknown."""

    def __init__(self, reason: str, community: Community | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.community = community
        self.choices: Sequence[Community] = ()


async def _consenting(uow: AmbassadorsUnit, address: ChannelAddress) -> Member | None:
    member = await uow.members.by_address(address)
    if member is None or not await has_current_consent(uow, member.id):
        return None
    return member


class LinkGroup:
    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: GroupCommand, slug: str) -> tuple[Community, Member]:
        if command.sender is None:
            raise GroupProblem("anonymous")
        member = await _consenting(self._uow, command.sender)
        if member is None:
            raise GroupProblem("not_member")
        led = await led_communities(self._uow, member.id)
        if not led:
            raise GroupProblem("not_ambassador")
        if slug:
            chosen = [c for c in led if c.slug == slug.lower()]
            if not chosen:
                raise GroupProblem("not_ambassador")
        elif len(led) > 1:
            problem = GroupProblem("which")
            problem.choices = led
            raise problem
        community = (chosen if slug else led)[0]
        existing = await self._uow.groups.by_chat(command.group)
        if existing is not None:
            if existing.community_id == community.id:
                return community, member
            other = await self._uow.communities.get(existing.community_id)
            raise GroupProblem("linked_elsewhere", other)
        now = self._clock.now()
        group = await self._uow.groups.link(community.id, command.group, member.id, now)
        await self._uow.audit.record(
            AuditAction.GROUP_LINKED,
            now,
            community_id=community.id,
            actor_id=member.id,
            subject_id=group.id,
        )
        return community, member


@dataclass(frozen=True, slots=True)
class JoinDecision:
    community: Community
    approve: bool
    member: Member | None


async def decide_join_request(
    uow: AmbassadorsUnit, clock: Clock, request: JoinRequest
) -> JoinDecision | None:
    """None: the group is not linked (its human admins decide). Approving also makes the
    person a member of the community if they were not yet."""
    group = await uow.groups.by_chat(request.group)
    community = await uow.communities.get(group.community_id) if group else None
    if community is None or community.deleted:
        return None
    member = await _consenting(uow, request.person)
    if member is None:
        return JoinDecision(community, approve=False, member=None)
    if await uow.memberships.get(member.id, community.id) is None:
        await uow.memberships.add(member.id, community.id, CommunityRole.MEMBER, clock.now())
    return JoinDecision(community, approve=True, member=member)


async def to_greet(
    uow: AmbassadorsUnit, clock: Clock, event: MembersJoined
) -> tuple[CommunityGroup, list[tuple[Newcomer, Member | None]]] | None:
    """Who to welcome in a linked group: our members once ever, others (not stored) now."""
    group = await uow.groups.by_chat(event.group)
    if group is None:
        return None
    greet: list[tuple[Newcomer, Member | None]] = []
    for person in event.people:
        member = await _consenting(uow, person.person)
        if member is None or await uow.groups.greet_once(group.id, member.id, clock.now()):
            greet.append((person, member))
    return group, greet

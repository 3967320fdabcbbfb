"""A proposal with everything needed to talk about it: the group, the request, the community
and the two people (the newcomer and whoever acts as the group's coordinator)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.communities.domain import Community
from bot.core.members.domain import Member
from bot.core.welcome.domain import CheckIn, Proposal, Side, WelcomeGroup, WelcomeRequest
from bot.core.welcome.ports import WelcomeUnit


@dataclass(frozen=True, slots=True)
class ProposalView:
    proposal: Proposal
    group: WelcomeGroup
    request: WelcomeRequest
    community: Community
    newcomer: Member | None
    coordinator: Member | None

    def side_of(self, member_id: int) -> Side | None:
        if member_id == self.proposal.newcomer_id:
            return Side.NEWCOMER
        if self.coordinator is not None and member_id == self.coordinator.id:
            return Side.GROUP
        return None

    def person(self, side: Side) -> Member | None:
        return self.newcomer if side is Side.NEWCOMER else self.coordinator


@dataclass(frozen=True, slots=True)
class CheckinView:
    checkin: CheckIn
    view: ProposalView


async def load_views(uow: WelcomeUnit, proposal_ids: Sequence[int]) -> dict[int, ProposalView]:
    """Views of the proposals that still exist (a withdrawn request takes its proposals)."""
    proposals = await uow.welcome.get_proposals(sorted(set(proposal_ids)))
    group_ids = sorted({p.group_id for p in proposals.values()})
    coordinators = await uow.welcome.coordinators_of(group_ids)
    people = await uow.members.get_many(
        sorted({p.newcomer_id for p in proposals.values()} | set(coordinators.values()))
    )
    groups: dict[int, WelcomeGroup] = {}
    communities: dict[int, Community] = {}
    views: dict[int, ProposalView] = {}
    for proposal in proposals.values():
        group = groups.get(proposal.group_id) or await uow.welcome.get_group(proposal.group_id)
        request = await uow.welcome.get_request(proposal.request_id)
        community = communities.get(proposal.community_id) or await uow.communities.get(
            proposal.community_id
        )
        if group is None or request is None or community is None:
            continue
        groups[group.id], communities[community.id] = group, community
        coordinator_id = coordinators.get(group.id)
        views[proposal.id] = ProposalView(
            proposal, group, request, community, people.get(proposal.newcomer_id),
            people.get(coordinator_id) if coordinator_id is not None else None,
        )  # fmt: skip
    return views


async def load_view(uow: WelcomeUnit, proposal_id: int) -> ProposalView | None:
    return (await load_views(uow, [proposal_id])).get(proposal_id)


async def load_checkin_views(
    uow: WelcomeUnit, checkin_ids: Sequence[int]
) -> dict[int, CheckinView]:
    checkins = await uow.welcome.get_checkins(sorted(set(checkin_ids)))
    views = await load_views(uow, [c.proposal_id for c in checkins.values()])
    return {
        checkin_id: CheckinView(checkin, views[checkin.proposal_id])
        for checkin_id, checkin in checkins.items()
        if checkin.proposal_id in views
    }

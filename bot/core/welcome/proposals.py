"""Running the matching for a community (`/match`, `josoor match`) and reviewing its drafts.

The matching works on what is free now: waiting requests without an open proposal, and ready
groups (five members or more) with their capacity minus the newcomers they already have or
were proposed. Its proposals are drafts that replace the previous run's drafts; only an
ambassador's review sends them, and at that moment they are checked again, because a request
may have been withdrawn or a place taken since.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import Community
from bot.core.communities.permissions import require_ambassador
from bot.core.welcome.domain import (
    AGE_BANDS,
    OPEN,
    Proposal,
    ProposalStatus,
    RequestStatus,
    WelcomeGroup,
    WelcomeProblem,
    WelcomeRequest,
)
from bot.core.welcome.matching import Solution, Unmatched, solve
from bot.core.welcome.ports import WelcomeUnit
from bot.core.welcome.scores import Host, Seeker, Weights


@dataclass(frozen=True, slots=True)
class MatchRun:
    community: Community
    solution: Solution
    #: The drafts stored (ids 0 on a dry run), in the solution's order.
    proposals: list[Proposal]
    #: Requests and groups by id (a pairing's seeker id is the request id).
    requests: dict[int, WelcomeRequest]
    groups: dict[int, WelcomeGroup]
    free_places: int = 0
    not_ready: list[WelcomeGroup] = field(default_factory=list)


def seeker_of(request: WelcomeRequest) -> Seeker:
    return Seeker(
        id=request.id, community_id=request.community_id,
        languages=frozenset(request.languages), interests=frozenset(request.interests),
        needs=frozenset(request.needs),
        age_band=AGE_BANDS.index(request.age_band) if request.age_band in AGE_BANDS else None,
        family_size=request.family_size,
    )  # fmt: skip


def host_of(group: WelcomeGroup, free: int) -> Host:
    return Host(
        id=group.id, community_id=group.community_id, languages=frozenset(group.languages),
        interests=frozenset(group.interests), offers=frozenset(group.offers),
        age_band=AGE_BANDS.index(group.age_band) if group.age_band in AGE_BANDS else None,
        family_max=group.family_max, capacity=free,
    )  # fmt: skip


async def free_places(uow: WelcomeUnit, group: WelcomeGroup) -> int:
    """Places a ready group has left; a group still forming has none yet."""
    if not group.ready:
        return 0
    taken = await uow.welcome.proposals_of_group(group.id, sorted(OPEN))
    return max(0, group.capacity - len(taken))


class RunMatching:
    def __init__(self, uow: WelcomeUnit, clock: Clock, weights: Weights) -> None:
        self._uow = uow
        self._clock = clock
        self._weights = weights

    async def __call__(self, community: Community, *, dry_run: bool = False) -> MatchRun:
        welcome = self._uow.welcome
        open_requests = {
            p.request_id for p in await welcome.proposals_of_community(community.id, sorted(OPEN))
        }
        requests = {
            r.id: r
            for r in await welcome.requests_of_community(community.id, RequestStatus.WAITING)
            if r.id not in open_requests
        }
        groups = {g.id: g for g in await welcome.groups_of_community(community.id)}
        free = {g.id: await free_places(self._uow, g) for g in groups.values()}
        request_of_member = {r.member_id: r.id for r in requests.values()}
        declined = {
            (request_of_member[member_id], group_id)
            for member_id, group_id in await welcome.declined_in(community.id)
            if member_id in request_of_member
        }
        solution = solve(
            [seeker_of(r) for r in requests.values()],
            [host_of(g, free[g.id]) for g in groups.values()],
            self._weights,
            declined,
        )
        now = self._clock.now()
        drafts = [
            Proposal(
                id=0,
                community_id=community.id,
                request_id=p.seeker_id,
                newcomer_id=requests[p.seeker_id].member_id,
                group_id=p.host_id,
                status=ProposalStatus.DRAFT,
                score=round(p.score, 6),
                reasons=p.reasons(),
                created_at=now,
            )
            for p in solution.pairings
        ]
        if not dry_run:
            await welcome.delete_drafts(community.id)
            drafts = await welcome.add_proposals(drafts)
        return MatchRun(
            community, solution, drafts, requests, groups, sum(free.values()),
            [g for g in groups.values() if not g.ready],
        )  # fmt: skip


def unmatched_by_language(run: MatchRun) -> dict[str, dict[str, int]]:
    """Per language: newcomers waiting, proposed, and why the others stay in the queue.
    A newcomer who speaks two languages counts under both."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    proposed = {p.seeker_id for p in run.solution.pairings}
    for request in run.requests.values():
        for language in request.languages:
            row = table[language]
            row["waiting"] += 1
            if request.id in proposed:
                row["proposed"] += 1
            else:
                row["unmatched"] += 1
                row[run.solution.unmatched.get(request.id, Unmatched.NO_CAPACITY).value] += 1
    keys = ("waiting", "proposed", "unmatched", *(reason.value for reason in Unmatched))
    return {lang: {k: table[lang][k] for k in keys} for lang in sorted(table)}


async def _draft_for(uow: WelcomeUnit, member_id: int, proposal_id: int) -> Proposal:
    proposal = await uow.welcome.get_proposal(proposal_id, lock=True)
    if proposal is None:
        raise WelcomeProblem("proposal_not_found")
    await require_ambassador(uow, member_id, proposal.community_id)
    return proposal


class SendProposals:
    """The ambassador sends drafts: both sides are asked. Drafts that went stale since the
    run (request withdrawn or already proposed, group full) are dropped, not sent."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, proposal_ids: Sequence[int]) -> tuple[int, int]:
        """(sent, dropped)."""
        sent = dropped = 0
        now = self._clock.now()
        for proposal_id in proposal_ids:
            proposal = await _draft_for(self._uow, member_id, proposal_id)
            if proposal.status is not ProposalStatus.DRAFT:
                continue
            if not await self._still_possible(proposal):
                await self._uow.welcome.delete_proposal(proposal.id)
                dropped += 1
                continue
            proposal.status, proposal.sent_at = ProposalStatus.SENT, now
            await self._uow.welcome.save_proposal(proposal)
            coordinator = await self._uow.welcome.coordinator_of(proposal.group_id)
            for person in (proposal.newcomer_id, coordinator):
                if person is not None:
                    await self._uow.outbox.enqueue(
                        person, NoticeKind.WELCOME_PROPOSAL, f"wg-proposal:{proposal.id}:{person}",
                        now, subject_id=proposal.id,
                    )  # fmt: skip
            sent += 1
        return sent, dropped

    async def _still_possible(self, proposal: Proposal) -> bool:
        request = await self._uow.welcome.get_request(proposal.request_id)
        group = await self._uow.welcome.get_group(proposal.group_id, lock=True)
        if request is None or group is None or request.status is not RequestStatus.WAITING:
            return False
        if any(p.status in OPEN for p in await self._uow.welcome.proposals_of_request(request.id)):
            return False
        return await free_places(self._uow, group) > 0


class DiscardDraft:
    def __init__(self, uow: WelcomeUnit) -> None:
        self._uow = uow

    async def __call__(self, member_id: int, proposal_id: int) -> None:
        proposal = await _draft_for(self._uow, member_id, proposal_id)
        if proposal.status is not ProposalStatus.DRAFT:
            raise WelcomeProblem("not_a_draft")
        await self._uow.welcome.delete_proposal(proposal.id)


class WithdrawProposal:
    """An ambassador takes back a sent proposal before both said yes; both sides are told."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, proposal_id: int) -> None:
        proposal = await _draft_for(self._uow, member_id, proposal_id)
        if proposal.status is not ProposalStatus.SENT:
            raise WelcomeProblem("not_sent")
        now = self._clock.now()
        proposal.status, proposal.ended_at = ProposalStatus.WITHDRAWN, now
        await self._uow.welcome.save_proposal(proposal)
        coordinator = await self._uow.welcome.coordinator_of(proposal.group_id)
        for person in (proposal.newcomer_id, coordinator):
            if person is not None:
                await self._uow.outbox.enqueue(
                    person, NoticeKind.WELCOME_PROPOSAL_ENDED, f"wg-ended:{proposal.id}:{person}",
                    now, subject_id=proposal.id,
                )  # fmt: skip

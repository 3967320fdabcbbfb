"""Both sides answer a proposal; a yes from both makes the match. Then they talk through the
bot, and share their contacts only when both choose to.

The proposal row is locked while an answer is recorded, so two answers at the same moment
cannot both miss that the other said yes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.welcome.domain import ACTIVE, ProposalStatus, RequestStatus, Side, WelcomeProblem
from bot.core.welcome.ports import WelcomeUnit
from bot.core.welcome.views import ProposalView, load_view


class Answered(enum.StrEnum):
    #: This side said yes; the other has not answered yet.
    WAITING = "waiting"
    MATCHED = "matched"
    DECLINED = "declined"
    #: The same answer came twice (a double tap): nothing changed.
    ALREADY = "already"


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    result: Answered
    side: Side
    view: ProposalView


async def view_for(
    uow: WelcomeUnit, member_id: int, proposal_id: int
) -> tuple[ProposalView, Side]:
    proposal = await uow.welcome.get_proposal(proposal_id, lock=True)
    view = await load_view(uow, proposal_id) if proposal is not None else None
    if view is None or view.proposal.status is ProposalStatus.DRAFT:
        raise WelcomeProblem("proposal_not_found")
    side = view.side_of(member_id)
    if side is None:
        raise WelcomeProblem("not_yours")
    return view, side


class AnswerProposal:
    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, proposal_id: int, yes: bool) -> AnswerOutcome:
        view, side = await view_for(self._uow, member_id, proposal_id)
        proposal = view.proposal
        if proposal.status is ProposalStatus.WITHDRAWN:
            raise WelcomeProblem("withdrawn")
        if proposal.answer_of(side) is yes:
            return AnswerOutcome(Answered.ALREADY, side, view)
        if proposal.status is not ProposalStatus.SENT:
            raise WelcomeProblem("already_decided")
        now = self._clock.now()
        other = Side.GROUP if side is Side.NEWCOMER else Side.NEWCOMER
        if side is Side.NEWCOMER:
            proposal.newcomer_answer = yes
        else:
            proposal.group_answer = yes
        if not yes:
            proposal.status, proposal.ended_at = ProposalStatus.DECLINED, now
            await self._uow.welcome.add_decline(proposal.newcomer_id, proposal.group_id, now)
            result, kind = Answered.DECLINED, NoticeKind.WELCOME_PROPOSAL_ENDED
        elif proposal.answer_of(other):
            proposal.status, proposal.matched_at = ProposalStatus.MATCHED, now
            await self._uow.welcome.set_request_status(proposal.request_id, RequestStatus.MATCHED)
            result, kind = Answered.MATCHED, NoticeKind.WELCOME_MATCHED
        else:
            await self._uow.welcome.save_proposal(proposal)
            return AnswerOutcome(Answered.WAITING, side, view)
        await self._uow.welcome.save_proposal(proposal)
        person = view.person(other)
        if person is not None:
            await self._uow.outbox.enqueue(
                person.id, kind, f"{kind.value}:{proposal.id}:{person.id}", now,
                subject_id=proposal.id,
            )  # fmt: skip
        return AnswerOutcome(result, side, view)


async def active_match(
    uow: WelcomeUnit, member_id: int, proposal_id: int
) -> tuple[ProposalView, Side]:
    """The match and the member's side, if the member is in it and it is under way."""
    view, side = await view_for(uow, member_id, proposal_id)
    if view.proposal.status not in ACTIVE:
        raise WelcomeProblem("match_ended")
    return view, side


class ShareContact:
    """One side agrees to show their contact; when both have, both see the other's."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, proposal_id: int) -> tuple[ProposalView, Side, bool]:
        """(match, side, whether both now share)."""
        view, side = await active_match(self._uow, member_id, proposal_id)
        proposal = view.proposal
        if side is Side.NEWCOMER:
            already, proposal.newcomer_shares_contact = proposal.newcomer_shares_contact, True
            both = proposal.group_shares_contact
        else:
            already, proposal.group_shares_contact = proposal.group_shares_contact, True
            both = proposal.newcomer_shares_contact
        await self._uow.welcome.save_proposal(proposal)
        other = view.person(Side.GROUP if side is Side.NEWCOMER else Side.NEWCOMER)
        if both and not already and other is not None:
            await self._uow.outbox.enqueue(
                other.id, NoticeKind.WELCOME_CONTACT, f"wg-contact:{proposal.id}:{other.id}",
                self._clock.now(), subject_id=proposal.id,
            )  # fmt: skip
        return view, side, both

"""Twelve months of accompaniment: monthly check-ins to both sides, what ambassadors should
look at, and the question at twelve months (close or continue) with consented feedback.

Planning works like meetup reminders: a check-in is a row keyed by (match, member, month)
and its outbox message by the check-in, so however often the sweep runs, also across a
restart, each is asked once. When several months fell due while the bot was down, only the
latest is asked; months 1-11 are check-ins, and at month 12 the closing question replaces
the check-in.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import CommunityRole
from bot.core.welcome.answers import view_for
from bot.core.welcome.domain import (
    MONTHS,
    CheckIn,
    CheckinAnswer,
    Closing,
    Feedback,
    Proposal,
    ProposalStatus,
    Rating,
    Side,
    WelcomeProblem,
)
from bot.core.welcome.ports import WelcomeUnit
from bot.core.welcome.views import ProposalView, load_views

#: A check-in counts as unanswered once this much time has passed without an answer.
ANSWER_GRACE = timedelta(days=7)


def due(proposal: Proposal, month: int) -> datetime:
    assert proposal.matched_at is not None
    return proposal.matched_at + relativedelta(months=month)


class PlanWelcomeCheckins:
    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self) -> int:
        """Ask the check-ins and closing questions that are due; returns how many."""
        now = self._clock.now()
        matches = await self._uow.welcome.matched_before(now - relativedelta(months=1))
        if not matches:
            return 0
        asked = await self._uow.welcome.checkin_keys([m.id for m in matches])
        coordinators = await self._uow.welcome.coordinators_of(
            sorted({m.group_id for m in matches})
        )
        planned = 0
        for match in matches:
            people = [match.newcomer_id, coordinators.get(match.group_id)]
            if due(match, MONTHS) <= now:
                for person in people:
                    if person is not None:
                        planned += await self._uow.outbox.enqueue(
                            person, NoticeKind.WELCOME_CLOSING, f"wg-closing:{match.id}:{person}",
                            due(match, MONTHS), subject_id=match.id,
                        )  # fmt: skip
                continue
            month = max(m for m in range(1, MONTHS) if due(match, m) <= now)
            for person in people:
                if person is None or (match.id, person, month) in asked:
                    continue
                checkin = await self._uow.welcome.add_checkin(
                    match.id, person, month, due(match, month)
                )
                if checkin is not None:
                    planned += await self._uow.outbox.enqueue(
                        person, NoticeKind.WELCOME_CHECKIN, f"wg-checkin:{checkin.id}",
                        checkin.asked_at, subject_id=checkin.id,
                    )  # fmt: skip
        return planned


class AnswerCheckin:
    """Records the button; "we need help" tells the community's ambassadors at once."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, member_id: int, checkin_id: int, answer: CheckinAnswer
    ) -> tuple[CheckIn, ProposalView]:
        checkin = await self._uow.welcome.get_checkin(checkin_id)
        if checkin is None or checkin.member_id != member_id:
            raise WelcomeProblem("checkin_not_found")
        view, _ = await view_for(self._uow, member_id, checkin.proposal_id)
        if view.proposal.status is not ProposalStatus.MATCHED:
            raise WelcomeProblem("match_ended")
        now = self._clock.now()
        checkin.answer, checkin.answered_at = answer, now
        await self._uow.welcome.save_checkin(checkin)
        if answer is CheckinAnswer.HELP:
            for ambassador in await self._uow.memberships.member_ids_with_role(
                view.community.id, CommunityRole.AMBASSADOR
            ):
                await self._uow.outbox.enqueue(
                    ambassador, NoticeKind.WELCOME_ATTENTION,
                    f"wg-attention:{checkin.id}:{ambassador}", now, subject_id=checkin.id,
                )  # fmt: skip
        return checkin, view


class Concern(enum.StrEnum):
    NO_ANSWER_TWICE = "no_answer_twice"
    NEEDS_HELP = "needs_help"


@dataclass(frozen=True, slots=True)
class Attention:
    view: ProposalView
    side: Side
    concern: Concern


async def needing_attention(uow: WelcomeUnit, community_id: int, now: datetime) -> list[Attention]:
    """Matches where a side left the last two check-ins unanswered, or last said "we need
    help"."""
    matches = await uow.welcome.proposals_of_community(community_id, [ProposalStatus.MATCHED])
    views = await load_views(uow, [m.id for m in matches])
    by_person: dict[tuple[int, int], list[CheckIn]] = defaultdict(list)
    for checkin in await uow.welcome.checkins_of_proposals(list(views)):
        by_person[(checkin.proposal_id, checkin.member_id)].append(checkin)
    found: list[Attention] = []
    for (proposal_id, member_id), checkins in sorted(by_person.items()):
        view = views[proposal_id]
        side = view.side_of(member_id)
        if side is None:  # a coordinator who left: their successor is asked from now on
            continue
        checkins.sort(key=lambda c: c.month)
        answered = [c for c in checkins if c.answer is not None]
        overdue = [
            c for c in checkins[-2:] if c.answer is None and c.asked_at + ANSWER_GRACE <= now
        ]
        if answered and answered[-1].answer is CheckinAnswer.HELP:
            found.append(Attention(view, side, Concern.NEEDS_HELP))
        elif len(overdue) == 2:
            found.append(Attention(view, side, Concern.NO_ANSWER_TWICE))
    return found


class AnswerClosing:
    """At twelve months: either side closing ends the match (the other is told); when both
    continue, it goes on without check-ins."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, member_id: int, proposal_id: int, choice: Closing
    ) -> tuple[ProposalView, Side]:
        view, side = await view_for(self._uow, member_id, proposal_id)
        proposal, now = view.proposal, self._clock.now()
        if proposal.status is not ProposalStatus.MATCHED:
            raise WelcomeProblem("match_ended")
        if due(proposal, MONTHS) > now:
            raise WelcomeProblem("not_yet")
        if side is Side.NEWCOMER:
            proposal.newcomer_closing = choice
        else:
            proposal.group_closing = choice
        other = Side.GROUP if side is Side.NEWCOMER else Side.NEWCOMER
        if choice is Closing.CLOSE:
            proposal.status, proposal.ended_at = ProposalStatus.CLOSED, now
            person = view.person(other)
            if person is not None:
                await self._uow.outbox.enqueue(
                    person.id, NoticeKind.WELCOME_CLOSED, f"wg-closed:{proposal.id}:{person.id}",
                    now, subject_id=proposal.id,
                )  # fmt: skip
        elif proposal.closing_of(other) is Closing.CONTINUE:
            proposal.status = ProposalStatus.CONTINUED
        await self._uow.welcome.save_proposal(proposal)
        return view, side


class RecordFeedback:
    """Kept only because the person agreed, and without their name: how it went, and the
    parts of the score the matching gave the pair, so the weights can be improved."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, proposal_id: int, rating: Rating) -> bool:
        """False when this side gave feedback already (nothing is stored twice)."""
        view, side = await view_for(self._uow, member_id, proposal_id)
        proposal = view.proposal
        choice = proposal.closing_of(side)
        given = list(proposal.reasons.get("feedback", []))  # type: ignore[call-overload]
        if choice is None:
            raise WelcomeProblem("not_yet")
        if side.value in given:
            return False
        raw_parts = proposal.reasons.get("parts", {})
        parts = (
            {str(k): float(v) for k, v in raw_parts.items()} if isinstance(raw_parts, dict) else {}
        )
        today = self._clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        await self._uow.welcome.add_feedback(
            Feedback(proposal.community_id, side, rating, choice, parts, today)
        )
        proposal.reasons = {**proposal.reasons, "feedback": [*given, side.value]}
        await self._uow.welcome.save_proposal(proposal)
        return True

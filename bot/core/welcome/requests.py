"""A newcomer asks for a Welcome Group: stored only with their explicit consent to exactly
what the group will see; withdrawing deletes it (and ends its proposals and match)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.welcome.domain import (
    AGE_BANDS,
    AVAILABILITY,
    FAMILY_SIZE_MAX,
    INTERESTS,
    LANGUAGES,
    NEED_SLUGS,
    OPEN,
    WelcomeProblem,
    WelcomeRequest,
)
from bot.core.welcome.groups import known
from bot.core.welcome.ports import WelcomeUnit


@dataclass(frozen=True, slots=True)
class RequestDraft:
    community_id: int
    languages: tuple[str, ...]
    interests: tuple[str, ...]
    needs: tuple[str, ...]
    availability: tuple[str, ...]
    family_size: int = 1
    age_band: str | None = None


def validated(draft: RequestDraft) -> RequestDraft:
    languages = known(draft.languages, LANGUAGES, "unknown_language")
    needs = known(draft.needs, NEED_SLUGS, "unknown_need")
    availability = known(draft.availability, AVAILABILITY, "unknown_availability")
    if not languages:
        raise WelcomeProblem("no_languages")
    if not needs:
        raise WelcomeProblem("no_needs")
    if not availability:
        raise WelcomeProblem("no_availability")
    if not 1 <= draft.family_size <= FAMILY_SIZE_MAX:
        raise WelcomeProblem("family_range", FAMILY_SIZE_MAX)
    if draft.age_band is not None and draft.age_band not in AGE_BANDS:
        raise WelcomeProblem("unknown_age_band")
    return RequestDraft(
        draft.community_id, languages, known(draft.interests, INTERESTS, "unknown_interest"),
        needs, availability, draft.family_size, draft.age_band,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    request: WelcomeRequest
    #: Some group of the community (ready or still forming) speaks one of their languages.
    shares_language: bool


class CreateRequest:
    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, member_id: int, draft: RequestDraft, *, consented: bool
    ) -> RequestOutcome:
        if not consented:
            raise WelcomeProblem("no_consent")
        draft = validated(draft)
        if await self._uow.memberships.get(member_id, draft.community_id) is None:
            raise WelcomeProblem("not_in_community")
        if await self._uow.welcome.request_of(member_id) is not None:
            raise WelcomeProblem("already_requested")
        if await self._uow.welcome.membership_of(member_id) is not None:
            raise WelcomeProblem("in_group")
        now = self._clock.now()
        request = await self._uow.welcome.add_request(
            WelcomeRequest(
                id=0, member_id=member_id, community_id=draft.community_id,
                languages=draft.languages, interests=draft.interests, needs=draft.needs,
                availability=draft.availability, family_size=draft.family_size,
                consented_at=now, created_at=now, age_band=draft.age_band,
            )
        )  # fmt: skip
        groups = await self._uow.welcome.groups_of_community(draft.community_id)
        shares = any(set(g.languages) & set(request.languages) for g in groups)
        return RequestOutcome(request, shares)


class WithdrawRequest:
    """Deletes the request with its proposals and check-ins; groups that were waiting for
    an answer, or accompanying the newcomer, are told (without a reason)."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int) -> bool:
        request = await self._uow.welcome.request_of(member_id)
        if request is None:
            return False
        now = self._clock.now()
        for proposal in await self._uow.welcome.proposals_of_request(request.id):
            if proposal.status not in OPEN:
                continue
            coordinator = await self._uow.welcome.coordinator_of(proposal.group_id)
            if coordinator is not None:
                await self._uow.outbox.enqueue(
                    coordinator, NoticeKind.WELCOME_WITHDRAWN, f"wg-withdrawn:{proposal.id}",
                    now, subject_id=proposal.group_id,
                )  # fmt: skip
        await self._uow.welcome.delete_request(request.id)
        return True

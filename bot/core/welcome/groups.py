"""Forming a Welcome Group: a supporter creates it and coordinates it; friends join with its
invite link (`/start wg-<token>`) by accepting the group's commitments; five make it ready."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import CommunityRole
from bot.core.welcome.domain import (
    AGE_BANDS,
    CAPACITY_MAX,
    INTERESTS,
    INVITE_PREFIX,
    LANGUAGES,
    MIN_MEMBERS,
    NAME_MAX,
    NEED_SLUGS,
    GroupRole,
    WelcomeGroup,
    WelcomeProblem,
)
from bot.core.welcome.ports import WelcomeUnit
from bot.i18n.text import clean_user_text

#: Family limits a group can choose ("one person", "up to four", any size is None).
FAMILY_LIMITS = (1, 4)


@dataclass(frozen=True, slots=True)
class GroupDraft:
    community_id: int
    name: str
    languages: tuple[str, ...]
    interests: tuple[str, ...]
    offers: tuple[str, ...]
    capacity: int = 1
    age_band: str | None = None
    family_max: int | None = None


def known(values: Iterable[str], vocabulary: tuple[str, ...], reason: str) -> tuple[str, ...]:
    """The values in the vocabulary's order, once each; an unknown value is a problem."""
    chosen = set(values)
    if chosen - set(vocabulary):
        raise WelcomeProblem(reason)
    return tuple(v for v in vocabulary if v in chosen)


def clean_name(text: str) -> str:
    name = clean_user_text(text)
    if not name:
        raise WelcomeProblem("name_empty")
    if len(name) > NAME_MAX:
        raise WelcomeProblem("name_too_long", NAME_MAX)
    return name


def validated(draft: GroupDraft) -> GroupDraft:
    languages = known(draft.languages, LANGUAGES, "unknown_language")
    offers = known(draft.offers, NEED_SLUGS, "unknown_need")
    if not languages:
        raise WelcomeProblem("no_languages")
    if not offers:
        raise WelcomeProblem("no_offers")
    if not 1 <= draft.capacity <= CAPACITY_MAX:
        raise WelcomeProblem("capacity_range", CAPACITY_MAX)
    if draft.age_band is not None and draft.age_band not in AGE_BANDS:
        raise WelcomeProblem("unknown_age_band")
    if draft.family_max is not None and draft.family_max not in FAMILY_LIMITS:
        raise WelcomeProblem("family_range")
    return GroupDraft(
        draft.community_id, clean_name(draft.name), languages,
        known(draft.interests, INTERESTS, "unknown_interest"), offers, draft.capacity,
        draft.age_band, draft.family_max,
    )  # fmt: skip


class CreateGroup:
    """The creator becomes the coordinator and has accepted the commitments by creating it."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, draft: GroupDraft) -> WelcomeGroup:
        draft = validated(draft)
        if await self._uow.memberships.get(member_id, draft.community_id) is None:
            raise WelcomeProblem("not_in_community")
        if await self._uow.welcome.membership_of(member_id) is not None:
            raise WelcomeProblem("already_in_group")
        if await self._uow.welcome.request_of(member_id) is not None:
            raise WelcomeProblem("has_request")
        return await self._uow.welcome.add_group(
            WelcomeGroup(
                id=0, community_id=draft.community_id, name=draft.name,
                languages=draft.languages, interests=draft.interests, offers=draft.offers,
                capacity=draft.capacity, invite_token=secrets.token_urlsafe(9),
                created_at=self._clock.now(), age_band=draft.age_band,
                family_max=draft.family_max,
            ),
            member_id,
        )  # fmt: skip


def invite_payload(group: WelcomeGroup) -> str:
    return f"{INVITE_PREFIX}{group.invite_token}"


async def group_of_invite(uow: WelcomeUnit, payload: str) -> WelcomeGroup | None:
    if not payload.startswith(INVITE_PREFIX):
        return None
    return await uow.welcome.group_by_token(payload.removeprefix(INVITE_PREFIX))


@dataclass(frozen=True, slots=True)
class JoinOutcome:
    group: WelcomeGroup
    already_member: bool = False
    #: This member made it five: the coordinator is told the group is ready.
    became_ready: bool = False


class JoinGroup:
    """Accepting the commitments of the group an invite link names; joins its community too."""

    def __init__(self, uow: WelcomeUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, group_id: int) -> JoinOutcome:
        group = await self._uow.welcome.get_group(group_id, lock=True)
        if group is None:
            raise WelcomeProblem("group_not_found")
        current = await self._uow.welcome.membership_of(member_id)
        if current is not None and current.group_id == group.id:
            return JoinOutcome(group, already_member=True)
        if current is not None:
            raise WelcomeProblem("already_in_group")
        if await self._uow.welcome.request_of(member_id) is not None:
            raise WelcomeProblem("has_request")
        now = self._clock.now()
        if await self._uow.memberships.get(member_id, group.community_id) is None:
            await self._uow.memberships.add(
                member_id, group.community_id, CommunityRole.MEMBER, now
            )
        await self._uow.welcome.add_group_member(group.id, member_id, GroupRole.MEMBER, now)
        group.member_count += 1
        ready = group.member_count == MIN_MEMBERS
        if ready:
            coordinator = await self._uow.welcome.coordinator_of(group.id)
            if coordinator is not None and coordinator != member_id:
                await self._uow.outbox.enqueue(
                    coordinator, NoticeKind.WELCOME_GROUP_READY, f"wg-ready:{group.id}", now,
                    subject_id=group.id,
                )  # fmt: skip
        return JoinOutcome(group, became_ready=ready)

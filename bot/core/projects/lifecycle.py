"""Proposing projects and deciding on them, and the rules every project obeys.

Every rule is checked here on the server from member ids (never from names or from what a
button claims): a button pressed long ago for a project that was declined since, or a
project of another community, gets a clear `ProjectProblem` instead of a change.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind
from bot.core.communities.permissions import is_member_of, require_ambassador
from bot.core.projects.domain import (
    DESCRIPTION_MAX,
    PROJECT_LANGUAGES,
    REASON_MAX,
    TITLE_MAX,
    Project,
    ProjectStatus,
)
from bot.core.projects.links import GroupLinkProblem, clean_group_link
from bot.core.projects.ports import ProjectsUnit
from bot.core.projects.topics import is_topic
from bot.i18n.text import clean_user_text


class ProjectProblem(ValueError):
    """Why something cannot be done with a project; `reason` is a stable code for dialogs."""

    def __init__(self, reason: str, limit: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


@dataclass(frozen=True, slots=True)
class ProjectDraft:
    title: str
    topic: str
    description: str | None = None
    languages: tuple[str, ...] = ()
    group_link: str | None = None


def title_key(title: str) -> str:
    """What makes two titles "the same": case, width and spacing do not count. Hashed, so
    the key has a fixed length however much normalising expands the title."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", title).casefold()).strip()
    return hashlib.sha256(normal.encode()).hexdigest()


def clean_title(text: str) -> str:
    title = clean_user_text(text)
    if not title:
        raise ProjectProblem("title_empty")
    if len(title) > TITLE_MAX:
        raise ProjectProblem("title_too_long", TITLE_MAX)
    return title


def clean_description(text: str | None) -> str | None:
    description = clean_user_text(text or "")
    if len(description) > DESCRIPTION_MAX:
        raise ProjectProblem("description_too_long", DESCRIPTION_MAX)
    return description or None


def check_link(text: str | None) -> str | None:
    if not text or not text.strip():
        return None
    try:
        return clean_group_link(text)
    except GroupLinkProblem:
        raise ProjectProblem("bad_link") from None


def validated(draft: ProjectDraft) -> ProjectDraft:
    if not is_topic(draft.topic):
        raise ProjectProblem("unknown_topic")
    if any(code not in PROJECT_LANGUAGES for code in draft.languages):
        raise ProjectProblem("unknown_language")
    return replace(
        draft,
        title=clean_title(draft.title),
        description=clean_description(draft.description),
        languages=tuple(dict.fromkeys(draft.languages)),
        group_link=check_link(draft.group_link),
    )


async def check_title_free(uow: ProjectsUnit, community_id: int, title: str) -> None:
    if await uow.projects.title_taken(community_id, title_key(title)):
        raise ProjectProblem("duplicate")


async def store_new(
    uow: ProjectsUnit,
    clock: Clock,
    community_id: int,
    draft: ProjectDraft,
    status: ProjectStatus,
    *,
    proposed_by: int | None = None,
    lead_id: int | None = None,
    source_project_id: int | None = None,
) -> Project:
    """Validate and add; a title already used by a live project of the community is refused
    (also when two people submit it at the same moment: the database has the last word)."""
    draft = validated(draft)
    await check_title_free(uow, community_id, draft.title)
    project = Project(
        id=0,
        community_id=community_id,
        title=draft.title,
        topic=draft.topic,
        description=draft.description,
        languages=draft.languages,
        group_link=draft.group_link,
        status=status,
        proposed_by=proposed_by,
        lead_id=lead_id,
        source_project_id=source_project_id,
    )
    added = await uow.projects.add(project, title_key(draft.title), clock.now())
    if added is None:
        raise ProjectProblem("duplicate")
    return added


class ProposeProject:
    """Any member proposes a project in their community; its ambassadors are told."""

    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, member_id: int, community_id: int, draft: ProjectDraft) -> Project:
        if not await is_member_of(self._uow, member_id, community_id):
            raise ProjectProblem("other_community")
        project = await store_new(
            self._uow, self._clock, community_id, draft, ProjectStatus.PROPOSED,
            proposed_by=member_id,
        )  # fmt: skip
        now = self._clock.now()
        for ambassador_id in await self._uow.projects.ambassador_ids(community_id):
            if ambassador_id != member_id:
                await self._uow.outbox.enqueue(
                    ambassador_id, NoticeKind.PROJECT_PROPOSED,
                    f"project_proposed:{project.id}:{ambassador_id}", now, subject_id=project.id,
                )  # fmt: skip
        return project


class AddProject:
    """An operator adds a project directly (the CLI): approved, without a lead yet."""

    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, community_id: int, draft: ProjectDraft) -> Project:
        return await store_new(self._uow, self._clock, community_id, draft, ProjectStatus.APPROVED)


async def load(uow: ProjectsUnit, project_id: int, *, lock: bool = False) -> Project:
    project = await uow.projects.get(project_id, lock=lock)
    if project is None:
        raise ProjectProblem("not_found")
    return project


class DecideProject:
    """An ambassador of the project's community approves or declines a proposal; the
    proposer is told in their language through the outbox."""

    def __init__(self, uow: ProjectsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def check(self, ambassador_id: int, project_id: int) -> Project:
        """The proposal, if this ambassador may still decide on it."""
        project = await load(self._uow, project_id, lock=True)
        await require_ambassador(self._uow, ambassador_id, project.community_id)
        if project.status is not ProjectStatus.PROPOSED:
            raise ProjectProblem("already_decided")
        return project

    async def approve(self, ambassador_id: int, project_id: int) -> Project:
        project = await self.check(ambassador_id, project_id)
        now = self._clock.now()
        project.status = ProjectStatus.APPROVED
        project.lead_id = project.proposed_by
        await self._uow.projects.save(project, title_key(project.title), now)
        if project.proposed_by is not None:
            await self._uow.projects.add_member(project.id, project.proposed_by, now)
        await self._tell_proposer(project)
        return project

    async def decline(self, ambassador_id: int, project_id: int, reason: str) -> Project:
        project = await self.check(ambassador_id, project_id)
        cleaned = clean_user_text(reason)
        if not cleaned:
            raise ProjectProblem("reason_empty")
        if len(cleaned) > REASON_MAX:
            raise ProjectProblem("reason_too_long", REASON_MAX)
        project.status = ProjectStatus.DECLINED
        project.decline_reason = cleaned
        # A declined project frees its name: it can be proposed again, better.
        await self._uow.projects.save(project, None, self._clock.now())
        await self._tell_proposer(project)
        return project

    async def _tell_proposer(self, project: Project) -> None:
        if project.proposed_by is not None:
            await self._uow.outbox.enqueue(
                project.proposed_by, NoticeKind.PROJECT_DECIDED,
                f"project_decided:{project.id}", self._clock.now(), subject_id=project.id,
            )  # fmt: skip

"""Proactive messages of the projects feature, delivered by the outbox.

`NOTICES` declares, per kind, how a batch loads its subjects, whether each message is still
wanted at delivery (someone who left a project does not get its update), and how it is
rendered in the member's current language. An update is the lead's own
published text: it is quoted line by line and isolated, so it cannot reorder our sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.common.messages import Option, Reply
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import Community
from bot.core.notices import NoticeContext
from bot.core.ports import UnitOfWork
from bot.core.projects.domain import Project, ProjectStatus, ProjectUpdate
from bot.i18n.catalogs import Translator
from bot.i18n.text import isolate
from dialogs.common.routing import Notice

#: Template names for channels with a service window (WhatsApp); see config.yaml.
TEMPLATES = {
    NoticeKind.PROJECT_PROPOSED: "project_proposed",
    NoticeKind.PROJECT_DECIDED: "project_decided",
    NoticeKind.PROJECT_UPDATE: "project_update",
    NoticeKind.PROJECT_LEAD: "project_lead",
}


@dataclass(frozen=True, slots=True)
class ProjectSubject:
    project: Project
    community: Community
    #: Only for updates: the update, and who is in the project now.
    update: ProjectUpdate | None = None
    members: frozenset[int] = frozenset()


async def _communities(uow: UnitOfWork, projects: Sequence[Project]) -> dict[int, Community]:
    found = {}
    for community_id in {p.community_id for p in projects}:
        community = await uow.communities.get(community_id)
        if community is not None:
            found[community_id] = community
    return found


async def load_projects(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    projects = await uow.projects.get_many(ids)
    places = await _communities(uow, list(projects.values()))
    return {
        pid: ProjectSubject(p, places[p.community_id])
        for pid, p in projects.items()
        if p.community_id in places
    }


async def load_updates(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, object]:
    updates = await uow.projects.updates(ids)
    projects = await uow.projects.get_many(sorted({u.project_id for u in updates.values()}))
    members = await uow.projects.members_of_many(list(projects))
    places = await _communities(uow, list(projects.values()))
    found: dict[int, object] = {}
    for uid, update in updates.items():
        project = projects.get(update.project_id)
        if project is not None and project.community_id in places:
            found[uid] = ProjectSubject(
                project, places[project.community_id], update, frozenset(members[project.id])
            )
    return found


def _subject(context: NoticeContext) -> ProjectSubject:
    assert isinstance(context.subject, ProjectSubject)
    return context.subject


def _still_proposed(context: NoticeContext, now: datetime) -> bool:
    return _subject(context).project.status is ProjectStatus.PROPOSED


def _decided_for_proposer(context: NoticeContext, now: datetime) -> bool:
    project = _subject(context).project
    return project.status in (ProjectStatus.APPROVED, ProjectStatus.DECLINED) and (
        project.proposed_by == context.member.id
    )


def _still_in_project(context: NoticeContext, now: datetime) -> bool:
    subject = _subject(context)
    return subject.project.open and context.member.id in subject.members


def _still_leads(context: NoticeContext, now: datetime) -> bool:
    project = _subject(context).project
    return project.open and project.lead_id == context.member.id


def quoted(text: str) -> str:
    """The lead's words, each line marked as a quote and isolated on its own (a line break
    ends an isolate, so one isolate around several lines would not hold)."""
    return "\n".join(f"▎ {isolate(line)}" if line.strip() else "▎" for line in text.splitlines())


def _reply(
    tr: Translator, context: NoticeContext, text: str, options: list[Option]
) -> list[Reply]:
    subject = _subject(context)
    return [
        Reply(
            text=text, locale=tr.locale, options=tuple(options),
            template_key=TEMPLATES[context.item.kind],
            template_params=(subject.project.title,),
        )
    ]  # fmt: skip


def render_update(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = _subject(context)
    assert subject.update is not None
    pid = subject.project.id
    text = (
        tr.text("📣 News from the project {title}:", title=isolate(subject.project.title))
        + "\n\n"
        + quoted(subject.update.text)
    )
    return _reply(
        tr, context, text,
        [
            Option(f"prj:v:{pid}", tr.text("Open the project")),
            Option(f"prj:leave:{pid}", tr.text("Leave the project")),
        ],
    )  # fmt: skip


def render_project(tr: Translator, context: NoticeContext) -> list[Reply]:
    subject = _subject(context)
    project, kind = subject.project, context.item.kind
    title = isolate(project.title)
    community = isolate(subject.community.name(tr.locale))
    open_it = Option(f"prj:v:{project.id}", tr.text("Open the project"))
    if kind is NoticeKind.PROJECT_PROPOSED:
        text = tr.text(
            "New project proposal in {community}: {title}. Please approve or decline it.",
            community=community,
            title=title,
        )
    elif kind is NoticeKind.PROJECT_LEAD:
        text = tr.text(
            "You now lead the project {title}. You can post updates to its members and hand "
            "the lead on.",
            title=title,
        )
    elif project.status is ProjectStatus.APPROVED:
        text = tr.text(
            "Good news: your project {title} was approved! Members of {community} can join it "
            "now. You lead it: you can post updates to its members.",
            title=title,
            community=community,
        )
    else:
        text = (
            tr.text("Your project proposal {title} was not approved. The reason:", title=title)
            + "\n"
            + quoted(project.decline_reason or "–")
        )
        return _reply(tr, context, text, [])
    return _reply(tr, context, text, [open_it])


#: An update goes to many members at once: channels pace it like a broadcast.
NOTICES = (
    Notice(NoticeKind.PROJECT_PROPOSED, render_project, load_projects, _still_proposed),
    Notice(NoticeKind.PROJECT_DECIDED, render_project, load_projects, _decided_for_proposer),
    Notice(NoticeKind.PROJECT_LEAD, render_project, load_projects, _still_leads),
    Notice(NoticeKind.PROJECT_UPDATE, render_update, load_updates, _still_in_project, bulk=True),
)

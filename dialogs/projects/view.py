"""Seeing projects: the list of one's communities' projects (/projects) and one project.

Who sees what is decided here from the member's memberships: approved projects are open
to everyone (also across the network); proposals and drafts only to the community's
ambassadors and to whoever proposed them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.common.messages import Option
from bot.core.communities.domain import Community, CommunityRole
from bot.core.projects.domain import Project, ProjectStatus
from bot.core.projects.interests import suggested_projects
from bot.core.projects.lifecycle import ProjectProblem
from bot.core.projects.membership import may_lead
from bot.core.projects.topics import topic_label
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.communities import roles
from dialogs.common.handovers import find_community
from dialogs.common.text import LIST_SHOWN, button_title
from dialogs.common.turn import Turn
from dialogs.projects.cards import CardFacts, card_text, problem_text


def say_problem(turn: Turn, problem: ProjectProblem, *, with_menu: bool = True) -> None:
    turn.say(problem_text(turn.tr, problem.reason, problem.limit))
    if with_menu:
        menu.show(turn)


def project_id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


async def visible(turn: Turn, project: Project) -> bool:
    assert turn.member is not None
    if project.open:
        return True
    role = (await roles(turn)).get(project.community_id)
    return role is CommunityRole.AMBASSADOR or (
        project.status is ProjectStatus.PROPOSED and project.proposed_by == turn.member.id
    )


async def show_project(turn: Turn, project: Project) -> None:
    """The card with what this member can do with the project."""
    assert turn.member is not None
    me = turn.member.id
    tr, uow = turn.tr, turn.uow
    my_roles = await roles(turn)
    place = await uow.communities.get(project.community_id)
    assert place is not None
    joined = await uow.projects.is_member(project.id, me)
    facts = CardFacts(
        members=(await uow.projects.member_counts([project.id])).get(project.id, 0),
        joined=joined,
        leads=project.lead_id == me,
        elsewhere=None if project.community_id in my_roles else place,
        reused=(await uow.projects.project_reuse([project.id])).get(project.id, 0),
    )
    options: list[Option] = []
    pid = project.id
    ambassador_here = my_roles.get(project.community_id) is CommunityRole.AMBASSADOR
    if project.open and project.community_id in my_roles:
        options.append(
            Option(f"prj:leave:{pid}", tr.text("Leave the project"))
            if joined
            else Option(f"prj:join:{pid}", tr.text("Join the project"))
        )
    if project.open and project.lead_id == me:
        options.append(Option(f"prj:post:{pid}", tr.text("Post an update")))
    if project.open and await may_lead(uow, me, project):
        options.append(Option(f"prj:hand:{pid}", tr.text("Hand on the lead")))
    if ambassador_here and project.status is ProjectStatus.PROPOSED:
        options.append(Option(f"prj:ok:{pid}", tr.text("Approve")))
        options.append(Option(f"prj:no:{pid}", tr.text("Decline")))
    if ambassador_here and project.status is ProjectStatus.DRAFT:
        options.append(Option(f"prj:pub:{pid}", tr.text("Publish")))
        options.append(Option(f"prj:del:{pid}", tr.text("Discard the draft")))
    led_elsewhere = any(
        role is CommunityRole.AMBASSADOR and cid != project.community_id
        for cid, role in my_roles.items()
    )
    if project.open and led_elsewhere:
        options.append(Option(f"prj:copy:{pid}", tr.text("Copy to my community")))
    options.append(Option("menu:projects", tr.text("All projects")))
    turn.say(card_text(tr, project, facts), options)


async def open_project(turn: Turn, raw_id: str) -> None:
    """`prj:v:<id>`."""
    found = await turn.uow.projects.get(project_id(raw_id) or 0)
    if found is None or not await visible(turn, found):
        say_problem(turn, ProjectProblem("not_found" if found is None else "not_open"))
        return
    await show_project(turn, found)


def _line(turn: Turn, project: Project, counts: dict[int, int], mine: set[int]) -> str:
    mark = "✅ " if project.id in mine else "• "
    members = turn.tr.plural("{n} member", "{n} members", counts.get(project.id, 0))
    return f"{mark}{isolate(project.title)} – {topic_label(turn.tr, project.topic)} ({members})"


async def show_list(turn: Turn) -> None:
    """/projects: the projects of every community the member joined."""
    assert turn.member is not None
    memberships = await turn.uow.memberships.of_member(turn.member.id)
    if not memberships:
        turn.say(turn.tr.text("You have not joined a community yet."))
        find_community(turn)
        return
    tr, uow, me = turn.tr, turn.uow, turn.member.id
    mine = {pid for pid, _ in await uow.projects.joined_by(me)}
    sections: list[str] = []
    offered: list[Project] = []
    waiting = 0
    for membership, place in memberships:
        projects = await uow.projects.of_community(place.id, (ProjectStatus.APPROVED,))
        counts = await uow.projects.member_counts([p.id for p in projects])
        sections.append(_section(turn, place, projects, counts, mine))
        offered.extend(sorted(projects, key=lambda p: p.id not in mine))
        if membership.role is CommunityRole.AMBASSADOR:
            waiting += len(
                await uow.projects.of_community(
                    place.id, (ProjectStatus.PROPOSED, ProjectStatus.DRAFT)
                )
            )
    suggested = await suggested_projects(uow, me, [c.id for _, c in memberships])
    if suggested:
        sections.append(
            tr.text("Suggested for you:")
            + "\n"
            + "\n".join(f"⭐ {isolate(p.title)} – {topic_label(tr, p.topic)}" for p in suggested)
        )
    if waiting:
        sections.append(
            tr.plural(
                "{n} proposal or draft waits for your decision.",
                "{n} proposals or drafts wait for your decision.",
                waiting,
            )
        )
    shown = list({p.id: p for p in [*suggested, *offered]}.values())[:LIST_SHOWN]
    options = [Option(f"prj:v:{p.id}", button_title(p.title)) for p in shown]
    options.append(Option("prj:new", tr.text("Propose a project")))
    if waiting:
        options.append(Option("prj:review", tr.text("Review proposals")))
    options.append(Option("pint:show", tr.text("My interests")))
    turn.say("\n\n".join(sections), options)


def _section(
    turn: Turn, place: Community, projects: Sequence[Project], counts: dict[int, int],
    mine: set[int],
) -> str:  # fmt: skip
    name = isolate(place.name(turn.locale))
    if not projects:
        return turn.tr.text(
            "There are no projects in {community} yet. Propose the first one!", community=name
        )
    lines = [_line(turn, p, counts, mine) for p in projects]
    return turn.tr.text("Projects in {community}:", community=name) + "\n" + "\n".join(lines)

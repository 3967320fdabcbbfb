"""Taking part in a project: join (then the group link), leave (also asked in one's own
words), and what a lead does: post an update to the members and hand the lead on."""

from __future__ import annotations

from bot.core.common.messages import InboundKind, Option
from bot.core.members.domain import Member
from bot.core.projects.domain import Project
from bot.core.projects.lifecycle import ProjectProblem, load
from bot.core.projects.membership import HandOverLead, JoinProject, LeaveProject, may_lead
from bot.core.projects.updates import PostUpdate
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.text import LIST_SHOWN, button_title
from dialogs.common.turn import Turn
from dialogs.projects.cards import problem_text
from dialogs.projects.view import project_id, say_problem, show_project

STATE_UPDATE = "project.update"
#: How many members the hand-over offers as buttons.
HAND_OVER_MAX = 20


async def join(turn: Turn, raw_id: str) -> None:
    assert turn.member is not None
    try:
        outcome = await JoinProject(turn.uow, turn.clock)(turn.member.id, project_id(raw_id) or 0)
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    project, tr = outcome.project, turn.tr
    title = isolate(project.title)
    if outcome.already_member:
        turn.say(tr.text("You are already in {title}.", title=title))
    elif project.group_link:
        turn.say(
            tr.text(
                "Welcome to {title}! Join the project's group chat here: {link}",
                title=title,
                link=project.group_link,
            )
        )
    else:
        turn.say(
            tr.text("Welcome to {title}! The lead will send the project's news here.", title=title)
        )
    await show_project(turn, project)


async def leave(turn: Turn, raw_id: str) -> None:
    assert turn.member is not None
    try:
        project = await LeaveProject(turn.uow)(turn.member.id, project_id(raw_id) or 0)
    except ProjectProblem as problem:
        if problem.reason == "lead_must_hand_on":
            turn.say(
                problem_text(turn.tr, problem.reason),
                [Option(f"prj:hand:{project_id(raw_id)}", turn.tr.text("Hand on the lead"))],
            )
        else:
            say_problem(turn, problem)
        return
    turn.say(
        turn.tr.text(
            "You left {title}. You will not get its updates any more.",
            title=isolate(project.title),
        )
    )
    menu.show(turn)


async def leave_by_text(turn: Turn) -> None:
    """ "I want to leave the project", in any words: with one project, ask before leaving; with
    several, ask which one; with none, say so."""
    assert turn.member is not None
    tr = turn.tr
    joined = [pid for pid, _ in await turn.uow.projects.joined_by(turn.member.id)]
    found = await turn.uow.projects.get_many(joined)
    projects = [found[pid] for pid in joined if pid in found and found[pid].open]
    if not projects:
        turn.say(
            tr.text("You are not in any project."),
            [Option("menu:projects", tr.text("Projects"))],
        )
    elif len(projects) == 1:
        project = projects[0]
        turn.say(
            tr.text(
                "Do you want to leave {title}? You will not get its updates any more.",
                title=isolate(project.title),
            ),
            [
                Option(f"prj:leave:{project.id}", tr.text("Yes, leave it")),
                Option(f"prj:v:{project.id}", tr.text("No, I stay")),
            ],
        )
    else:
        turn.say(
            tr.text("Which project do you want to leave?"),
            [Option(f"prj:leave:{p.id}", button_title(p.title)) for p in projects[:LIST_SHOWN]]
            + [Option("menu:projects", tr.text("None, I stay"))],
        )


async def load_for_lead(turn: Turn, raw_id: str) -> Project | None:
    """The open project if the member may act as its lead; else None (and why, said)."""
    assert turn.member is not None
    try:
        project = await load(turn.uow, project_id(raw_id) or 0)
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return None
    if not project.open:
        say_problem(turn, ProjectProblem("not_open"))
        return None
    if not await may_lead(turn.uow, turn.member.id, project):
        say_problem(turn, ProjectProblem("not_lead"))
        return None
    return project


async def ask_update(turn: Turn, raw_id: str) -> None:
    """`prj:post:<id>`: the lead writes the update as their next message."""
    assert turn.member is not None
    project = await load_for_lead(turn, raw_id)
    if project is None:
        return
    if project.lead_id != turn.member.id:
        say_problem(turn, ProjectProblem("not_lead"))
        return
    me = turn.member.id
    members = sum(1 for m in await turn.uow.projects.member_ids(project.id) if m != me)
    turn.set_state(STATE_UPDATE, project_id=project.id)
    turn.say(
        turn.tr.plural(
            "Write your update for {title}. I will send it to {n} member. (/cancel stops)",
            "Write your update for {title}. I will send it to {n} members. (/cancel stops)",
            members,
            title=isolate(project.title),
        )
    )


async def update_state(turn: Turn) -> None:
    """The lead's typed update: stored and sent to every member through the outbox."""
    assert turn.member is not None and turn.conversation is not None
    raw = turn.conversation.data.get("project_id")
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(turn.tr.text("Please write the update as text."))
        return
    try:
        posted = await PostUpdate(turn.uow, turn.clock)(
            turn.member.id, raw if isinstance(raw, int) else 0, turn.inbound.text
        )
    except ProjectProblem as problem:
        if problem.reason in ("update_empty", "update_too_long"):
            say_problem(turn, problem, with_menu=False)
            return
        turn.clear_state()
        say_problem(turn, problem)
        return
    turn.clear_state()
    turn.say(
        turn.tr.plural(
            "Sent: your update goes to {n} member.",
            "Sent: your update goes to {n} members.",
            posted.recipients,
        )
    )
    menu.show(turn)


async def ask_new_lead(turn: Turn, raw_id: str) -> None:
    """`prj:hand:<id>`: the members who could take over, as buttons."""
    project = await load_for_lead(turn, raw_id)
    if project is None:
        return
    candidates = [
        m for m in await turn.uow.projects.member_ids(project.id) if m != project.lead_id
    ][:HAND_OVER_MAX]
    title = isolate(project.title)
    if not candidates:
        turn.say(
            turn.tr.text(
                "Nobody else is in {title} yet. When someone joins, you can hand the lead on.",
                title=title,
            )
        )
        return
    people = await turn.uow.members.get_many(candidates)
    options = [
        Option(f"prj:to:{project.id}:{member_id}", _name(turn, people.get(member_id), member_id))
        for member_id in candidates
    ]
    turn.say(turn.tr.text("Who should lead {title} from now on?", title=title), options)


def _name(turn: Turn, member: Member | None, member_id: int) -> str:
    if member is not None and member.display_name:
        return member.display_name
    return turn.tr.text("Member {n}", n=member_id)


async def hand_over(turn: Turn, argument: str) -> None:
    """`prj:to:<project id>:<member id>`."""
    assert turn.member is not None
    raw_project, _, raw_member = argument.partition(":")
    new_lead = project_id(raw_member)
    try:
        project = await HandOverLead(turn.uow, turn.clock)(
            turn.member.id, project_id(raw_project) or 0, new_lead or 0
        )
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    person = await turn.uow.members.get(new_lead or 0)
    turn.say(
        turn.tr.text(
            "{name} now leads {title}. I told them.",
            name=isolate(_name(turn, person, new_lead or 0)),
            title=isolate(project.title),
        )
    )
    await show_project(turn, project)

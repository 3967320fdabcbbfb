"""Ambassadors decide on proposals (approve, or decline with a reason the proposer reads)
and publish or discard drafts copied from other communities."""

from __future__ import annotations

from bot.core.ambassadors.domain import AuditAction
from bot.core.common.messages import InboundKind, Option
from bot.core.communities.permissions import NotAllowed, led_communities
from bot.core.network.formats import DiscardDraft, PublishDraft
from bot.core.projects.domain import Project, ProjectStatus
from bot.core.projects.lifecycle import DecideProject, ProjectProblem
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.audit import audited
from dialogs.common.text import button_title
from dialogs.common.turn import Turn
from dialogs.projects.view import project_id, say_problem, show_project

STATE_REASON = "project.reason"


def _not_allowed(turn: Turn) -> None:
    say_problem(turn, ProjectProblem("not_ambassador"))


async def show_waiting(turn: Turn) -> None:
    """`prj:review`: proposals and drafts of the communities the member leads."""
    assert turn.member is not None
    waiting: list[Project] = []
    for place in await led_communities(turn.uow, turn.member.id):
        waiting.extend(
            await turn.uow.projects.of_community(
                place.id, (ProjectStatus.PROPOSED, ProjectStatus.DRAFT)
            )
        )
    if not waiting:
        turn.say(turn.tr.text("No proposals are waiting for a decision."))
        menu.show(turn)
        return
    turn.say(
        turn.tr.text("These wait for your decision. Tap one to see it:"),
        [Option(f"prj:v:{p.id}", button_title(p.title)) for p in waiting[:10]],
    )


async def approve(turn: Turn, raw_id: str) -> None:
    assert turn.member is not None
    try:
        project = await DecideProject(turn.uow, turn.clock).approve(
            turn.member.id, project_id(raw_id) or 0
        )
    except NotAllowed:
        _not_allowed(turn)
        return
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    await audited(turn, AuditAction.PROJECT_APPROVED, project.community_id, subject_id=project.id)
    turn.say(
        turn.tr.text(
            "Approved: members can now join {title}. I told the person who proposed it.",
            title=isolate(project.title),
        )
    )
    await show_project(turn, project)


async def ask_reason(turn: Turn, raw_id: str) -> None:
    """`prj:no:<id>`: declining needs a reason, typed next."""
    assert turn.member is not None
    try:
        project = await DecideProject(turn.uow, turn.clock).check(
            turn.member.id, project_id(raw_id) or 0
        )
    except NotAllowed:
        _not_allowed(turn)
        return
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    turn.set_state(STATE_REASON, project_id=project.id)
    turn.say(
        turn.tr.text(
            "Why do you decline {title}? The person who proposed it will read your reason, "
            "so please be kind and clear. (/cancel stops)",
            title=isolate(project.title),
        )
    )


async def reason_state(turn: Turn) -> None:
    assert turn.member is not None and turn.conversation is not None
    if turn.inbound.kind is not InboundKind.TEXT:
        turn.say(turn.tr.text("Please write a short reason."))
        return
    raw = turn.conversation.data.get("project_id")
    try:
        project = await DecideProject(turn.uow, turn.clock).decline(
            turn.member.id, raw if isinstance(raw, int) else 0, turn.inbound.text
        )
    except NotAllowed:
        turn.clear_state()
        _not_allowed(turn)
        return
    except ProjectProblem as problem:
        keep = problem.reason in ("reason_empty", "reason_too_long")
        if not keep:
            turn.clear_state()
        say_problem(turn, problem, with_menu=not keep)
        return
    turn.clear_state()
    await audited(turn, AuditAction.PROJECT_DECLINED, project.community_id, subject_id=project.id)
    turn.say(
        turn.tr.text(
            "Declined: I told the person who proposed {title} your reason.",
            title=isolate(project.title),
        )
    )
    menu.show(turn)


async def publish(turn: Turn, raw_id: str) -> None:
    assert turn.member is not None
    try:
        project = await PublishDraft(turn.uow, turn.clock)(turn.member.id, project_id(raw_id) or 0)
    except NotAllowed:
        _not_allowed(turn)
        return
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    turn.say(
        turn.tr.text("Published: members can now join {title}.", title=isolate(project.title))
    )
    await show_project(turn, project)


async def discard(turn: Turn, raw_id: str) -> None:
    assert turn.member is not None
    try:
        project = await DiscardDraft(turn.uow)(turn.member.id, project_id(raw_id) or 0)
    except NotAllowed:
        _not_allowed(turn)
        return
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    turn.say(turn.tr.text("The draft {title} was deleted.", title=isolate(project.title)))
    menu.show(turn)

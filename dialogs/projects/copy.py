"""Copying another community's project as a draft into a community the member leads
(`prj:copy:<project>[:<community>]`, offered on the project's card)."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.communities.domain import Community
from bot.core.communities.permissions import NotAllowed, led_communities
from bot.core.network.formats import CopyProject
from bot.core.projects.lifecycle import ProjectProblem, load
from bot.i18n.text import isolate
from dialogs.common.turn import Turn
from dialogs.projects.view import project_id, say_problem, show_project


def _name(turn: Turn, place: Community) -> str:
    return isolate(place.name(turn.locale))


async def copy_project(turn: Turn, argument: str) -> None:
    """`prj:copy:<project>[:<community>]`: as a draft into a community the member leads."""
    assert turn.member is not None
    raw_project, _, raw_target = argument.partition(":")
    source_id = project_id(raw_project) or 0
    try:
        source = await load(turn.uow, source_id)
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    leads = await led_communities(turn.uow, turn.member.id)
    led = [c for c in leads if c.id != source.community_id]
    target = next((c for c in led if str(c.id) == raw_target), led[0] if len(led) == 1 else None)
    if not led:
        say_problem(turn, ProjectProblem("not_ambassador"))
        return
    if target is None:
        turn.say(
            turn.tr.text("Into which community do you want to copy it?"),
            [Option(f"prj:copy:{source.id}:{c.id}", c.name(turn.locale)) for c in led],
        )
        return
    try:
        draft = await CopyProject(turn.uow, turn.clock)(turn.member.id, source.id, target.id)
    except NotAllowed:
        say_problem(turn, ProjectProblem("not_ambassador"))
        return
    except ProjectProblem as problem:
        say_problem(turn, problem)
        return
    turn.say(
        turn.tr.text(
            "Copied {title} into {community} as a draft. Check it, then publish it for your "
            "members.",
            title=isolate(draft.title),
            community=_name(turn, target),
        )
    )
    await show_project(turn, draft)

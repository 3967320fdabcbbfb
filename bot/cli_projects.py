"""`josoor project list|add`: a community's projects for scripts and operators.

A project added here is approved at once (the operator is trusted) and has no lead yet; an
ambassador of the community hands the lead to one of its members in the chat.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.core.projects.domain import PROJECT_LANGUAGES, TITLE_MAX, Project
from bot.core.projects.lifecycle import AddProject, ProjectDraft, ProjectProblem
from bot.core.projects.topics import TOPICS

PROBLEMS = {
    "title_empty": "the title is empty",
    "title_too_long": f"the title is longer than {TITLE_MAX} characters",
    "description_too_long": "the description is longer than {limit} characters",
    "duplicate": "the community has a project with this title already",
    "unknown_topic": f"unknown topic; use one of {', '.join(TOPICS)}",
    "unknown_language": f"unknown language; use some of {', '.join(PROJECT_LANGUAGES)}",
    "bad_link": "--link must be a Telegram or WhatsApp group link "
    "(https://t.me/…, https://t.me/+…, https://chat.whatsapp.com/…)",
}


def add_project_commands(commands: Any) -> None:
    project = commands.add_parser("project", help="projects of a community")
    actions = project.add_subparsers(dest="project_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list a community's projects")
    listing.add_argument("community", help="community slug, e.g. vienna")
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = actions.add_parser("add", help="add an approved project; prints its id")
    add.add_argument("community", help="community slug, e.g. vienna")
    add.add_argument("--title", required=True)
    add.add_argument("--topic", required=True, metavar="SLUG", help=", ".join(TOPICS))
    add.add_argument("--description")
    add.add_argument(
        "--language", action="append", default=[], metavar="CODE",
        help=f"a language spoken in the project; repeat ({', '.join(PROJECT_LANGUAGES)})",
    )  # fmt: skip
    add.add_argument("--link", help="the project's Telegram or WhatsApp group link")


def _as_dict(project: Project, slug: str, members: int, reused: int) -> dict[str, Any]:
    return {
        "id": project.id,
        "community": slug,
        "title": project.title,
        "topic": project.topic,
        "status": project.status.value,
        "languages": list(project.languages),
        "group_link": project.group_link,
        "members": members,
        "has_lead": project.lead_id is not None,
        "copied_from": project.source_project_id,
        "copied_by_others": reused,
    }


async def run_project_command(
    core: Any, args: argparse.Namespace, usage_error: type[Exception]
) -> int:
    from bot.core.projects.domain import ProjectStatus

    async with core.uow_factory() as uow:
        community = await uow.communities.by_slug(args.community)
        if community is None or community.deleted:
            raise usage_error(f"no community with slug {args.community!r}")
        if args.project_command == "list":
            projects = await uow.projects.of_community(community.id, list(ProjectStatus))
            ids = [p.id for p in projects]
            counts = await uow.projects.member_counts(ids)
            reused = await uow.projects.project_reuse(ids)
            rows = [
                _as_dict(p, community.slug, counts.get(p.id, 0), reused.get(p.id, 0))
                for p in projects
            ]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            elif not rows:
                print(f"no projects in {community.slug} yet: add one with `josoor project add`")
            for row in [] if args.json else rows:
                print(f"{row['id']:>5}  {row['status']:<9} {row['topic']:<18} "
                      f"{row['members']:>3} members  {row['title']}")  # fmt: skip
            return 0
        draft = ProjectDraft(
            args.title, args.topic, args.description, tuple(args.language), args.link
        )
        try:
            project = await AddProject(uow, core.clock)(community.id, draft)
        except ProjectProblem as problem:
            message = PROBLEMS.get(problem.reason, problem.reason)
            raise usage_error(message.format(limit=problem.limit)) from None
        await uow.commit()
    print(project.id)
    return 0

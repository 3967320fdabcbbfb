"""The global network: all communities with their size (/communities), other communities'
projects by community or by topic, and their meetup formats.

Buttons lead on to other features by option id only: `prj:v:<id>` opens a project,
`mcopy:<id>` copies a meetup's format."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.core.communities.domain import Community, CommunityRole
from bot.core.network.formats import COUNT_SHOWN_FROM, community_sizes
from bot.core.projects.domain import ProjectStatus
from bot.core.projects.topics import TOPICS, is_topic, topic_button, topic_label
from bot.i18n.formatting import format_day
from bot.i18n.text import isolate
from dialogs.common import menu
from dialogs.common.communities import roles
from dialogs.common.pages import paged
from dialogs.common.text import LIST_SHOWN, button_title, shorten
from dialogs.common.turn import Turn

#: Meetups of another community offered as formats to copy.
FORMATS_SHOWN = 5


def _name(turn: Turn, place: Community) -> str:
    return isolate(place.name(turn.locale))


async def show_communities(turn: Turn) -> None:
    """/communities: every community, its size, and (for ambassadors) how often other
    communities reused their formats."""
    tr = turn.tr
    mine = await roles(turn)
    sizes = await community_sizes(turn.uow)
    lines = []
    for size in sizes:
        members = (
            tr.plural("{n} member", "{n} members", size.members)
            if size.members is not None
            else tr.text("<{n} members", n=COUNT_SHOWN_FROM)
        )
        lines.append(f"• {_name(turn, size.community)} – {members}")
    text = tr.text("Josoor communities around the world:") + "\n" + "\n".join(lines)
    for place_id, role in mine.items():
        if role is CommunityRole.AMBASSADOR:
            place = await turn.uow.communities.get(place_id)
            projects, meetups = await turn.uow.projects.format_reuse(place_id)
            if place is not None:
                text += "\n\n" + tr.text(
                    "🔁 Formats of {community} reused by other communities – projects: "
                    "{projects}, meetups: {meetups}",
                    community=_name(turn, place),
                    projects=projects,
                    meetups=meetups,
                )
    others = [s.community for s in sizes if s.community.id not in mine]
    turn.say(
        text,
        [
            Option("net:topics", tr.text("Projects by topic")),
            *(Option(f"net:c:{c.id}", c.name(turn.locale)) for c in others[:LIST_SHOWN]),
        ],
    )


async def on_option(turn: Turn, argument: str) -> None:
    """`net:topics`, `net:tp:<page>`, `net:t:<topic>`, `net:c:<community>`,
    `net:m:<community>`."""
    action, _, value = argument.partition(":")
    if action == "topics" or (action == "tp" and value.isdigit()):
        topics = [Option(f"net:t:{slug}", topic_button(turn.tr, slug)) for slug in TOPICS]
        page = int(value) if action == "tp" else 0
        turn.say(
            turn.tr.text("Which topic?"), paged(turn.tr, topics, page, lambda n: f"net:tp:{n}")
        )
    elif action == "t" and is_topic(value):
        await _by_topic(turn, value)
    elif action in ("c", "m") and value.isdigit():
        place = await turn.uow.communities.get(int(value))
        if place is None or place.deleted:
            turn.say(turn.tr.text("This community does not exist any more."))
            menu.show(turn)
        elif action == "c":
            await _community_projects(turn, place)
        else:
            await _meetup_formats(turn, place)
    else:
        menu.stale_button(turn)


async def _by_topic(turn: Turn, topic: str) -> None:
    mine = await roles(turn)
    projects = [
        p
        for p in await turn.uow.projects.approved_by_topic(topic, limit=50)
        if p.community_id not in mine
    ][:LIST_SHOWN]
    label = isolate(topic_label(turn.tr, topic))
    if not projects:
        turn.say(
            turn.tr.text("No other community has a project on {topic} yet.", topic=label),
            [Option("net:topics", turn.tr.text("Projects by topic"))],
        )
        return
    places = {p.community_id: await turn.uow.communities.get(p.community_id) for p in projects}
    lines = [
        f"• {isolate(p.title)} – {_name(turn, place)}"
        for p in projects
        if (place := places[p.community_id]) is not None
    ]
    turn.say(
        turn.tr.text("Projects on {topic} in other communities:", topic=label)
        + "\n"
        + "\n".join(lines),
        [Option(f"prj:v:{p.id}", button_title(p.title)) for p in projects],
    )


async def _community_projects(turn: Turn, place: Community) -> None:
    tr, name = turn.tr, _name(turn, place)
    projects = await turn.uow.projects.of_community(place.id, (ProjectStatus.APPROVED,))
    options = [Option(f"prj:v:{p.id}", button_title(p.title)) for p in projects[:LIST_SHOWN]]
    if turn.ambassador:
        options.append(Option(f"net:m:{place.id}", tr.text("Meetup formats")))
    options.append(Option("net:topics", tr.text("Projects by topic")))
    if not projects:
        turn.say(tr.text("{community} has no projects yet.", community=name), options)
        return
    lines = [f"• {isolate(p.title)} – {topic_label(tr, p.topic)}" for p in projects[:LIST_SHOWN]]
    heading = tr.text("Projects in {community}:", community=name)
    turn.say(heading + "\n" + "\n".join(lines), options)


async def _meetup_formats(turn: Turn, place: Community) -> None:
    """Another community's recent meetups, for ambassadors to copy."""
    tr = turn.tr
    meetups = [m for m in await turn.uow.meetups.of_community(place.id) if not m.cancelled]
    meetups = sorted(meetups, key=lambda m: m.starts_at, reverse=True)[:FORMATS_SHOWN]
    if not turn.ambassador or not meetups:
        turn.say(tr.text("{community} has no meetups to copy yet.", community=_name(turn, place)))
        menu.show(turn)
        return
    reused = await turn.uow.projects.meetup_reuse([m.id for m in meetups])
    lines = []
    for meetup in meetups:
        line = f"• {isolate(meetup.title)} – {format_day(meetup.starts_at.date(), turn.locale)}"
        if reused.get(meetup.id):
            line += " – " + tr.plural(
                "🔁 Copied by {n} other community",
                "🔁 Copied by {n} other communities",
                reused[meetup.id],
            )
        lines.append(line)
    turn.say(
        tr.text("Meetups of {community}. Copy one to plan the same in your community:",
                community=_name(turn, place))
        + "\n" + "\n".join(lines),
        [Option(f"mcopy:{m.id}", tr.text("Copy: {title}", title=shorten(m.title, 30)))
         for m in meetups],
    )  # fmt: skip

"""`josoor meetup add|list|show`: meetups for scripts and operators."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from bot.core.meetups.domain import Meetup, Partner
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft, MeetupProblem

PROBLEMS = {
    "title_empty": "the title is empty",
    "title_too_long": "the title is longer than {limit} characters",
    "place_too_long": "the place is longer than {limit} characters",
    "description_too_long": "the description is longer than {limit} characters",
    "capacity_range": "capacity must be between 1 and {limit}",
    "in_past": "that moment is in the past",
    "too_far": "that moment is more than 400 days ahead",
    "naive_time": "give the time with its UTC offset, e.g. 2026-12-12T15:00:00+01:00",
}


def add_meetup_commands(commands: Any) -> None:
    meetup = commands.add_parser("meetup", help="meetups of a community")
    actions = meetup.add_subparsers(dest="meetup_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a meetup; prints its id")
    add.add_argument("community", help="community slug, e.g. vienna")
    add.add_argument("--title", required=True)
    add.add_argument(
        "--at", required=True, metavar="ISO8601",
        help="start with UTC offset, e.g. 2026-12-12T15:00:00+01:00 (without an offset the "
        "community's timezone is used)",
    )  # fmt: skip
    add.add_argument("--place")
    add.add_argument("--capacity", type=int)
    add.add_argument("--description")
    add.add_argument("--festival", action="store_true", help="a festival with partners")
    add.add_argument(
        "--partner", action="append", default=[], metavar="NAME",
        help="a partner organisation; repeat; 'Name=https://…' adds a link",
    )  # fmt: skip
    listing = actions.add_parser("list", help="list a community's meetups")
    listing.add_argument("community")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="one meetup with its counts")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")


def _partner(text: str) -> Partner:
    name, sep, link = text.partition("=")
    return Partner(name.strip(), link.strip() if sep and link.strip() else None)


def _as_dict(meetup: Meetup, slug: str, counts: Any | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": meetup.id,
        "community": slug,
        "title": meetup.title,
        "starts_at": meetup.starts_at.isoformat(),
        "status": meetup.status.value,
        "place": meetup.place,
        "capacity": meetup.capacity,
        "festival": meetup.is_festival,
        "partners": [{"name": p.name, "link": p.link} for p in meetup.partners],
        "series_id": meetup.series_id,
    }
    if counts is not None:
        data.update(going=counts.going, waitlisted=counts.waitlisted, attended=counts.attended)
    return data


async def run_meetup_command(
    core: Any, args: argparse.Namespace, usage_error: type[Exception]
) -> int:
    from zoneinfo import ZoneInfo

    async with core.uow_factory() as uow:
        if args.meetup_command == "show":
            meetup = await uow.meetups.get(args.id)
            if meetup is None:
                raise usage_error(f"no meetup with id {args.id}")
            community = await uow.communities.get(meetup.community_id)
            data = _as_dict(meetup, community.slug, await uow.rsvps.counts(meetup.id))
            print(json.dumps(data, ensure_ascii=False, indent=2 if args.json else None))
            return 0
        community = await uow.communities.by_slug(args.community)
        if community is None or community.deleted:
            raise usage_error(f"no community with slug {args.community!r}")
        if args.meetup_command == "list":
            meetups = await uow.meetups.of_community(community.id)
            rows = [_as_dict(m, community.slug, await uow.rsvps.counts(m.id)) for m in meetups]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            elif not rows:
                print(f"no meetups in {community.slug} yet: add one with `josoor meetup add`")
            for row in [] if args.json else rows:
                print(f"{row['id']:>5}  {row['starts_at']}  {row['status']:<9} "
                      f"{row['going']:>3} going  {row['title']}")  # fmt: skip
            return 0
        try:
            starts_at = datetime.fromisoformat(args.at)
        except ValueError:
            raise usage_error(f"--at {args.at!r} is not an ISO 8601 date and time") from None
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=ZoneInfo(community.timezone))
        draft = MeetupDraft(
            title=args.title, starts_at=starts_at, place=args.place, capacity=args.capacity,
            description=args.description, is_festival=args.festival,
            partners=tuple(_partner(p) for p in args.partner if p.strip()),
        )  # fmt: skip
        try:
            meetup = await CreateMeetup(uow, core.clock)(community.id, draft)
        except MeetupProblem as problem:
            message = PROBLEMS.get(problem.reason, problem.reason)
            raise usage_error(message.format(limit=problem.limit)) from None
        await uow.commit()
    print(meetup.id)
    return 0

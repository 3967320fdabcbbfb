"""`josoor match COMMUNITY [--dry-run] [--json]`: run the Welcome Group matching.

Without --dry-run the proposals are stored as drafts (replacing the last run's) for the
ambassadors to review and send in the chat; nobody is told anything from here. The output
names requests and groups by id (newcomers' names stay in the chat) and reports, per
language, how many newcomers stay unmatched and why: the fairness report.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.core.welcome.matching import Unmatched


def add_match_commands(commands: Any) -> None:
    match = commands.add_parser(
        "match", help="match waiting newcomers to Welcome Groups of a community"
    )
    match.add_argument("community", help="community slug, e.g. vienna")
    match.add_argument("--dry-run", action="store_true", help="show the proposals, store nothing")
    match.add_argument("--json", action="store_true", help="print JSON")


async def run_match_command(
    core: Any, args: argparse.Namespace, usage_error: type[Exception]
) -> int:
    from bot.core.welcome.checkins import needing_attention
    from bot.core.welcome.proposals import RunMatching, unmatched_by_language
    from dialogs.welcome.texts import explanation

    weights = core.settings.welcome_groups.weights.as_weights()
    async with core.uow_factory() as uow:
        community = await uow.communities.by_slug(args.community)
        if community is None or community.deleted:
            raise usage_error(f"no community with slug {args.community!r}")
        run = await RunMatching(uow, core.clock, weights)(community, dry_run=args.dry_run)
        attention = await needing_attention(uow, community.id, core.clock.now())
        if not args.dry_run:
            await uow.commit()
    tr = core.catalogs.get("en")
    reasons = list(run.solution.unmatched.values())
    report: dict[str, Any] = {
        "community": community.slug,
        "dry_run": args.dry_run,
        "weights": core.settings.welcome_groups.weights.model_dump(),
        "waiting": len(run.requests),
        "free_places": run.free_places,
        "proposals": [
            {
                "id": proposal.id or None,
                "request": proposal.request_id,
                "group": proposal.group_id,
                "group_name": run.groups[proposal.group_id].name,
                "score": proposal.score,
                "explanation": explanation(tr, proposal.reasons, None),
                "reasons": proposal.reasons,
            }
            for proposal in run.proposals
        ],
        "total_score": round(sum(p.score for p in run.proposals), 6),
        "unmatched": {
            "total": len(reasons),
            "by_reason": {reason.value: reasons.count(reason) for reason in Unmatched},
            "by_language": unmatched_by_language(run),
        },
        "groups_not_ready": [
            {"group": g.id, "name": g.name, "members": g.member_count} for g in run.not_ready
        ],
        "needs_attention": [
            {
                "proposal": a.view.proposal.id,
                "group": a.view.group.id,
                "side": a.side.value,
                "concern": a.concern.value,
            }
            for a in attention
        ],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    _print_text(report)
    return 0


def _print_text(report: dict[str, Any]) -> None:
    stored = "dry run: nothing stored" if report["dry_run"] else "stored as drafts for review"
    print(f"matching for {report['community']}: {len(report['proposals'])} proposals ({stored})")
    for p in report["proposals"]:
        print(
            f"  request {p['request']:>5} → group {p['group']:>5} {p['group_name']!r}  "
            f"score {p['score']:.2f}  {p['explanation']}"
        )
    print(
        f"waiting newcomers: {report['waiting']}, "
        f"free places in ready groups: {report['free_places']}"
    )
    unmatched = report["unmatched"]
    reasons = ", ".join(
        f"{reason.replace('_', ' ')} {count}" for reason, count in unmatched["by_reason"].items()
    )
    print(f"unmatched: {unmatched['total']} ({reasons})")
    for language, row in unmatched["by_language"].items():
        print(
            f"  {language:<4} waiting {row['waiting']:>4}  proposed {row['proposed']:>4}  "
            f"unmatched {row['unmatched']:>4} (no shared language {row['no_shared_language']}, "
            f"no capacity {row['no_capacity']}, declined before {row['declined_before']})"
        )
    for group in report["groups_not_ready"]:
        print(
            f"  group {group['group']} {group['name']!r} is not ready: "
            f"{group['members']} of 5 members"
        )
    for item in report["needs_attention"]:
        concern = item["concern"].replace("_", " ")
        print(f"  needs attention: proposal {item['proposal']} ({item['side']}: {concern})")

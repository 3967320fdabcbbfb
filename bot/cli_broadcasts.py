"""`josoor broadcast status ID`: how far a broadcast has got, as its author sees it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.core.ambassadors.broadcast_progress import progress_of
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.broadcasts.progress import progress_text


def add_broadcast_commands(commands: Any) -> None:
    broadcast = commands.add_parser("broadcast", help="messages of ambassadors to members")
    actions = broadcast.add_subparsers(dest="broadcast_command", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="sent of total, as the author's status shows")
    status.add_argument("id", type=int)
    status.add_argument("--json", action="store_true", help="the counts as JSON")
    status.add_argument("--locale", default="en", choices=SUPPORTED_LOCALES)


async def run_broadcast_command(
    core: Any, args: argparse.Namespace, usage_error: type[Exception]
) -> int:
    async with core.uow_factory() as uow:
        progress = await progress_of(uow, args.id)
        if progress is None:
            raise usage_error(f"no broadcast with id {args.id}")
        community = await uow.communities.get(progress.broadcast.community_id)
    if args.json:
        counts = progress.counts
        data = {
            "id": progress.broadcast.id,
            "status": progress.broadcast.status.value,
            "total": progress.total,
            "pending": counts.pending,
            "sent": counts.sent,
            "unreachable": counts.unreachable,
            "failed": counts.failed,
            "skipped": counts.skipped,
            "unconfirmed": counts.unconfirmed,
        }
        print(json.dumps(data, indent=2))
        return 0
    tr = core.catalogs.get(args.locale)
    print(f"{progress.broadcast.status.value}: {progress_text(tr, progress, community)}")
    return 0

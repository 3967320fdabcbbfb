"""One reminder sweep with 10,000 members × 20 meetups: time and memory.

    .venv/bin/python -m bench.reminders [--members 10000] [--meetups 20] [--database-url URL]

Every member has said "going" to every meetup (200,000 RSVPs). The meetups are spread over
the coming days so that, at the moment of the measured sweep, the three-hour reminder of one
meetup and the day-before reminder of another are due: the sweep scans every upcoming RSVP,
writes the due reminders to the outbox exactly once, and delivers them through a sender that
only counts. Measured: the sweep's wall time (planning and delivery separately), the peak
memory the sweep added (tracemalloc) and the process RSS, then a second sweep right after
(nothing due: the steady-state cost of the job that runs every 30 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import insert

from bot.app import build_core
from bot.config import Settings, StorageSettings
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from bot.core.meetups.reminders import PlanReminders
from bot.storage.communities.tables import MembershipRow
from bot.storage.meetups.tables import MeetupRow, RsvpRow
from bot.storage.members.tables import ChannelAccountRow, ConsentRow, MemberRow
from bot.storage.migrate import upgrade
from dialogs.notices import NoticeRenderer
from scheduler.outbox import DispatchOutbox

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class CountingSender:
    channel = Channel.TELEGRAM

    def __init__(self) -> None:
        self.sent = 0

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        self.sent += 1
        return DeliveryResult(DeliveryStatus.SENT)


async def populate(core, members: int, meetups: int) -> None:  # type: ignore[no-untyped-def]
    async with core.engine.begin() as connection:
        community_id = 1
        rows = [
            {"id": i, "locale": ("ar", "fa", "de", "en", "uk", "nl")[i % 6], "role": None,
             "display_name": f"M{i}", "proactive_allowed": True, "reminders_enabled": True,
             "unreachable": False, "created_at": NOW - timedelta(days=30)}
            for i in range(1, members + 1)
        ]  # fmt: skip
        for start in range(0, members, 2000):
            chunk = rows[start : start + 2000]
            await connection.execute(insert(MemberRow), chunk)
            await connection.execute(
                insert(ChannelAccountRow),
                [{"member_id": r["id"], "channel": "telegram", "external_id": str(r["id"]),
                  "last_inbound_at": NOW} for r in chunk],
            )  # fmt: skip
            await connection.execute(
                insert(MembershipRow),
                [{"member_id": r["id"], "community_id": community_id, "role": "member",
                  "joined_at": NOW - timedelta(days=30)} for r in chunk],
            )  # fmt: skip
            await connection.execute(
                insert(ConsentRow),
                [{"member_id": r["id"], "kind": "privacy_notice", "version": 1,
                  "given_at": NOW - timedelta(days=30)} for r in chunk],
            )  # fmt: skip
        # Meetup 1 starts in 2 h (its PT3H reminder is due), meetup 2 in 23 h (P1D due),
        # the others later in the coming weeks (nothing due yet).
        starts = [NOW + timedelta(hours=2), NOW + timedelta(hours=23)] + [
            NOW + timedelta(days=2 + n) for n in range(meetups - 2)
        ]
        await connection.execute(
            insert(MeetupRow),
            [{"id": n + 1, "community_id": community_id, "title": f"Meetup {n + 1}",
              "starts_at": when, "status": "scheduled", "is_festival": False,
              "created_at": NOW - timedelta(days=20), "updated_at": NOW - timedelta(days=20)}
             for n, when in enumerate(starts)],
        )  # fmt: skip
        for meetup_id in range(1, meetups + 1):
            for start in range(1, members + 1, 5000):
                await connection.execute(
                    insert(RsvpRow),
                    [{"meetup_id": meetup_id, "member_id": m, "status": "going",
                      "queued_at": NOW - timedelta(days=10),
                      "updated_at": NOW - timedelta(days=10)}
                     for m in range(start, min(start + 5000, members + 1))],
                )  # fmt: skip


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--meetups", type=int, default=20)
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument(
        "--trace-memory", action="store_true",
        help="measure the sweep's peak Python allocations (tracemalloc; slows the sweep 2-3x)",
    )  # fmt: skip
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="josoor-bench-"))
    url = args.database_url or f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    await upgrade(url)
    clock = FrozenClock(NOW)
    settings = Settings(storage=StorageSettings(data_dir=folder, database_url=SecretStr(url)))
    core = await build_core(settings, clock=clock, migrate=False)
    sender = CountingSender()
    core.senders.add(sender)
    started = time.perf_counter()
    await populate(core, args.members, args.meetups)
    setup = time.perf_counter() - started
    offsets = settings.reminders.durations()

    rss_before = rss_mb()
    if args.trace_memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    async with core.uow_factory() as uow:
        planned = await PlanReminders(uow, clock, offsets)()
        await uow.commit()
    t1 = time.perf_counter()
    report = await DispatchOutbox(
        core.uow_factory, clock, core.senders, NoticeRenderer(core.catalogs)
    )()
    t2 = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] if args.trace_memory else 0
    tracemalloc.stop()
    rss_after = rss_mb()
    async with core.uow_factory() as uow:
        again = await PlanReminders(uow, clock, offsets)()
        await uow.commit()
    steady = await DispatchOutbox(
        core.uow_factory, clock, core.senders, NoticeRenderer(core.catalogs)
    )()
    t3 = time.perf_counter()
    await core.close()
    figures = {
        "database": "postgresql" if url.startswith("postgresql") else "sqlite",
        "members": args.members, "meetups": args.meetups, "rsvps": args.members * args.meetups,
        "setup_seconds": round(setup, 2),
        "planned": planned, "sent": report.sent, "sender_calls": sender.sent,
        "plan_seconds": round(t1 - t0, 3), "deliver_seconds": round(t2 - t1, 3),
        "sweep_seconds": round(t2 - t0, 3),
        "deliveries_per_second": round(report.sent / (t2 - t1), 1),
        "sweep_peak_python_mb": round(peak / 1e6, 1) if args.trace_memory else None,
        "max_rss_before_sweep_mb": round(rss_before, 1),
        "max_rss_after_sweep_mb": round(rss_after, 1),
        "second_sweep_seconds": round(t3 - t2, 3), "second_sweep_planned": again,
        "second_sweep_sent": steady.sent,
    }  # fmt: skip
    for key, value in figures.items():
        print(f"{key:>24}: {value}")
    print(json.dumps(figures))
    ok = planned == report.sent == sender.sent == 2 * args.members and again == steady.sent == 0
    if not ok:
        raise SystemExit("FAILED: reminders were not sent exactly once each")


if __name__ == "__main__":
    asyncio.run(main())

"""Broadcast throughput through the real Telegram adapter (target: ≥95 % of Telegram's limit).

One asyncio process: the Bot API emulator (real HTTP on 127.0.0.1) enforcing Telegram's flood
limits (30 messages/s overall, 1/s per chat, 429 with retry_after beyond), a fresh database
with N members of one community who accepted the privacy notice (written in bulk, not
through the chat), one broadcast queued by its ambassador through the use case, and the
outbox dispatcher sending through ``TelegramChannel`` (python-telegram-bot) until the
broadcast is done and its report is out.

The outbox runs as in `josoor run`: its loop (`scheduler/loop.py`) sweeps at start and then
sleeps (30 s sweep); the commit that queues the broadcast ("send now") wakes it.
Printed: the time from "send now" to the first and to the last broadcast message; elapsed
time from the first to the last broadcast message against the ideal N/30 (the share of the
limit reached), the 429s the emulator answered, duplicates (a member with
more than one copy) and losses (a member with none). The exit status is non-zero when the
share is under 95 %, or anything was duplicated or lost.

    .venv/bin/python -m bench.broadcast [--recipients 10000] [--rate 29]
                                        [--database-url postgresql+asyncpg://...]

``--rate`` is the adapter's pacing (``telegram.max_messages_per_second``; production uses 28,
a little headroom for replies to people who write meanwhile). Reaching 95 % of 30/s needs a
rate of at least 28.5, so the benchmark runs at 29 unless told otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import insert

from bench import verdict
from bot.app import Core, build_core
from bot.channels.telegram.adapter import TelegramChannel
from bot.config import Settings, StorageSettings
from bot.core.ambassadors.broadcasts import Broadcasts
from bot.core.ambassadors.domain import AudienceKind, BroadcastStatus
from bot.core.ambassadors.roles import AddAmbassadorAudited
from bot.core.common.domain import Channel, ChannelAddress
from bot.logging_setup import configure_logging
from bot.storage.communities.tables import MembershipRow
from bot.storage.members.tables import ChannelAccountRow, ConsentRow, MemberRow
from dialogs.notices import NoticeRenderer
from scheduler.loop import OutboxLoop
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

TOKEN = "123456:BENCH-token-for-the-emulator-only"
LIMIT = 30
TARGET = 0.95
#: The broadcast body (its header is in each member's language).
BODY = "Benchmark 📣"
FIRST_USER = 100_000
#: The outbox's safety-net sweep (`reminders.sweep_seconds`' default): the broadcast must
#: start long before it, woken by the commit that queued it.
SWEEP_SECONDS = 30.0
AUTHOR = 99


async def seed(core: Core, api: TelegramBotApiEmulator, count: int) -> int:
    """N members of Vienna in bulk; returns the community id."""
    now = datetime.now(UTC)
    async with core.uow_factory() as uow:
        vienna = await uow.communities.by_slug("vienna")
        assert vienna is not None
        await AddAmbassadorAudited(uow, core.clock)(
            "vienna", ChannelAddress(Channel.TELEGRAM, str(AUTHOR))
        )
        await uow.commit()
    engine = core.engine
    locales = ("ar", "fa", "de", "en", "uk", "nl")
    async with engine.begin() as connection:
        first = (
            int(
                (
                    await connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM members")
                ).scalar()
                or 0
            )
            + 1
        )
        ids = list(range(first, first + count))
        await connection.execute(
            insert(MemberRow),
            [
                {"id": i, "locale": locales[i % 6], "display_name": f"Member {i}",
                 "proactive_allowed": True, "reminders_enabled": True, "unreachable": False,
                 "created_at": now}
                for i in ids
            ],
        )  # fmt: skip
        await connection.execute(
            insert(ChannelAccountRow),
            [{"member_id": i, "channel": "telegram", "external_id": str(FIRST_USER + n)}
             for n, i in enumerate(ids)],
        )  # fmt: skip
        await connection.execute(
            insert(MembershipRow),
            [{"member_id": i, "community_id": vienna.id, "role": "member", "joined_at": now}
             for i in ids],
        )  # fmt: skip
        await connection.execute(
            insert(ConsentRow),
            [{"member_id": i, "kind": "privacy_notice", "version": 1, "given_at": now}
             for i in ids],
        )  # fmt: skip
    for n in range(count):
        api.add_user(FIRST_USER + n, first_name=f"Member {n}", language_code=locales[n % 6])
    api.add_user(AUTHOR, first_name="Amira", language_code="ar")
    return vienna.id


async def run(recipients: int, rate: float, database_url: str | None) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="josoor-bench-broadcast-"))
    url = database_url or f"sqlite+aiosqlite:///{data_dir / 'josoor.sqlite3'}"
    settings = Settings(storage=StorageSettings(data_dir=data_dir, database_url=SecretStr(url)))
    core = await build_core(settings)
    try:
        async with TelegramBotApiEmulator(token=TOKEN) as api:
            vienna = await seed(core, api, recipients)
            channel = TelegramChannel(
                TOKEN, api.api_root, core.service, core.catalogs,
                max_messages_per_second=rate, poll_timeout=1,
            )  # fmt: skip
            await channel.start()
            core.senders.add(channel)
            api.enforce_rate_limits(global_per_second=LIMIT, per_chat_per_second=1)
            # The worker's outbox loop as `josoor run` runs it, with the default 30 s sweep:
            # it sweeps once at start, then sleeps until woken.
            loop = OutboxLoop(
                core.uow_factory, core.clock, core.senders, NoticeRenderer(core.catalogs), (),
                core.uow_factory.wakeup, core.worker, SWEEP_SECONDS,
            )  # fmt: skip
            running = asyncio.create_task(loop.run())
            await loop.wait_for_sweeps(1)
            async with core.uow_factory() as uow:
                author = await uow.members.by_address(
                    ChannelAddress(Channel.TELEGRAM, str(AUTHOR))
                )
                assert author is not None
                flow = Broadcasts(uow, core.clock)
                draft = await flow.draft(
                    author.id, vienna, AudienceKind.COMMUNITY, None, "en", BODY
                )
                queued = await flow.queue(author.id, draft.id)
                await uow.commit()  # the ambassador's "send now"
            started = time.monotonic()
            while True:
                await asyncio.sleep(0.5)
                async with core.uow_factory() as uow:
                    broadcast = await uow.broadcasts.get(draft.id)
                    counts = (await uow.broadcasts.counts([draft.id]))[draft.id]
                assert broadcast is not None
                if broadcast.status is BroadcastStatus.DONE and not counts.pending:
                    break
            wall = time.monotonic() - started
            await asyncio.sleep(0.5)  # the author's report
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
            await channel.stop()
            sent = [m for m in api.all_sent() if BODY in (m["plain_text"] or "")]
            copies = Counter(m["chat_id"] for m in sent)
            wanted = {FIRST_USER + n for n in range(recipients)}
            elapsed = sent[-1]["time"] - sent[0]["time"] if len(sent) > 1 else 0.0
            ideal = (len(sent) - 1) / LIMIT
            report = api.sent_messages(AUTHOR)
            return {
                "recipients": recipients,
                "queued": queued,
                "rate_setting": rate,
                "send_now_to_first_s": round(sent[0]["time"] - started, 3) if sent else None,
                "send_now_to_last_s": round(sent[-1]["time"] - started, 2) if sent else None,
                "elapsed_s": round(elapsed, 2),
                "ideal_s": round(ideal, 2),
                "share_of_limit": round(ideal / elapsed, 4) if elapsed else None,
                "messages_per_second": round((len(sent) - 1) / elapsed, 2) if elapsed else None,
                "wall_s_including_db": round(wall, 2),
                "rate_limit_429s": api.rate_limit_violations,
                "duplicates": sum(1 for n in copies.values() if n > 1),
                "lost": len(wanted - set(copies)),
                "outbox": {"sent": counts.sent, "failed": counts.failed,
                           "unreachable": counts.unreachable, "skipped": counts.skipped},
                "report_to_author": (report[-1]["plain_text"] or "").splitlines()[:2]
                if report else None,
            }  # fmt: skip
    finally:
        await core.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=29.0, help="the adapter's pacing, msg/s")
    parser.add_argument("--database-url", help="PostgreSQL (a fresh, empty database)")
    args = parser.parse_args(argv)
    configure_logging("WARNING", [])
    logging.getLogger("scheduler").setLevel(logging.WARNING)
    result = asyncio.run(run(args.recipients, args.rate, args.database_url))
    ok = (
        (result["share_of_limit"] or 0) >= TARGET
        and result["duplicates"] == 0
        and result["lost"] == 0
    )
    result["verdict"] = verdict(ok)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

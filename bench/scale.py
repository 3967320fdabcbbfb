"""Several workers on one PostgreSQL: throughput against Telegram's limit, start and end of a
broadcast, the gap a SIGKILL leaves, losses and duplicates, webhook latency (issue 13).

For each worker count (1 and 3 by default) a fresh database, the harness of tests/cluster
(real `josoor run` processes in webhook mode behind a round-robin balancer, the Bot API
emulator enforcing 30 messages a second and 1 a second per chat), N members, and one
broadcast queued as the ambassador's "send now". While it goes out, members write
(`/help`, one every 0.25 s) through the webhook. With `--kill`, one worker is SIGKILLed a
third of the way through and started again.

Printed per run: messages/s from the first to the last broadcast message against the limit
(goal ≥ 95 %), seconds from "send now" to the first and to the last message, the longest
gap between two broadcast messages after the kill (goal ≤ 5 s), members reached twice and
not at all, 429s, and p50/p95 of the webhook's answer (ack) and of the reply to a member who
wrote. The last line is one JSON object with every figure.

    .venv/bin/python -m bench.scale --database-url postgresql://postgres@127.0.0.1/postgres
        [--workers 1 3] [--recipients 1000] [--kill]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import percentile, verdict
from bench.broadcast import BODY, FIRST_USER, seed
from tests.cluster.broadcast import copies, queue_broadcast, until_everyone_has_it
from tests.cluster.harness import Cluster, cluster, fresh_database, seeding

LIMIT = 30
TARGET_SHARE = 0.95
TARGET_GAP_S = 5.0


async def one_run(
    postgres_url: str, workers: int, recipients: int, kill: bool, rate: float
) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="josoor-bench-scale-"))
    try:
        async with fresh_database(postgres_url, "josoor_scale") as url:
            core = await seeding(url, workdir / "seed")
            try:
                async with cluster(url, workdir, workers=workers, rate=rate) as running:
                    api = running.api
                    community = await seed(core, api, recipients)
                    chatting: list[int] = []

                    async def chat() -> None:
                        for n in range(10_000):
                            update = api.send_text(FIRST_USER + (n * 37) % recipients, "/help")
                            chatting.append(int(update["update_id"]))
                            await asyncio.sleep(0.25)

                    send_now = time.monotonic()
                    await queue_broadcast(core, community)
                    talker = asyncio.create_task(chat())
                    killed_at = None
                    if kill:
                        for _ in range(int(120 / 0.05)):
                            if len(copies(api)) >= recipients // 3:
                                break
                            await asyncio.sleep(0.05)
                        victim = running.workers[min(1, workers - 1)]
                        await victim.kill()
                        killed_at = time.monotonic()
                        await victim.start()
                    await until_everyone_has_it(
                        api, within=recipients / 5 + 60, members=recipients
                    )
                    talker.cancel()
                    await asyncio.sleep(2)
                    return figures(running, send_now, killed_at, recipients, chatting, workers)
            finally:
                await core.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def figures(
    running: Cluster,
    send_now: float,
    killed_at: float | None,
    recipients: int,
    chatting: list[int],
    workers: int,
) -> dict[str, Any]:
    api = running.api
    sent = sorted(float(m["time"]) for m in api.all_sent() if BODY in (m["plain_text"] or ""))
    got = copies(api)
    span = sent[-1] - sent[0] if len(sent) > 1 else 0.0
    rate = (len(sent) - 1) / span if span else 0.0
    after = [t for t in sent if killed_at is not None and t >= killed_at - 5.0]
    gap = max((b - a for a, b in itertools.pairwise(after)), default=None)
    acks = sorted(seconds for seconds, status in running.acks if status == 200)
    replies = sorted(
        latency for update_id in chatting if (latency := api.reply_latency(update_id)) is not None
    )

    def ms(values: list[float], q: float) -> float | None:
        return round(percentile(values, q) * 1000, 1) if values else None

    return {
        "workers": workers,
        "recipients": recipients,
        "messages_per_second": round(rate, 2),
        "share_of_limit": round(rate / LIMIT, 4),
        "first_after_send_now_s": round(sent[0] - send_now, 2) if sent else None,
        "last_after_send_now_s": round(sent[-1] - send_now, 2) if sent else None,
        "gap_after_kill_s": round(gap, 2) if gap is not None else None,
        "duplicated": sum(1 for n in got.values() if n > 1),
        "lost": recipients - len(got),
        "rate_limit_429s": api.rate_limit_violations,
        "webhook_ack_ms": {"p50": ms(acks, 50), "p95": ms(acks, 95), "n": len(acks)},
        "reply_ms": {"p50": ms(replies, 50), "p95": ms(replies, 95), "n": len(replies)},
    }


def print_table(results: list[dict[str, Any]]) -> None:
    for r in results:
        share_ok = r["share_of_limit"] >= TARGET_SHARE
        print(
            f"{r['workers']} worker(s), {r['recipients']} members: "
            f"{r['messages_per_second']} msg/s = {r['share_of_limit']:.1%} of {LIMIT}/s "
            f"[{verdict(share_ok)}]; first {r['first_after_send_now_s']} s, "
            f"last {r['last_after_send_now_s']} s after send now"
        )
        if r["gap_after_kill_s"] is not None:
            gap_ok = r["gap_after_kill_s"] <= TARGET_GAP_S
            print(f"  gap after the kill {r['gap_after_kill_s']} s [{verdict(gap_ok)}]")
        print(
            f"  duplicated {r['duplicated']}, lost {r['lost']}, 429s {r['rate_limit_429s']}; "
            f"webhook ack p50/p95 {r['webhook_ack_ms']['p50']}/{r['webhook_ack_ms']['p95']} ms, "
            f"reply p50/p95 {r['reply_ms']['p50']}/{r['reply_ms']['p95']} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=29.0, help="each worker's pacing setting")
    parser.add_argument("--kill", action="store_true", help="SIGKILL a worker a third in")
    args = parser.parse_args(argv)
    results = [
        asyncio.run(one_run(args.database_url, n, args.recipients, args.kill, args.rate))
        for n in args.workers
    ]
    print_table(results)
    print(json.dumps({"runs": results}))
    ok = all(
        r["share_of_limit"] >= TARGET_SHARE
        and r["rate_limit_429s"] == 0
        and (args.kill or (r["duplicated"], r["lost"]) == (0, 0))
        for r in results
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

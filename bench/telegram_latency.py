"""Update→reply latency and CPU per update of the real Telegram adapter under a burst.

The bot runs in this process: the core on a fresh database and ``TelegramChannel``
(python-telegram-bot, long polling). The Bot API emulator (real HTTP on 127.0.0.1) and the
people run in a child process (bench/telegram_people.py), so that this process's CPU time is
the bot's alone. ``--members`` people "join at once": each walks, one step after the other,

    /start  →  consent button  →  role button  →  types a city  →  join button

and waits for the bot's complete answer before the next step, like a person would. The
latency of an update is the time from the emulator queueing it (the moment the person sent
it) to the first message (or edit) the bot makes in that chat afterwards — the same
definition as ``TelegramBotApiEmulator.reply_latency``.

Reported: the bot's CPU per update and updates per CPU-second, SQL statements per update,
messages and edits per join, latency per step, and when the joins finished. With
``--limits`` the emulator enforces Telegram's limits (30 sends a second, 1 a second per chat;
429 beyond) and our pacing is on (28/s, as in production).

Correctness is checked too, and a failure makes the exit status non-zero: every member ends
with a membership of the expected community (read back from the database), every update got
exactly as many messages as the same step got in a short reference run first (no missing or
duplicate replies), every button press was answered, and the emulator refused no request.

    .venv/bin/python -m bench.telegram_latency [--members 300] [--limits] [--database-url URL]
        [--profile profile.html]

With ``--database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres`` a fresh database
is created on that server for the run (and dropped afterwards); without it, SQLite in a fresh
temporary data directory.

Over 300 lines on purpose: a self-contained benchmark script, read from top to bottom.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import asyncpg
from pydantic import SecretStr
from pyinstrument import Profiler
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bench import percentile, verdict
from bench.telegram_people import STEPS, TOKEN, Member, make_members, serve
from bot.app import Core, build_core
from bot.channels.telegram.adapter import TelegramChannel
from bot.config import Settings, StorageSettings
from bot.core.common.domain import Channel, ChannelAddress
from bot.logging_setup import configure_logging
from bot.storage.migrate import upgrade

P50_TARGET_MS = 50.0
CPU_TARGET_MS = 2.0

JSONDict = dict[str, Any]


# -- measuring the run ---------------------------------------------------------------------------


def stats(group: list[dict[str, Any]]) -> dict[str, float]:
    """Latency figures of some updates (as the people's process recorded them)."""
    latencies = sorted(u["latency"] * 1000 for u in group if u["latency"] is not None)
    if not latencies:
        return {"count": len(group)}
    start = min(u["pushed"] for u in group)
    end = max(u["pushed"] + (u["latency"] or 0.0) for u in group)
    return {
        "count": len(group),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(latencies[-1], 2),
        "mean_ms": round(sum(latencies) / len(latencies), 2),
        "updates_per_s": round(len(group) / (end - start), 1) if end > start else 0.0,
    }


class LoopLag:
    """How late the event loop runs a 10 ms timer: the queueing every coroutine suffers."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            planned = loop.time() + 0.01
            await asyncio.sleep(0.01)
            self.samples.append(max(0.0, loop.time() - planned))

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> dict[str, float]:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
        lags = sorted(s * 1000 for s in self.samples)
        return {
            "p50_ms": round(percentile(lags, 50), 2),
            "p99_ms": round(percentile(lags, 99), 2),
            "max_ms": round(lags[-1], 2) if lags else 0.0,
        }


class TransactionTimer:
    """Times every database transaction through SQLAlchemy's engine events (diagnostics only).

    ``begin wait``: how long the BEGIN statement took — on SQLite the engine says BEGIN
    IMMEDIATE, so this is the wait for the database's single write lock (PostgreSQL sends no
    such statement). ``open``: from the transaction's start until COMMIT or ROLLBACK is issued,
    i.e. how long a SQLite transaction holds that lock.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.active = False
        self.begin_waits: list[float] = []
        self.open: list[float] = []
        self.statements = 0
        self._begun: dict[int, float] = {}
        self._opened: dict[int, float] = {}
        sync_engine = engine.sync_engine
        event.listen(sync_engine, "before_cursor_execute", self._before_statement)
        event.listen(sync_engine, "after_cursor_execute", self._after_statement)
        event.listen(sync_engine, "begin", self._begin)  # runs after the BEGIN IMMEDIATE
        event.listen(sync_engine, "commit", self._end)
        event.listen(sync_engine, "rollback", self._end)

    def _before_statement(self, connection: Any, _c: Any, statement: str, *_: Any) -> None:
        if self.active:
            self.statements += 1
        if statement.startswith("BEGIN"):
            self._begun[id(connection)] = time.perf_counter()

    def _after_statement(self, connection: Any, _c: Any, statement: str, *_: Any) -> None:
        if statement.startswith("BEGIN"):
            begun = self._begun.pop(id(connection), None)
            if begun is not None and self.active:
                self.begin_waits.append(time.perf_counter() - begun)

    def _begin(self, connection: Any) -> None:
        self._opened[id(connection)] = time.perf_counter()

    def _end(self, connection: Any) -> None:
        opened = self._opened.pop(id(connection), None)
        if opened is not None and self.active:
            self.open.append(time.perf_counter() - opened)

    def report(self) -> dict[str, Any]:
        def spread(values: list[float]) -> dict[str, float] | None:
            ordered = sorted(v * 1000 for v in values)
            if not ordered:
                return None
            return {
                "p50_ms": round(percentile(ordered, 50), 2),
                "p95_ms": round(percentile(ordered, 95), 2),
                "max_ms": round(ordered[-1], 2),
                "total_s": round(sum(values), 2),
            }

        return {
            "transactions": len(self.open),
            "statements": self.statements,
            "begin_wait": spread(self.begin_waits),
            "open": spread(self.open),
        }


class CountingHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[str] = Counter()
        self.first: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelname] += 1
        self.first.setdefault(record.levelname, f"{record.name}: {record.getMessage()}")


# -- the database --------------------------------------------------------------------------------


@asynccontextmanager
async def fresh_database(url: str | None) -> AsyncIterator[tuple[Settings, str]]:
    """Settings for a new, empty database: SQLite in a temp dir, or a new PostgreSQL db."""
    data_dir = Path(tempfile.mkdtemp(prefix="josoor-bench-latency-"))
    if url is None:
        try:
            yield Settings(storage=StorageSettings(data_dir=data_dir)), "sqlite"
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        return
    server = make_url(url)
    if not server.drivername.startswith("postgres"):
        raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"josoor_bench_{os.getpid()}_{secrets.token_hex(3)}"
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    fresh = server.set(drivername="postgresql+asyncpg", database=name)
    storage = StorageSettings(
        data_dir=data_dir, database_url=SecretStr(fresh.render_as_string(hide_password=False))
    )
    try:
        yield Settings(storage=storage), f"postgresql (fresh database {name})"
    finally:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)


async def check_memberships(core: Core, members: list[Member]) -> list[str]:
    problems: list[str] = []
    async with core.uow_factory() as uow:
        for member in members:
            address = ChannelAddress(Channel.TELEGRAM, str(member.user_id))
            stored = await uow.members.by_address(address)
            if stored is None:
                problems.append(f"member {member.user_id}: not in the database")
                continue
            slugs = [c.slug for _, c in await uow.memberships.of_member(stored.id)]
            if slugs != [member.persona.slug]:
                problems.append(
                    f"member {member.user_id}: memberships {slugs}, "
                    f"expected [{member.persona.slug!r}]"
                )
            elif stored.locale != member.persona.locale:
                problems.append(f"member {member.user_id}: locale {stored.locale!r}")
    return problems


async def community_ids(core: Core) -> dict[str, int]:
    async with core.uow_factory() as uow:
        return {c.slug: c.id for c in await uow.communities.list_active()}


# -- the run -------------------------------------------------------------------------------------


class People:
    """The people's process (bench/telegram_people.py) and the pipe to it."""

    def __init__(self, options: dict[str, Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child, options), daemon=True)

    def send(self, message: dict[str, Any]) -> None:
        self.conn.send(message)

    async def receive(self, key: str) -> Any:
        message: dict[str, Any] = await asyncio.get_running_loop().run_in_executor(
            None, self.conn.recv
        )
        if key not in message:
            raise RuntimeError(f"the people's process said {message!r}, expected {key!r}")
        return message[key]


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    counting = CountingHandler()
    configure_logging("WARNING", [TOKEN])
    logging.getLogger().addHandler(counting)
    report: dict[str, Any] = {"benchmark": "telegram_latency", "members": args.members}
    pacing = args.max_messages_per_second or (28.0 if args.limits else 1e9)
    people = People(
        {"members": args.members, "limits": args.limits, "step_timeout": args.step_timeout}
    )
    people.process.start()
    profiler = Profiler(async_mode="disabled") if args.profile else None
    try:
        async with fresh_database(args.database_url) as (settings, database):
            api_root = await people.receive("api_root")
            setup_started = time.perf_counter()
            url = settings.database_url()
            if url.startswith("sqlite"):
                settings.storage.data_dir.mkdir(parents=True, exist_ok=True)
            await upgrade(url)
            migrated = time.perf_counter()
            core = await build_core(settings, migrate=False)
            try:
                transactions = TransactionTimer(core.engine)
                channel = TelegramChannel(
                    TOKEN,
                    api_root,
                    core.service,
                    core.catalogs,
                    max_messages_per_second=pacing,
                    poll_timeout=args.poll_timeout,
                )
                try:
                    await channel.start()
                    ready = time.perf_counter()
                    people.send({"join_ids": await community_ids(core)})
                    broken = (await people.receive("ready"))["broken"]
                    if broken:
                        people.send({"stop": True})
                        raise SystemExit("the reference run failed:\n" + "\n".join(broken))
                    setup_done = time.perf_counter()
                    lag = LoopLag()
                    lag.start()
                    transactions.active = True
                    if profiler is not None:
                        profiler.start()
                    cpu_before = time.process_time()
                    people.send({"go": True})
                    load_wall = await people.receive("burst_done")
                    cpu = time.process_time() - cpu_before
                    if profiler is not None:
                        profiler.stop()
                    transactions.active = False
                    loop_lag = await lag.stop()
                    result = await people.receive("result")
                finally:
                    await channel.stop()
                people.send({"stop": True})
                members = make_members(100_000, args.members)
                problems = list(result["problems"])
                problems += await check_memberships(core, members)
            finally:
                await core.close()
    finally:
        people.process.join(timeout=10)
        if people.process.is_alive():
            people.process.kill()
    if counting.counts["ERROR"] or counting.counts["CRITICAL"]:
        problems.append(f"errors were logged, first: {counting.first.get('ERROR')}")
    if profiler is not None:
        report["profile_html"] = profiler.output_html()
        report["profile_text"] = profiler.output_text(unicode=True, color=False, show_all=False)

    updates: list[dict[str, Any]] = result["updates"]
    calls: dict[str, int] = result["calls"]
    count = max(1, len(updates))
    db = transactions.report()
    done = result["join_done_s"]
    expected = {tuple(k.split("|")): n for k, n in result["expected"].items()}
    report.update(
        database=database,
        limits=args.limits,
        max_messages_per_second=pacing,
        poll_timeout_s=args.poll_timeout,
        cpus=os.cpu_count(),
        setup_s={
            "migrations": round(migrated - setup_started, 3),
            "core_and_channel": round(ready - migrated, 3),
            "reference_run": round(setup_done - ready, 3),
        },
        load_wall_s=round(load_wall, 3),
        bot_cpu_s=round(cpu, 3),
        bot_cpu_ms_per_update=round(cpu * 1000 / count, 2),
        updates_per_cpu_s=round(count / cpu, 1) if cpu else 0.0,
        sql_per_update=round(db["statements"] / count, 2),
        calls=calls,
        messages_per_join=round(calls["sendMessage"] / max(1, args.members), 2),
        edits_per_join=round(calls["editMessageText"] / max(1, args.members), 2),
        http_429=result["http_429"],
        joins_done_s={
            "p50": round(percentile(done, 50), 2) if done else None,
            "max": round(done[-1], 2) if done else None,
        },
        loop_lag=loop_lag,
        db=db,
        all=stats(updates),
        steps={kind: stats([u for u in updates if u["kind"] == kind]) for kind in STEPS},
        expected_messages_per_step={
            kind: sorted({n for (_, _, k), n in expected.items() if k == kind}) for kind in STEPS
        },
        warnings_logged=counting.counts["WARNING"],
        problems=problems[:20],
        problem_count=len(problems),
    )
    p50 = report["all"].get("p50_ms", float("inf"))
    report["target_p50_le_50ms"] = verdict(p50 <= P50_TARGET_MS)
    report["target_cpu_le_2ms"] = verdict(report["bot_cpu_ms_per_update"] <= CPU_TARGET_MS)
    report["ok"] = not problems
    return report


def print_report(report: dict[str, Any]) -> None:
    pacing = (
        "off (max_messages_per_second=1e9)"
        if report["max_messages_per_second"] >= 1e6
        else f"{report['max_messages_per_second']:g} messages/s"
    )
    limits = (
        "ON (the emulator answers 429 beyond 30 sends/s and 1 send/s per chat)"
        if report["limits"]
        else "off"
    )
    print()
    print(
        f"Telegram update→reply latency: {report['members']} members × {len(STEPS)} steps, "
        "TelegramChannel (python-telegram-bot, long polling) ↔ Bot API emulator over HTTP "
        "(in its own process)"
    )
    print(
        f"database: {report['database']}; Telegram's rate limits: {limits}; our pacing: "
        f"{pacing}; poll timeout {report['poll_timeout_s']} s; {report['cpus']} CPUs"
    )
    print()
    header = f"{'step':<10}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}"
    print(header + f"{'max ms':>10}{'mean ms':>10}{'upd/s':>9}")
    for kind, row in [*report["steps"].items(), ("all", report["all"])]:
        if "p50_ms" not in row:
            print(f"{kind:<10}{row['count']:>7}  (no replies)")
            continue
        print(
            f"{kind:<10}{row['count']:>7}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}"
            f"{row['p99_ms']:>10.1f}{row['max_ms']:>10.1f}{row['mean_ms']:>10.1f}"
            f"{row['updates_per_s']:>9.1f}"
        )
    print()
    print(
        f"bot CPU: {report['bot_cpu_s']:.2f} s for {report['all']['count']} updates = "
        f"{report['bot_cpu_ms_per_update']:.2f} ms per update, "
        f"{report['updates_per_cpu_s']:.0f} updates per CPU-second "
        f"(the bot's process only; burst wall {report['load_wall_s']:.2f} s)"
    )
    calls = report["calls"]
    done = report["joins_done_s"]
    print(
        f"messages: {calls['sendMessage']} sent + {calls['editMessageText']} edits "
        f"({report['messages_per_join']:.2f} + {report['edits_per_join']:.2f} per join), "
        f"{calls['answerCallbackQuery']} callback answers, {report['http_429']} × 429; "
        f"joins finished p50 {done['p50']} s, last {done['max']} s after the burst began"
    )
    print(
        f"event-loop lag p50 {report['loop_lag']['p50_ms']:.1f} ms, "
        f"p99 {report['loop_lag']['p99_ms']:.1f} ms, max {report['loop_lag']['max_ms']:.1f} ms"
    )
    db = report["db"]

    def spread(values: dict[str, float] | None) -> str:
        if values is None:
            return "n/a"
        return (
            f"p50 {values['p50_ms']:.1f} ms, p95 {values['p95_ms']:.1f} ms, "
            f"max {values['max_ms']:.1f} ms, sum {values['total_s']:.2f} s"
        )

    print(
        f"database: {db['transactions']} transactions, {db['statements']} statements "
        f"({report['sql_per_update']:.1f} per update; on SQLite its BEGIN IMMEDIATE counts)"
    )
    print(
        f"  BEGIN IMMEDIATE (SQLite only) waited {spread(db['begin_wait'])}\n"
        f"  transactions open {spread(db['open'])}"
    )
    setup = report["setup_s"]
    print(
        f"setup: migrations {setup['migrations']:.2f} s, core + channel "
        f"{setup['core_and_channel']:.2f} s, reference run {setup['reference_run']:.2f} s"
    )
    print(f"warnings logged: {report['warnings_logged']}")
    if report["ok"]:
        print(
            f"correctness: OK — {report['members']} memberships, every update answered "
            "exactly once, every button press answered, no refused request"
        )
    else:
        print(f"correctness: FAILED — {report['problem_count']} problem(s):")
        for problem in report["problems"]:
            print(f"  {problem}")
    if "profile_text" in report:
        print(report.pop("profile_text"))
    p50 = report["all"].get("p50_ms", float("nan"))
    print(f"target p50 ≤ {P50_TARGET_MS:.0f} ms: {report['target_p50_le_50ms']} ({p50} ms)")
    print(
        f"target CPU ≤ {CPU_TARGET_MS:.0f} ms per update: {report['target_cpu_le_2ms']} "
        f"({report['bot_cpu_ms_per_update']} ms)"
    )
    print(json.dumps(report, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.telegram_latency", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--members", type=int, default=300, help="members joining at once")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL, e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres;"
        " a fresh database is created there and dropped afterwards (default: SQLite)",
    )
    parser.add_argument(
        "--limits",
        action="store_true",
        help="the emulator enforces Telegram's limits (30 sends/s, 1/s per chat) and our "
        "pacing is on (28/s)",
    )
    parser.add_argument(
        "--max-messages-per-second",
        type=float,
        default=None,
        help="the adapter's own pacing (default: off, 1e9; 28 with --limits)",
    )
    parser.add_argument("--poll-timeout", type=int, default=1, help="long-poll timeout, s")
    parser.add_argument(
        "--step-timeout", type=float, default=60.0, help="seconds a member waits for an answer"
    )
    parser.add_argument(
        "--profile",
        metavar="HTML",
        help="profile the bot's process during the burst with pyinstrument, write HTML there "
        "and print the summary (slows the bot: do not compare its CPU figures)",
    )
    args = parser.parse_args(argv)
    report = asyncio.run(bench(args))
    if args.profile:
        Path(args.profile).write_text(report.pop("profile_html"), encoding="utf-8")
    print_report(report)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

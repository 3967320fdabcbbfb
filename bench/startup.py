"""Start-up time, memory and shutdown of ``josoor run`` (targets: ready ≤ 1.5 s, RSS ≤ 150 MiB).

Each run spawns ``josoor run --port <free port>`` and measures:

* ready: wall time from spawning the process until ``GET /healthz`` answers 200 (polled every
  10 ms over a fresh TCP connection);
* RSS of the process and its children when ready, and after 50 web chat messages (members
  going through /start → consent → role → city → join over ``POST /api/webchat/messages``);
* shutdown: time from SIGTERM until the process has exited, and its exit code (0 expected
  within 10 s).

"cold" runs start on a fresh, empty data directory (migrations and demo seeding happen);
"warm" runs start again on the directory the cold run left behind. The "telegram" variants
repeat both with a token and ``TELEGRAM_API_BASE`` pointing at the Bot API emulator, which
runs in a thread of this process (so start-up includes getMe, setMyCommands for every
language and the first getUpdates).

The process runs in a scratch working directory with ``JOSOOR_CONFIG`` pointing at the
repository's config.yaml, so a developer's ``.env`` cannot add a token or a database URL.

The exit status is non-zero only when a process fails to start, to answer the web chat, or to
stop with exit code 0 within 10 s; missed targets are reported as MISS, not as failures.

    .venv/bin/python -m bench.startup [--runs 5] [--messages 50] [--no-telegram]

Over 300 lines on purpose: a self-contained benchmark script, read from top to bottom.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench import PERSONAS, ROLES, Spread, verdict

REPO = Path(__file__).resolve().parents[1]
TOKEN = "123456:BENCH-token-for-the-emulator-only"
READY_TARGET_S = 1.5
RSS_TARGET_MIB = 150.0
POLL_INTERVAL_S = 0.01
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
MIB = 1024 * 1024
#: Environment variables that would change what is measured; removed for every run.
SCRUBBED = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE",
    "DATABASE_URL",
    "JOSOOR_DATA_DIR",
    "JOSOOR_HOST",
    "JOSOOR_PORT",
    "JOSOOR_CONFIG",
)


class BenchFailure(Exception):
    """The process did not start, answer or stop as it must."""


@dataclass
class RunResult:
    variant: str
    ready_s: float | None = None
    rss_ready_mib: float | None = None
    rss_after_messages_mib: float | None = None
    peak_rss_mib: float | None = None
    message_ms: list[float] = field(default_factory=list)
    shutdown_s: float | None = None
    exit_code: int | None = None
    #: Whether the runner logged "stopping", i.e. its own clean-up ran.
    cleanup_logged: bool = False
    error: str | None = None

    @property
    def stopped_cleanly(self) -> bool:
        return self.exit_code == 0 and self.shutdown_s is not None

    def to_json(self) -> dict[str, Any]:
        def r(value: float | None, digits: int) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "variant": self.variant,
            "ready_s": r(self.ready_s, 4),
            "rss_ready_mib": r(self.rss_ready_mib, 1),
            "rss_after_messages_mib": r(self.rss_after_messages_mib, 1),
            "peak_rss_mib": r(self.peak_rss_mib, 1),
            "message_ms_median": r(Spread.of(self.message_ms).median, 2)
            if self.message_ms
            else None,
            "shutdown_s": r(self.shutdown_s, 4),
            "exit_code": self.exit_code,
            "cleanup_logged": self.cleanup_logged,
            "error": self.error.splitlines()[0] if self.error else None,
        }


# -- the process -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthz_ok(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def rss_mib(process: psutil.Process) -> float:
    """Resident memory of the process and all its children."""
    total = int(process.memory_info().rss)
    for child in process.children(recursive=True):
        with suppress(psutil.NoSuchProcess):
            total += int(child.memory_info().rss)
    return total / MIB


def peak_rss_mib(pid: int) -> float | None:
    """The kernel's high-water mark of the main process's RSS (Linux only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def chat(port: int, count: int) -> list[float]:
    """Send `count` web chat messages: members walk /start → consent → role → city → join.

    Returns the latency of each request in milliseconds.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []

    headers = {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"}

    def new_tab() -> str:
        """A tab id from the server, as the page gets one (with the browser's cookie)."""
        connection.request("POST", "/api/webchat/session", b"{}", headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise BenchFailure(f"web chat gave no session: {response.status} {data[:200]!r}")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            headers["Cookie"] = cookie.split(";", 1)[0]
        return str(json.loads(data)["tab"])

    def post(payload: dict[str, Any]) -> list[str]:
        body = json.dumps(payload).encode()
        started = time.perf_counter()
        connection.request("POST", "/api/webchat/messages", body, headers)
        response = connection.getresponse()
        data = response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise BenchFailure(f"web chat answered {response.status}: {data[:200]!r}")
        messages = json.loads(data)["messages"]
        if not messages:
            raise BenchFailure(f"web chat gave no reply to {payload!r}")
        return [option["id"] for message in messages for option in message["options"]]

    def need(options: list[str], prefix: str) -> str:
        for option in options:
            if option.startswith(prefix):
                return option
        raise BenchFailure(f"expected an option {prefix}…, got {options!r}")

    try:
        session = 0
        while len(latencies) < count:
            persona = PERSONAS[session % len(PERSONAS)]
            role = ROLES[session % len(ROLES)]
            base = {"tab": new_tab(), "locale": persona.locale}
            session += 1
            steps: list[tuple[dict[str, Any], str | None]] = [
                ({"text": "/start"}, f"consent:accept:{persona.locale}"),
                ({"option": f"consent:accept:{persona.locale}"}, f"role:{role}"),
                ({"option": f"role:{role}"}, None),
                ({"text": persona.city}, "join:"),
            ]
            options: list[str] = []
            for payload, wanted in steps:
                if len(latencies) >= count:
                    break
                options = post({**base, **payload})
                if wanted is not None:
                    need(options, wanted)
            if len(latencies) < count:
                post({**base, "option": need(options, "join:")})
    finally:
        connection.close()
    return latencies


def run_once(
    variant: str,
    data_dir: Path,
    workdir: Path,
    messages: int,
    telegram_api_base: str | None,
) -> RunResult:
    result = RunResult(variant)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(
        {
            "JOSOOR_CONFIG": str(REPO / "config.yaml"),
            "JOSOOR_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
        }
    )
    if telegram_api_base is not None:
        env["TELEGRAM_BOT_TOKEN"] = TOKEN
        env["TELEGRAM_API_BASE"] = telegram_api_base
    josoor = Path(sys.executable).with_name("josoor")
    log_path = workdir / f"{variant}-{port}.log"
    with log_path.open("wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(josoor), "run", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in this terminal is ours, not the server's
        )
        try:
            _measure(proc, port, started, messages, result)
        except BenchFailure as error:
            result.error = str(error)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    output = log_path.read_text(errors="replace")
    result.cleanup_logged = "bot.runner: stopping" in output
    if result.error is not None:
        tail = "\n".join(output.splitlines()[-15:])
        result.error += f"\n--- last lines of its output ---\n{tail}"
    return result


def _measure(
    proc: subprocess.Popen[bytes], port: int, started: float, messages: int, result: RunResult
) -> None:
    deadline = started + START_TIMEOUT_S
    while True:
        code = proc.poll()
        if code is not None:
            raise BenchFailure(f"exited with {code} before /healthz answered")
        if healthz_ok(port):
            result.ready_s = time.perf_counter() - started
            break
        if time.perf_counter() > deadline:
            raise BenchFailure(f"/healthz did not answer 200 within {START_TIMEOUT_S:.0f} s")
        time.sleep(POLL_INTERVAL_S)
    process = psutil.Process(proc.pid)
    result.rss_ready_mib = rss_mib(process)
    result.message_ms = chat(port, messages)
    result.rss_after_messages_mib = rss_mib(process)
    result.peak_rss_mib = peak_rss_mib(proc.pid)
    stop_started = time.perf_counter()
    proc.send_signal(signal.SIGTERM)
    try:
        result.exit_code = proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BenchFailure(f"still running {STOP_TIMEOUT_S:.0f} s after SIGTERM") from None
    result.shutdown_s = time.perf_counter() - stop_started
    if result.exit_code != 0:
        how = (
            f"killed by {signal.Signals(-result.exit_code).name}"
            if result.exit_code < 0
            else "error"
        )
        result.error = f"exit code {result.exit_code} after SIGTERM ({how}), expected 0"


# -- the emulator for the Telegram variants ----------------------------------------------------


@contextmanager
def emulator_in_thread() -> Iterator[str]:
    """Run the Bot API emulator on its own event loop in a thread; yield its API root."""
    from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

    ready = threading.Event()
    state: dict[str, Any] = {}

    async def serve() -> None:
        async with TelegramBotApiEmulator(token=TOKEN) as api:
            stop = asyncio.Event()
            state.update(api_root=api.api_root, loop=asyncio.get_running_loop(), stop=stop)
            ready.set()
            await stop.wait()

    def main() -> None:
        try:
            asyncio.run(serve())
        except BaseException as error:
            state["error"] = error
            ready.set()

    thread = threading.Thread(target=main, name="telegram-emulator", daemon=True)
    thread.start()
    ready.wait(timeout=30)
    if "api_root" not in state:
        raise BenchFailure(f"the Telegram emulator did not start: {state.get('error')!r}")
    try:
        yield str(state["api_root"])
    finally:
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(timeout=10)


# -- the report --------------------------------------------------------------------------------


def _spread(results: list[RunResult], attribute: str) -> Spread:
    values = [getattr(r, attribute) for r in results]
    return Spread.of([v for v in values if v is not None])


def summarize(variant: str, results: list[RunResult]) -> dict[str, Any]:
    medians = [Spread.of(r.message_ms).median for r in results if r.message_ms]
    return {
        "runs": len(results),
        "ready_s": _spread(results, "ready_s").rounded(4),
        "rss_ready_mib": _spread(results, "rss_ready_mib").rounded(1),
        "rss_after_messages_mib": _spread(results, "rss_after_messages_mib").rounded(1),
        "peak_rss_mib": _spread(results, "peak_rss_mib").rounded(1),
        "message_ms_median": Spread.of(medians).rounded(2),
        "shutdown_s": _spread(results, "shutdown_s").rounded(4),
        "exit_codes": [r.exit_code for r in results],
        "cleanup_logged": sum(r.cleanup_logged for r in results),
        "failures": sum(r.error is not None for r in results),
    }


def print_table(summaries: dict[str, dict[str, Any]], messages: int) -> None:
    rows = [
        ("ready (s)", "ready_s", 3),
        ("RSS when ready (MiB)", "rss_ready_mib", 1),
        (f"RSS after {messages} msgs (MiB)", "rss_after_messages_mib", 1),
        ("peak RSS, VmHWM (MiB)", "peak_rss_mib", 1),
        ("web chat msg, median (ms)", "message_ms_median", 2),
        ("shutdown after SIGTERM (s)", "shutdown_s", 3),
    ]
    print(f"{'variant':<16}{'metric':<30}{'median':>10}{'min':>10}{'max':>10}")
    for variant, summary in summaries.items():
        for label, key, digits in rows:
            spread = summary[key]
            cells = "".join(_cell(spread[k], digits) for k in ("median", "min", "max"))
            print(f"{variant:<16}{label:<30}{cells}")
        codes = ", ".join(str(c) for c in summary["exit_codes"])
        print(
            f"{variant:<16}{'exit codes':<30}{codes}  "
            f"(runner clean-up logged in {summary['cleanup_logged']}/{summary['runs']})"
        )
        print()


def _cell(value: float | None, digits: int) -> str:
    return f"{'n/a':>10}" if value is None else f"{value:>10.{digits}f}"


def _within(value: float | None, limit: float) -> str:
    return verdict(value is not None and value <= limit)


def targets(summaries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    verdicts: dict[str, dict[str, Any]] = {}
    for variant, summary in summaries.items():
        ready = summary["ready_s"]["median"]
        rss = summary["rss_after_messages_mib"]["median"]
        peak = summary["peak_rss_mib"]["max"]
        verdicts[variant] = {
            "ready_le_1.5s": _within(ready, READY_TARGET_S),
            "rss_le_150mib": _within(rss, RSS_TARGET_MIB),
            "peak_rss_le_150mib": _within(peak, RSS_TARGET_MIB),
            "exit_0_within_10s": "PASS"
            if summary["failures"] == 0 and all(c == 0 for c in summary["exit_codes"])
            else "FAIL",
        }
        print(
            f"{variant:<16}ready ≤ {READY_TARGET_S} s: {verdicts[variant]['ready_le_1.5s']} "
            f"(median {_cell(ready, 3).strip()} s, "
            f"max {_cell(summary['ready_s']['max'], 3).strip()} s)   "
            f"RSS ≤ {RSS_TARGET_MIB:.0f} MiB: {verdicts[variant]['rss_le_150mib']} "
            f"(median {_cell(rss, 1).strip()}, peak {_cell(peak, 1).strip()})   "
            f"exit 0 ≤ {STOP_TIMEOUT_S:.0f} s: {verdicts[variant]['exit_0_within_10s']}"
        )
    return verdicts


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.startup", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per variant (default 5)")
    parser.add_argument(
        "--messages", type=int, default=50, help="web chat messages per run (default 50)"
    )
    parser.add_argument(
        "--no-telegram", action="store_true", help="skip the variants with a Telegram token"
    )
    parser.add_argument(
        "--no-warmup",
        action="store_true",
        help="measure the very first start too (by default one unmeasured start warms the "
        "OS page cache and Python's bytecode cache)",
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="josoor-bench-startup-"))
    results: dict[str, list[RunResult]] = {}
    try:
        variants: list[tuple[str, str | None]] = [("", None)]
        with emulator_in_thread() if not args.no_telegram else _no_emulator() as api_root:
            if api_root is not None:
                variants.append(("telegram ", api_root))
            if not args.no_warmup:
                run_once("warmup", workdir / "warmup", workdir, 5, None)
            for prefix, api_base in variants:
                for index in range(args.runs):
                    data_dir = workdir / f"{prefix.strip() or 'web'}-{index}"
                    for kind in ("cold", "warm"):  # warm: the data dir the cold run left
                        variant = f"{prefix}{kind}"
                        result = run_once(variant, data_dir, workdir, args.messages, api_base)
                        results.setdefault(variant, []).append(result)
                        mark = "ok" if result.error is None else "FAILED"
                        print(
                            f"  {variant:<14} run {index + 1}/{args.runs}: "
                            f"ready {_cell(result.ready_s, 3).strip()} s, "
                            f"exit {result.exit_code} — {mark}",
                            file=sys.stderr,
                        )
                        if result.error is not None:
                            print(f"    {result.error}", file=sys.stderr)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    summaries = {variant: summarize(variant, runs) for variant, runs in results.items()}
    print()
    print(
        f"josoor run, {args.runs} runs per variant, {args.messages} web chat messages per run "
        f"(cold = fresh data dir, warm = existing data dir; SQLite; {os.cpu_count()} CPUs)"
    )
    print()
    print_table(summaries, args.messages)
    verdicts = targets(summaries)
    failed = sum(s["failures"] for s in summaries.values())
    errors = sorted({r.error.splitlines()[0] for rs in results.values() for r in rs if r.error})
    for error in errors:
        print(f"failure: {error}")
    print(
        json.dumps(
            {
                "benchmark": "startup",
                "runs": args.runs,
                "messages": args.messages,
                "cpus": os.cpu_count(),
                "variants": summaries,
                "targets": verdicts,
                "failures": failed,
                "errors": errors,
                "details": {v: [r.to_json() for r in rs] for v, rs in results.items()},
            },
            ensure_ascii=False,
        )
    )
    return 1 if failed else 0


@contextmanager
def _no_emulator() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    sys.exit(main())

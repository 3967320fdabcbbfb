"""Several real `josoor run` workers on one PostgreSQL database, as in production (issue 13).

Each worker is its own process (`python -m bot run`, its own port) in Telegram webhook mode,
talking to the Bot API emulator of this process. The emulator enforces Telegram's limits
(30 a second, 1 a second per chat, 429s counted) and its updates are POSTed by a pusher,
the way Telegram calls a webhook, to a tiny round-robin load balancer in front of the
workers (a worker that does not answer is skipped; an update not answered 200 goes out
again). Workers can be SIGKILLed and started again. Used by tests/cluster and bench/scale.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

TOKEN = "654321:CLUSTER-token-for-the-emulator-only"
SECRET = "cluster_Webhook-secret"
WEBHOOK = "/webhooks/telegram"
ROOT = Path(__file__).resolve().parents[2]
CONFIG = """\
http: {{host: 127.0.0.1}}
telegram: {{mode: webhook, webhook_url: "https://cluster.test", max_messages_per_second: {rate}}}
reminders: {{sweep_seconds: 1}}
nlu: {{backend: rasa, rasa_url: "http://127.0.0.1:9", timeout_seconds: 0.5}}
logging: {{level: WARNING}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Worker:
    index: int
    port: int
    env: dict[str, str]
    log: Path
    process: asyncio.subprocess.Process | None = None
    kills: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run",
                cwd=ROOT, env=self.env, stdout=out, stderr=out,
            )  # fmt: skip

    async def ready(self, client: httpx.AsyncClient, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.returncode is not None:
                raise RuntimeError(f"worker {self.index} exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                answer = await client.get(f"{self.url}/healthz", timeout=1.0)
                if answer.status_code == 200 and answer.json().get("status") == "ok":
                    return
            await asyncio.sleep(0.1)
        raise TimeoutError(f"worker {self.index} not ready: {self.log.read_text()[-2000:]}")

    async def kill(self) -> None:
        """SIGKILL: no clean-up at all, as when a machine dies."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        self.kills += 1

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@dataclass
class Cluster:
    api: TelegramBotApiEmulator
    workers: list[Worker]
    balancer_port: int
    #: Seconds from a webhook POST to its answer, and the status of each answer.
    acks: list[tuple[float, int]] = field(default_factory=list)
    _turn: itertools.cycle[int] = field(default_factory=lambda: itertools.cycle([0]))

    def next_worker(self) -> Worker:
        return self.workers[next(self._turn) % len(self.workers)]


def worker_env(
    database_url: str, api: TelegramBotApiEmulator, port: int, data_dir: Path, config: Path
) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
    return {
        **keep,
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": api.api_root,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "JOSOOR_PORT": str(port),
        "JOSOOR_DATA_DIR": str(data_dir),
        "JOSOOR_CONFIG": str(config),
        "PYTHONUNBUFFERED": "1",
    }


def balancer(cluster: Cluster, client: httpx.AsyncClient) -> Starlette:
    """Round robin over the workers; one that refuses the connection is skipped."""

    async def forward(request: Request) -> Response:
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        for _ in range(len(cluster.workers)):
            worker = cluster.next_worker()
            try:
                answer = await client.post(
                    f"{worker.url}{WEBHOOK}", content=body, headers=headers, timeout=60.0
                )
            except httpx.TransportError:
                continue  # down (killed, or not started yet): the next one
            return Response(answer.content, status_code=answer.status_code)
        return Response(b"no worker", status_code=502)

    return Starlette(routes=[Route(WEBHOOK, forward, methods=["POST"])])


def _chat_of(update: dict[str, Any]) -> int:
    for kind in ("message", "edited_message"):
        if kind in update:
            return int(update[kind]["chat"]["id"])
    if "callback_query" in update:
        return int(update["callback_query"]["from"]["id"])
    return 0


async def push_updates(cluster: Cluster, client: httpx.AsyncClient) -> None:
    """What Telegram does in webhook mode: POST each update until it is answered 200, one
    at a time per chat, many chats at once."""
    busy: set[int] = set()
    url = f"http://127.0.0.1:{cluster.balancer_port}{WEBHOOK}"
    tasks: set[asyncio.Task[None]] = set()

    async def post(update: dict[str, Any], chat: int) -> None:
        started = time.monotonic()
        status = 0
        try:
            answer = await client.post(
                url,
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                timeout=60.0,
            )
            status = answer.status_code
        except httpx.HTTPError:
            status = 0
        finally:
            cluster.acks.append((time.monotonic() - started, status))
            cluster.api.webhook_answered(int(update["update_id"]), ok=status == 200)
            busy.discard(chat)

    while True:
        for update in cluster.api.webhook_batch():
            chat = _chat_of(update)
            if chat in busy:
                cluster.api.webhook_answered(int(update["update_id"]), ok=False)
                continue
            busy.add(chat)
            task = asyncio.create_task(post(update, chat))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def cluster(
    database_url: str, workdir: Path, *, workers: int = 3, rate: float = 28.0
) -> AsyncIterator[Cluster]:
    """The emulator (enforcing Telegram's limits), the balancer, the pusher and N workers."""
    config = workdir / "config.yaml"
    config.write_text(CONFIG.format(rate=rate))
    async with TelegramBotApiEmulator(token=TOKEN) as api, httpx.AsyncClient() as client:
        api.enforce_rate_limits(global_per_second=30, per_chat_per_second=1)
        running = Cluster(api, [], free_port())
        for n in range(workers):
            port = free_port()
            data_dir = workdir / f"worker{n}"
            data_dir.mkdir(parents=True, exist_ok=True)
            env = worker_env(database_url, api, port, data_dir, config)
            running.workers.append(Worker(n, port, env, workdir / f"worker{n}.log"))
        running._turn = itertools.cycle(range(workers))
        server = uvicorn.Server(
            uvicorn.Config(
                balancer(running, client),
                host="127.0.0.1",
                port=running.balancer_port,
                log_level="warning",
                access_log=False,
                lifespan="off",
            )
        )
        serving = asyncio.create_task(server.serve())
        pushing = asyncio.create_task(push_updates(running, client))
        try:
            for worker in running.workers:
                await worker.start()
            for worker in running.workers:
                await worker.ready(client)
            yield running
        finally:
            for worker in running.workers:
                await worker.stop()
            pushing.cancel()
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await pushing
            await asyncio.wait_for(serving, 10)

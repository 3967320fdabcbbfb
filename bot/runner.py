"""`josoor run`: every configured channel and the web chat on one HTTP server, the periodic
jobs and the outbox loop. Several of these workers may share one PostgreSQL database (see
the README, "Running several workers")."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator

import uvicorn

from bot.app import build_core, start_understanding
from bot.channels.registry import build_channels
from bot.channels.supervisor import ChannelSupervisor
from bot.config import Settings
from bot.storage.backup import run_lock, sqlite_path
from bot.storage.listen import OutboxListener, SessionLock
from bot.web.app import build_web_app
from dialogs.notices import NoticeRenderer
from scheduler.jobs import build_scheduler
from scheduler.loop import OutboxLoop

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM after shutting down, which would end the process with a
    signal before our own clean-up ran; we install our own handlers instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _stop_on_signals(server: uvicorn.Server) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))


#: The advisory lock a worker polling Telegram holds: two pollers would steal each other's
#: updates (Telegram answers the second getUpdates with 409 Conflict).
POLLING_LOCK = "josoor:telegram-polling"


class RunRefused(Exception):
    """The bot must not start like this (said in one line; exit status 1)."""


async def run(settings: Settings) -> None:
    with _run_lock(settings):
        polling = await _polling_lock(settings)
        try:
            await _run(settings)
        finally:
            if polling is not None:
                await polling.release()


async def _polling_lock(settings: Settings) -> SessionLock | None:
    """Telegram long polling runs on one worker per database; more need webhook mode."""
    url = settings.database_url()
    if settings.telegram.token is None or settings.telegram.mode != "polling":
        return None
    if not url.startswith("postgres"):
        return None  # SQLite: one process (the run lock beside the database file)
    lock = SessionLock(url, POLLING_LOCK)
    if not await lock.acquire(wait=False):
        raise RunRefused(
            "another worker on this database is already polling Telegram; with several "
            "workers use webhook mode (telegram.mode: webhook, see the README, "
            "'Running several workers')"
        )
    return lock


def _run_lock(settings: Settings) -> contextlib.AbstractContextManager[None]:
    """Held shared while the bot runs on SQLite, so `josoor db restore` refuses meanwhile."""
    database = sqlite_path(settings.database_url())
    return run_lock(database) if database is not None else contextlib.nullcontext()


async def _run(settings: Settings) -> None:
    core = await build_core(settings)
    channels = build_channels(core)
    for channel in channels:
        core.senders.add(channel)
    notices = NoticeRenderer(core.catalogs)
    scheduler = build_scheduler(
        core.uow_factory, core.clock, core.worker, core.senders, progress=notices
    )
    wakeup = core.uow_factory.wakeup
    outbox = OutboxLoop(
        core.uow_factory,
        core.clock,
        core.senders,
        notices,
        settings.reminders.durations(),
        wakeup,
        core.worker,
        settings.reminders.sweep_seconds,
    )
    url = settings.database_url()
    listener = OutboxListener(url, wakeup) if url.startswith("postgres") else None
    supervisor = ChannelSupervisor(channels)
    app = build_web_app(
        core,
        extra_routes=[r for c in channels for r in c.routes()],
        channel_states=supervisor.states,
    )
    server = _Server(
        uvicorn.Config(
            app,
            host=settings.http.host,
            port=settings.http.port,
            log_level="warning",
            access_log=False,  # request lines can carry personal data
            lifespan="off",
        )
    )
    outbox_task: asyncio.Task[None] | None = None
    try:
        await supervisor.start_all()  # a platform that is down is retried in the background
        scheduler.start()
        if listener is not None:
            await listener.start()
        outbox_task = asyncio.create_task(outbox.run(), name="outbox")
        await start_understanding(core)
        log.info(
            "Josoor is running: web chat at http://%s:%d/ (%s), worker %s",
            settings.http.host,
            settings.http.port,
            ", ".join(c.name for c in channels) or "no channel tokens: web chat only",
            core.worker,
        )
        _stop_on_signals(server)
        await server.serve()  # returns when a signal sets should_exit
    finally:
        log.info("stopping")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        if outbox_task is not None:
            outbox_task.cancel()  # sends under way finish; unstarted rows go back
            with contextlib.suppress(asyncio.CancelledError):
                await outbox_task
        if listener is not None:
            await listener.stop()
        await supervisor.stop_all()
        await core.close()

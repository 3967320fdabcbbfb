"""`josoor run`: every configured channel and the web chat on one HTTP server."""

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
from bot.web.app import build_web_app
from dialogs.notices import NoticeRenderer
from scheduler.jobs import build_scheduler

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


async def run(settings: Settings) -> None:
    with _run_lock(settings):
        await _run(settings)


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
        core.uow_factory,
        core.clock,
        core.senders,
        notices,
        settings.reminders.durations(),
        settings.reminders.sweep_seconds,
        progress=notices,
    )
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
    try:
        await supervisor.start_all()  # a platform that is down is retried in the background
        scheduler.start()
        await start_understanding(core)
        log.info(
            "Josoor is running: web chat at http://%s:%d/ (%s)",
            settings.http.host,
            settings.http.port,
            ", ".join(c.name for c in channels) or "no channel tokens: web chat only",
        )
        _stop_on_signals(server)
        await server.serve()  # returns when a signal sets should_exit
    finally:
        log.info("stopping")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await supervisor.stop_all()
        await core.close()

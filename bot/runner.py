"""`josoor run`: every configured channel and the web chat on one HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator

import uvicorn

from bot.app import build_core
from bot.config import Settings
from bot.web.app import build_web_app
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
    core = await build_core(settings)
    telegram = None
    if settings.telegram.token is not None:
        from bot.channels.telegram.adapter import TelegramChannel  # only when configured

        telegram = TelegramChannel(
            settings.telegram.token.get_secret_value(),
            settings.telegram.api_base,
            core.service,
            core.catalogs,
            max_messages_per_second=settings.telegram.max_messages_per_second,
            poll_timeout=settings.telegram.poll_timeout_seconds,
        )
    scheduler = build_scheduler(core.uow_factory, core.clock)
    app = build_web_app(core)
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
        if telegram is not None:
            await telegram.start()
        scheduler.start()
        log.info(
            "Josoor is running: web chat at http://%s:%d/ (%s)",
            settings.http.host,
            settings.http.port,
            "Telegram on" if telegram else "no Telegram token: web chat only",
        )
        _stop_on_signals(server)
        await server.serve()  # returns when a signal sets should_exit
    finally:
        log.info("stopping")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        if telegram is not None:
            await telegram.stop()
        await core.close()

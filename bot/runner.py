"""`josoor run`: every configured channel and the web chat on one HTTP server."""

from __future__ import annotations

import logging

import uvicorn

from bot.app import build_core
from bot.config import Settings
from bot.web.app import build_web_app
from scheduler.jobs import build_scheduler

log = logging.getLogger(__name__)


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
    server = uvicorn.Server(
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
        await server.serve()  # returns on SIGINT or SIGTERM
    finally:
        log.info("stopping")
        if scheduler.running:
            scheduler.shutdown(wait=False)
        if telegram is not None:
            await telegram.stop()
        await core.close()

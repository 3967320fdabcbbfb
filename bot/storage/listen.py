"""PostgreSQL's LISTEN/NOTIFY and session advisory locks, each on a connection of its own.

Both need one long-lived session: a LISTEN only hears on the connection that issued it, and
a session advisory lock is held as long as its connection lives (and released by PostgreSQL
when the process dies, which is what makes it a safe "only one of us" marker). They live
outside the pool, so a worker uses at most `pool_size + max_overflow` pooled connections
plus one for listening and, in Telegram polling mode, one for the polling lock.
A pooler in transaction mode (PgBouncer's default) breaks both: see the README.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bot.core.common.wakeup import Wakeup
from bot.storage.common.outbox import OUTBOX_CHANNEL

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 5.0


def plain_dsn(url: str) -> str:
    """The SQLAlchemy URL as asyncpg's own DSN (no `+asyncpg` driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def lock_key(name: str) -> int:
    """A stable 64-bit advisory lock key for a name (`josoor:migrate`, `josoor:polling`)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class OutboxListener:
    """Rings the worker's `Wakeup` whenever any worker commits new outbox rows.

    If the connection drops (a database restart), it reconnects every few seconds and rings
    once when back, so work queued meanwhile is not left for the next sweep.
    """

    def __init__(self, url: str, wakeup: Wakeup) -> None:
        self._dsn = plain_dsn(url)
        self._wakeup = wakeup
        self._connection: Any = None
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()

    async def start(self) -> None:
        await self._connect()
        self._task = asyncio.create_task(self._watch(), name="outbox-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close(timeout=2)

    async def _connect(self) -> None:
        connection = await asyncpg.connect(self._dsn)
        await connection.add_listener(OUTBOX_CHANNEL, self._heard)
        connection.add_termination_listener(lambda _: self._lost.set())
        self._connection = connection

    def _heard(self, *_: object) -> None:
        self._wakeup.ring()

    async def _watch(self) -> None:
        while True:
            await self._lost.wait()
            self._lost.clear()
            log.warning("lost the outbox listener's connection; reconnecting")
            while True:
                await asyncio.sleep(RECONNECT_SECONDS)
                try:
                    await self._connect()
                except (OSError, asyncpg.PostgresError):
                    continue
                self._wakeup.ring()
                break


class SessionLock:
    """A PostgreSQL session advisory lock held on a connection of its own until `release`."""

    def __init__(self, url: str, name: str) -> None:
        self._dsn = plain_dsn(url)
        self._key = lock_key(name)
        self._connection: Any = None

    async def acquire(self, *, wait: bool) -> bool:
        """Take the lock; with `wait=False` return False at once when another session holds
        it."""
        connection = await asyncpg.connect(self._dsn)
        try:
            if wait:
                await connection.execute("SELECT pg_advisory_lock($1)", self._key)
                got = True
            else:
                got = bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", self._key))
        except BaseException:
            await connection.close()
            raise
        if not got:
            await connection.close()
            return False
        self._connection = connection
        return True

    async def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.execute("SELECT pg_advisory_unlock($1)", self._key)
            with contextlib.suppress(Exception):
                await self._connection.close(timeout=2)
            self._connection = None

"""Engine creation: SQLite (WAL, busy timeout, immediate writes) or PostgreSQL (asyncpg).

Both engines hide SQL parameters in their error messages (`hide_parameters=True`): a failed
write inside a dialog would otherwise put what the member typed into the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
#: The engine the composition root holds, named here so that only storage names SQLAlchemy.
Engine: TypeAlias = AsyncEngine


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite://` URLs and pick the async drivers."""
    parsed = make_url(url)
    driver = {
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
        "sqlite": "sqlite+aiosqlite",
    }.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


@dataclass(frozen=True, slots=True)
class PoolBudget:
    """A PostgreSQL worker's connections: `size` kept, `overflow` more in a burst, then a
    wait of at most `timeout` seconds (an error, not a new connection)."""

    size: int = 5
    overflow: int = 2
    timeout: float = 10.0


def create_engine(url: str, *, echo: bool = False, pool: PoolBudget | None = None) -> AsyncEngine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _create_sqlite_engine(url, echo=echo)
    pool = pool or PoolBudget()
    return create_async_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=pool.size,
        max_overflow=pool.overflow,
        pool_timeout=pool.timeout,
        hide_parameters=True,
    )


def _create_sqlite_engine(url: str, *, echo: bool) -> AsyncEngine:
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=8,
        max_overflow=8,
        connect_args={"timeout": 30},
        hide_parameters=True,  # error messages would otherwise carry texts, names and ids
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so that `begin` below can say IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Every unit of work takes the write lock up front: a check-then-write cannot race.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


async def ping(engine: AsyncEngine) -> bool:
    """True when the database answers a trivial query."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True

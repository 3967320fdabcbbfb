"""Bring a database to the newest schema. `josoor run` does this by itself at start-up.

Alembic takes a quarter of a second to import, so a database already at the newest revision
is recognised without it: the head is read from the migration files, the current revision
from the `alembic_version` table.

Several workers starting at once on one PostgreSQL database migrate once: the upgrade runs
under a session advisory lock, and a worker that waited for it finds the database at the
head and goes on. (SQLite is one process: its migration takes the database's write lock.)
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.storage.database import create_engine
from bot.storage.listen import SessionLock

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^revision: str = ['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision: str \| None = ['\"]([^'\"]+)['\"]", re.MULTILINE)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def known_revisions() -> set[str]:
    """Every revision the migration files know."""
    revisions: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        revisions.update(_REVISION.findall(path.read_text(encoding="utf-8")))
    return revisions


def head_revision() -> str:
    """The one revision no other migration builds on."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        parents.update(_DOWN.findall(source))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


async def current_revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            value = await connection.scalar(text("SELECT version_num FROM alembic_version"))
            return str(value) if value is not None else None
    except DBAPIError:
        return None  # a new database: no version table yet
    finally:
        await engine.dispose()


def upgrade_blocking(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


#: The advisory lock every worker takes around its migration.
MIGRATION_LOCK = "josoor:migrate"


async def upgrade(url: str, revision: str = "head") -> None:
    """Migrate unless already at the head; Alembic's env runs its own loop, so in a thread."""
    head = await asyncio.to_thread(head_revision)
    if revision == "head" and await current_revision(url) == head:
        return
    if not url.startswith("postgres"):
        await asyncio.to_thread(upgrade_blocking, url, revision)
        return
    lock = SessionLock(url, MIGRATION_LOCK)
    await lock.acquire(wait=True)
    try:
        if revision == "head" and await current_revision(url) == head:
            return  # another worker migrated while we waited
        await asyncio.to_thread(upgrade_blocking, url, revision)
    finally:
        await lock.release()

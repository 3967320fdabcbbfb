"""Backups of the embedded database (SQLite): taken while the bot runs, restored while not.

`backup` uses SQLite's online backup API: it copies every page in one step under a read
transaction, so the copy is the database as it was at one instant, whatever the bot writes
meanwhile (WAL mode lets it go on writing). `restore` copies a backup back with the same
API after checking that it is a Josoor database SQLite finds intact and no newer than this
code; it refuses while `josoor run` holds the run lock of the data directory, because the
running bot would go on with what it has in memory (and then write over the restore).
PostgreSQL has pg_dump and pg_restore for both (see the README).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite database URL; None for PostgreSQL (or an in-memory SQLite)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    return Path(parsed.database)


class BackupError(Exception):
    """A clear one-line reason why a backup or restore was not done."""


@contextlib.contextmanager
def run_lock(database: Path, *, exclusive: bool = False) -> Iterator[None]:
    """A lock beside the database file: every `josoor run` holds it shared, `restore` needs
    it alone (raises BackupError while the bot runs)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    path = database.with_name(database.name + ".run-lock")
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(
                descriptor, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
            )
        except BlockingIOError:
            raise BackupError(
                "Josoor is running on this database; stop it first (a running bot would go on "
                "with what it has in memory and write over the restore)"
            ) from None
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def backup(database: Path, target: Path) -> None:
    if not database.exists():
        raise BackupError(f"there is no database at {database}")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    partial.replace(target)  # a backup file is complete, or it is not there


def restore(backup_file: Path, database: Path, head: str, known: set[str]) -> str:
    """Copy `backup_file` over `database`; returns the backup's schema revision."""
    if not backup_file.is_file():
        raise BackupError(f"there is no backup at {backup_file}")
    revision = _check(backup_file, known)
    if revision not in known:
        raise BackupError(
            f"{backup_file} was made by a newer Josoor (schema {revision}, this one knows up "
            f"to {head}); update Josoor first"
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(database)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return revision


def _check(backup_file: Path, known: set[str]) -> str:
    try:
        connection = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            [status] = connection.execute("PRAGMA integrity_check").fetchone()
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        raise BackupError(f"{backup_file} is not a Josoor database backup") from None
    if status != "ok":
        raise BackupError(f"{backup_file} is damaged (SQLite's integrity check failed)")
    if revision is None:
        raise BackupError(f"{backup_file} is not a Josoor database backup")
    return str(revision[0])

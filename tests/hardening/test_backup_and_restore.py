"""Backups of the embedded database (issue 16, point 7): `josoor db backup` while the bot
writes (mid-broadcast) and `josoor db restore` lose no member, RSVP or outbox row; restore
refuses while the bot runs; misuse is one clear line and exit status 2."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.storage.backup import run_lock, sqlite_path
from bot.storage.common.tables import OutboxRow
from bot.storage.members.tables import MemberRow
from tests.test_meetups import joined, new_meetup

MemberFactory = Callable[..., MemoryMember]


async def josoor(database_url: str, *args: str) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "JOSOOR_CONFIG": "/nonexistent.yaml"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, output.decode()


def rows(path: Path, query: str) -> set[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return set(connection.execute(query).fetchall())
    finally:
        connection.close()


async def test_a_backup_taken_mid_broadcast_restores_everything(
    member_factory: MemberFactory, core: Core, tmp_path: Path
) -> None:
    url = core.settings.database_url()
    live = sqlite_path(url)
    if live is None:
        pytest.skip("backups of PostgreSQL are pg_dump's (see the next test)")
    meetup = await new_meetup(core, core.clock.now() + timedelta(days=5), capacity=100)
    people = [await joined(member_factory) for _ in range(12)]
    for person in people:
        await person.press(f"rsvp:yes:{meetup.id}")
    async with core.engine.begin() as connection:
        members = [m for (m,) in (await connection.execute(select(MemberRow.id))).all()]
        await connection.execute(
            insert(OutboxRow),
            [
                {"member_id": m, "kind": "broadcast", "subject_id": 1, "due_at": core.clock.now(),
                 "dedupe_key": f"bc:1:{m}", "status": "sent" if i % 2 else "pending",
                 "attempts": 0}
                for i, m in enumerate(members)
            ],
        )  # fmt: skip

    def snapshot(path: Path) -> dict[str, set[tuple[object, ...]]]:
        return {
            "members": rows(path, "SELECT id FROM members"),
            "rsvps": rows(path, "SELECT meetup_id, member_id, status FROM rsvps"),
            "outbox": rows(path, "SELECT id FROM outbox"),
            "sent": rows(path, "SELECT id FROM outbox WHERE status = 'sent'"),
        }

    assert live is not None
    before = snapshot(live)
    assert len(before["members"]) == 12 and len(before["rsvps"]) == 12
    stop = asyncio.Event()

    async def broadcasting() -> int:
        """The dispatcher marks rows sent and new people arrive while the backup runs."""
        written = 0
        while not stop.is_set():
            async with core.engine.begin() as connection:
                pending = await connection.scalar(
                    select(OutboxRow.id).where(OutboxRow.status == "pending").limit(1)
                )
                if pending is not None:
                    await connection.execute(
                        update(OutboxRow).where(OutboxRow.id == pending).values(status="sent")
                    )
            await joined(member_factory)
            written += 1
        return written

    writer = asyncio.create_task(broadcasting())
    backup_file = tmp_path / "backups" / "josoor.sqlite3"
    backup_file.parent.mkdir()
    status, output = await josoor(url, "db", "backup", str(backup_file))
    stop.set()
    assert await writer > 0
    assert status == 0, output

    restored = tmp_path / "restored" / "josoor.sqlite3"
    status, output = await josoor(f"sqlite:///{restored}", "db", "restore", str(backup_file))
    assert status == 0, output
    after = snapshot(restored)
    for table in ("members", "rsvps", "outbox", "sent"):
        assert before[table] <= after[table], table  # nothing committed before it is lost
    assert rows(restored, "PRAGMA integrity_check") == {("ok",)}

    # While the bot runs, restore refuses; a second backup to the same file is refused too.
    with run_lock(live):
        status, output = await josoor(url, "db", "restore", str(backup_file))
    assert status == 2 and "running" in output and "Traceback" not in output
    status, output = await josoor(url, "db", "backup", str(backup_file))
    assert status == 2 and "exists" in output


async def test_misuse_is_a_clear_line_and_exit_status_2(core: Core, tmp_path: Path) -> None:
    url = core.settings.database_url()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    if sqlite_path(url) is None:
        status, output = await josoor(url, "db", "backup", str(tmp_path / "x.sqlite3"))
        assert status == 2 and "pg_dump" in output
        status, output = await josoor(url, "db", "restore", str(not_a_backup))
        assert status == 2 and "pg_restore" in output
        return
    for path, words in (
        (not_a_backup, "not a Josoor database"),
        (tmp_path / "missing.sqlite3", "no backup"),
    ):
        status, output = await josoor(url, "db", "restore", str(path))
        assert status == 2 and words in output, output
        assert "Traceback" not in output
    status, output = await josoor(url, "db")
    assert status == 2

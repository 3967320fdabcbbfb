"""`/forget` leaves nothing of a member in any table (issue 16, point 8).

The rows are generated from the SQLAlchemy metadata, so a new table is covered without
anyone remembering to add it here: every table gets a row for the member who forgets and one
for a bystander, with foreign keys to members pointing at them and other foreign keys at the
rows made for the same person. A table with no foreign-key path to `members` must say
`info={"member_data": False}`, or this test fails and asks whose data it holds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Table, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.storage.common.repository import SqlRepository
from bot.storage.common.tables import Base, UTCDateTime
from bot.storage.tables import *  # noqa: F403 - every feature's tables in the metadata

MEMBERS = "members"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def member_tables() -> tuple[set[str], set[str]]:
    """(tables that refer to members at all, tables whose rows die with the member)."""
    refer, owned = {MEMBERS}, {MEMBERS}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target in refer and table.name not in refer:
                    refer.add(table.name)
                    changed = True
                if target in owned and fk.ondelete == "CASCADE" and table.name not in owned:
                    owned.add(table.name)
                    changed = True
    return refer, owned


def test_every_table_is_about_members_or_says_it_is_not() -> None:
    refer, _ = member_tables()
    undeclared = [
        table.name
        for table in Base.metadata.sorted_tables
        if table.name not in refer and table.info.get("member_data") is not False
    ]
    assert undeclared == [], f"whose data do {undeclared} hold? link them or mark them"


#: Columns the /forget path reads back into domain types need a valid value; every other
#: column gets one made from its type. (A new column read on that path fails here, by name.)
VALID = {
    ("consents", "kind"): "privacy_notice",
    ("rsvps", "status"): "going",
    ("meetups", "status"): "scheduled",
}


def value_for(table: Table, column: Any, tag: int) -> object:
    if (table.name, column.name) in VALID:
        return VALID[(table.name, column.name)]
    kind = column.type
    if isinstance(kind, UTCDateTime | DateTime):
        return NOW
    if isinstance(kind, Date):
        return NOW.date()
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return tag
    if isinstance(kind, Float):
        return 1.5
    if isinstance(kind, JSON):
        return []
    if isinstance(kind, String):
        length = kind.length or 64
        return f"{tag}{table.name}.{column.name}"[:length]
    raise AssertionError(f"no generated value for {table.name}.{column.name} ({kind!r})")


async def fill(connection: AsyncConnection, member_id: int, tag: int) -> dict[str, dict]:  # type: ignore[type-arg]
    """One row per table for this member; returns each row's values by table."""
    rows: dict[str, dict[str, Any]] = {}
    async with connection.begin_nested():
        for table in Base.metadata.sorted_tables:
            if table.name == MEMBERS:
                rows[MEMBERS] = {"id": member_id}
                continue
            values: dict[str, Any] = {}
            for column in table.columns:
                fks = list(column.foreign_keys)
                if fks:
                    target = fks[0].column
                    if target.table.name == MEMBERS:
                        values[column.name] = member_id
                    elif target.table.name in rows and target.table.name != table.name:
                        values[column.name] = rows[target.table.name][target.name]
                    elif not column.nullable:
                        raise AssertionError(f"{table.name}.{column.name}: no row to refer to")
                elif column.primary_key and isinstance(column.type, Integer):
                    continue  # the database numbers it
                else:
                    values[column.name] = value_for(table, column, tag)
            # A row the dialogs made already (their conversation, membership) stays as it is.
            insert = SqlRepository.insert_for(connection.dialect.name)
            result = await connection.execute(
                insert(table).values(**values).on_conflict_do_nothing()
            )
            if result.rowcount:
                keys = result.inserted_primary_key
                for column, key in zip(table.primary_key.columns, keys, strict=True):
                    values[column.name] = key
            rows[table.name] = values
    return rows


async def count_of(connection: AsyncConnection, table: Table, values: dict) -> int:  # type: ignore[type-arg]
    keys = [c for c in table.primary_key.columns]
    where = [c == values[c.name] for c in keys]
    return int(await connection.scalar(select(func.count()).select_from(table).where(*where)))


async def test_forget_leaves_nothing_of_the_member_in_any_table(
    member_factory: Any, core: Core
) -> None:
    person: MemoryMember = member_factory("fa", "Dariush")
    bystander: MemoryMember = member_factory("uk", "Olena")
    for someone, locale in ((person, "fa"), (bystander, "uk")):
        await someone.say("/start")
        await someone.press(f"consent:accept:{locale}")
        await someone.press("role:newcomer")
        await someone.press("join:1")
    ids = {}
    async with core.uow_factory() as uow:
        for someone in (person, bystander):
            found = await uow.members.by_address(someone.address)
            assert found is not None
            ids[someone.external_id] = found.id
    async with core.engine.connect() as connection:
        theirs = await fill(connection, ids[person.external_id], 7)
        others = await fill(connection, ids[bystander.external_id], 8)
        await connection.commit()

    await person.say("/forget")
    await person.press("forget:yes")

    refer, owned = member_tables()
    gone = ids[person.external_id]
    async with core.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name not in refer:
                continue
            for column in table.columns:
                if any(fk.column.table.name == MEMBERS for fk in column.foreign_keys):
                    left = await connection.scalar(
                        select(func.count()).select_from(table).where(column == gone)
                    )
                    assert left == 0, f"{table.name}.{column.name} still names them"
            if table.name in owned:
                assert await count_of(connection, table, theirs[table.name]) == 0, table.name
            assert await count_of(connection, table, others[table.name]) == 1, table.name

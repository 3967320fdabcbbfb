"""The outbox: rows written once (a dedupe key), claimed before sending, finished with what
the platform answered. SQL in, domain objects out; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, select, update

from bot.core.common.outbox import NoticeKind, OutboxItem, OutboxStatus
from bot.storage.common.repository import SqlRepository
from bot.storage.common.tables import OutboxRow


class SqlOutboxRepository(SqlRepository):
    async def enqueue(
        self,
        member_id: int,
        kind: NoticeKind,
        dedupe_key: str,
        due_at: datetime,
        *,
        meetup_id: int | None = None,
        status: OutboxStatus = OutboxStatus.PENDING,
        subject_id: int | None = None,
    ) -> bool:
        """Add a message unless one with the same key exists; True when added."""
        statement = (
            self._insert()(OutboxRow)
            .values(
                member_id=member_id,
                kind=kind.value,
                meetup_id=meetup_id,
                subject_id=subject_id,
                dedupe_key=dedupe_key,
                due_at=due_at,
                status=status.value,
                attempts=0,
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def enqueue_many(self, rows: Sequence[dict[str, object]]) -> None:
        """Bulk `enqueue`: dicts with member_id, kind, meetup_id, dedupe_key, due_at, status.

        One compiled statement run as an executemany: compiling a VALUES list per batch
        costs far more than sending it.
        """
        if not rows:
            return
        statement = self._insert()(OutboxRow).on_conflict_do_nothing(index_elements=["dedupe_key"])
        await self._session.execute(
            statement, [{"subject_id": None, **row, "attempts": 0} for row in rows]
        )

    async def existing_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            found.update(
                await self._session.scalars(
                    select(OutboxRow.dedupe_key).where(OutboxRow.dedupe_key.in_(chunk))
                )
            )
        return found

    async def claim_due(self, now: datetime, limit: int) -> Sequence[OutboxItem]:
        """Mark up to `limit` due pending rows as sending and return them (at most once)."""
        statement = (
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.PENDING.value, OutboxRow.due_at <= now)
            .order_by(OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        rows = list(await self._session.scalars(statement))
        for row in rows:
            row.status = OutboxStatus.SENDING.value
            row.attempts += 1
        await self._session.flush()
        return [_item(row) for row in rows]

    async def finish(
        self,
        item_id: int,
        status: OutboxStatus,
        now: datetime,
        *,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        values: dict[str, object] = {"status": status.value, "last_error": error}
        if status is OutboxStatus.SENT:
            values["sent_at"] = now
        if retry_at is not None:
            values.update(status=OutboxStatus.PENDING.value, due_at=retry_at)
        await self._session.execute(
            update(OutboxRow).where(OutboxRow.id == item_id).values(**values)
        )

    async def finish_many(
        self, item_ids: Sequence[int], status: OutboxStatus, now: datetime, error: str | None
    ) -> None:
        values: dict[str, object] = {"status": status.value, "last_error": error}
        if status is OutboxStatus.SENT:
            values["sent_at"] = now
        for start in range(0, len(item_ids), 500):
            chunk = list(item_ids[start : start + 500])
            await self._session.execute(
                update(OutboxRow).where(OutboxRow.id.in_(chunk)).values(**values)
            )

    async def drop_for_meetup(self, meetup_id: int, kinds: Sequence[NoticeKind]) -> int:
        result = await self._session.execute(
            update(OutboxRow)
            .where(
                and_(
                    OutboxRow.meetup_id == meetup_id,
                    OutboxRow.status == OutboxStatus.PENDING.value,
                    OutboxRow.kind.in_([k.value for k in kinds]),
                )
            )
            .values(status=OutboxStatus.DROPPED.value)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def of_member(self, member_id: int) -> Sequence[OutboxItem]:
        rows = await self._session.scalars(
            select(OutboxRow).where(OutboxRow.member_id == member_id).order_by(OutboxRow.id)
        )
        return [_item(row) for row in rows]


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        member_id=row.member_id,
        kind=NoticeKind(row.kind),
        due_at=row.due_at,
        dedupe_key=row.dedupe_key,
        status=OutboxStatus(row.status),
        meetup_id=row.meetup_id,
        attempts=row.attempts,
        subject_id=row.subject_id,
    )

"""The outbox: rows written once (a dedupe key), leased to one worker before sending,
finished with what the platform answered. Every UPDATE after the claim is guarded by the
lease (`status = 'sending' AND lease_owner = worker`), so a final state is never overwritten
and a worker never records over rows another worker took over. SQL in, domain objects out;
never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, update

from bot.core.common.outbox import (
    UNCERTAIN_WHEN_INTERRUPTED,
    Lease,
    NoticeKind,
    OutboxItem,
    OutboxStatus,
    Recovered,
)
from bot.storage.common.repository import SqlRepository, chunks
from bot.storage.common.tables import OutboxRow

#: The outbox's last_error of a row whose worker died while holding it.
INTERRUPTED = "interrupted"
#: The PostgreSQL NOTIFY channel a commit with new outbox rows signals on.
OUTBOX_CHANNEL = "josoor_outbox"


class SqlOutboxRepository(SqlRepository):
    #: Set when this unit of work queued rows: its commit wakes the dispatchers.
    queued = False

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
        added = bool(result.rowcount)  # type: ignore[attr-defined]
        self.queued = self.queued or (added and status is OutboxStatus.PENDING)
        return added

    async def enqueue_many(self, rows: Sequence[dict[str, object]]) -> None:
        """Bulk `enqueue`: dicts with member_id, kind, meetup_id, dedupe_key, due_at, status.

        One compiled statement run as an executemany: compiling a VALUES list per batch
        costs far more than sending it.
        """
        if not rows:
            return
        self.queued = True
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

    async def claim_due(self, now: datetime, limit: int, lease: Lease) -> Sequence[OutboxItem]:
        """Lease up to `limit` due pending rows to `lease.worker` and return them.

        On PostgreSQL `FOR UPDATE SKIP LOCKED`: workers claiming at once get disjoint rows
        without waiting for each other. SQLite has one writer (one process) at a time.
        """
        statement = (
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.PENDING.value, OutboxRow.due_at <= now)
            .order_by(OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
        )
        if self._is_postgres():
            statement = statement.with_for_update(skip_locked=True)
        rows = list(await self._session.scalars(statement))
        if not rows:
            return []
        ids = [row.id for row in rows]
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(ids))
            .values(
                status=OutboxStatus.SENDING.value,
                attempts=OutboxRow.attempts + 1,
                lease_owner=lease.worker,
                lease_until=lease.until,
                started_at=None,
            )
            .execution_options(synchronize_session=False)
        )
        return [replace(_item(row), status=OutboxStatus.SENDING, attempts=row.attempts + 1)
                for row in rows]  # fmt: skip

    async def mark_started(self, item_ids: Sequence[int], now: datetime, worker: str) -> None:
        for chunk in chunks(item_ids):
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(chunk), _held_by(worker))
                .values(started_at=now)
            )

    async def renew(self, worker: str, until: datetime) -> int:
        result = await self._session.execute(
            update(OutboxRow).where(_held_by(worker)).values(lease_until=until)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def recover_expired(self, now: datetime) -> Recovered:
        """Rows `sending` under an expired lease: never started → pending; started → sent
        again, or `uncertain` for the kinds in `UNCERTAIN_WHEN_INTERRUPTED`."""
        expired = and_(
            OutboxRow.status == OutboxStatus.SENDING.value,
            or_(OutboxRow.lease_until.is_(None), OutboxRow.lease_until < now),
        )
        statement = select(
            OutboxRow.id, OutboxRow.kind, OutboxRow.started_at, OutboxRow.lease_owner
        ).where(expired)
        if self._is_postgres():
            statement = statement.with_for_update(skip_locked=True)
        rows = (await self._session.execute(statement)).all()
        if not rows:
            return Recovered()
        unsure = {kind.value for kind in UNCERTAIN_WHEN_INTERRUPTED}
        requeue = [r.id for r in rows if r.started_at is None]
        resend = [r.id for r in rows if r.started_at is not None and r.kind not in unsure]
        uncertain = [r.id for r in rows if r.started_at is not None and r.kind in unsure]
        free = {"lease_owner": None, "lease_until": None, "started_at": None}
        for chunk in chunks(requeue):
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(chunk), expired)
                .values(status=OutboxStatus.PENDING.value, attempts=OutboxRow.attempts - 1, **free)
            )
        for chunk in chunks(resend):
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(chunk), expired)
                .values(status=OutboxStatus.PENDING.value, last_error=INTERRUPTED, **free)
            )
        for chunk in chunks(uncertain):
            await self._session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(chunk), expired)
                .values(status=OutboxStatus.UNCERTAIN.value, last_error=INTERRUPTED, **free)
            )
        return Recovered(
            requeued=len(requeue),
            resent=len(resend),
            uncertain=len(uncertain),
            workers=tuple(sorted({r.lease_owner or "unknown" for r in rows})),
        )

    async def next_due(self) -> datetime | None:
        return await self._session.scalar(
            select(func.min(OutboxRow.due_at)).where(
                OutboxRow.status == OutboxStatus.PENDING.value
            )
        )

    async def retry(
        self, item_id: int, worker: str, now: datetime, retry_at: datetime, error: str | None
    ) -> bool:
        result = await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id, _held_by(worker))
            .values(
                status=OutboxStatus.PENDING.value,
                due_at=retry_at,
                last_error=error,
                lease_owner=None,
                lease_until=None,
                started_at=None,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish_many(
        self,
        item_ids: Sequence[int],
        status: OutboxStatus,
        now: datetime,
        error: str | None,
        worker: str,
    ) -> int:
        """Only rows still `sending` under `worker`'s lease change: a row another worker
        took over, or one already final, keeps what it has. PENDING gives rows back."""
        values: dict[str, object] = {"status": status.value, "last_error": error}
        if status is OutboxStatus.SENT:
            values["sent_at"] = now
        values.update(lease_owner=None, lease_until=None)
        if status is OutboxStatus.PENDING:
            values.update(started_at=None, attempts=OutboxRow.attempts - 1)
        changed = 0
        for chunk in chunks(item_ids):
            result = await self._session.execute(
                update(OutboxRow).where(OutboxRow.id.in_(chunk), _held_by(worker)).values(**values)
            )
            changed += int(result.rowcount or 0)  # type: ignore[attr-defined]
        self.queued = self.queued or (status is OutboxStatus.PENDING and changed > 0)
        return changed

    async def census(self) -> Sequence[tuple[str, str, int]]:
        rows = await self._session.execute(
            select(OutboxRow.kind, OutboxRow.status, func.count()).group_by(
                OutboxRow.kind, OutboxRow.status
            )
        )
        return [(kind, status, int(count)) for kind, status, count in rows]

    async def leases(self) -> Sequence[tuple[str, int]]:
        rows = await self._session.execute(
            select(OutboxRow.lease_owner, func.count())
            .where(OutboxRow.status == OutboxStatus.SENDING.value)
            .group_by(OutboxRow.lease_owner)
        )
        return [(owner or "none", int(count)) for owner, count in rows]

    def _is_postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

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


def _held_by(worker: str) -> ColumnElement[bool]:
    return and_(OutboxRow.status == OutboxStatus.SENDING.value, OutboxRow.lease_owner == worker)

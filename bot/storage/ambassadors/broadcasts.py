"""Broadcasts and their language variants; delivery counts come from the shared outbox rows
(kind `broadcast`, `subject_id` = the broadcast's id)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.ambassadors.domain import (
    AudienceKind,
    Broadcast,
    BroadcastStatus,
    DeliveryCounts,
    Variant,
    VariantStatus,
)
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.storage.ambassadors.tables import BroadcastRow, BroadcastVariantRow
from bot.storage.common.tables import OutboxRow

#: The outbox's last_error for a send whose answer never came (see the Telegram adapter).
UNCONFIRMED = "unconfirmed"
INTERRUPTED = "interrupted"


#: Why a notice failed, as the channels report it, counted apart in `DeliveryCounts`.
FAILURE_REASONS = frozenset({"no_template", "outside_window"})


class SqlBroadcastRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        community_id: int,
        created_by: int,
        audience: AudienceKind,
        audience_id: int | None,
        locale: str,
        text: str,
        now: datetime,
    ) -> Broadcast:
        row = BroadcastRow(
            community_id=community_id,
            created_by=created_by,
            audience=audience.value,
            audience_id=audience_id,
            locale=locale,
            status=BroadcastStatus.DRAFT.value,
            recipients=0,
            created_at=now,
            updated_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        original = Variant(locale, text, VariantStatus.APPROVED, created_by)
        await self.put_variant(row.id, original)
        return _broadcast(row, [original])

    async def get(self, broadcast_id: int, *, lock: bool = False) -> Broadcast | None:
        statement = select(BroadcastRow).where(BroadcastRow.id == broadcast_id)
        if lock and self._session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = await self._session.scalar(statement)
        if row is None:
            return None
        return (await self._with_variants([row]))[row.id]

    async def get_many(self, broadcast_ids: Sequence[int]) -> dict[int, Broadcast]:
        if not broadcast_ids:
            return {}
        rows = list(
            await self._session.scalars(
                select(BroadcastRow).where(BroadcastRow.id.in_(list(broadcast_ids)))
            )
        )
        return await self._with_variants(rows)

    async def put_variant(self, broadcast_id: int, variant: Variant) -> None:
        row = await self._session.get(BroadcastVariantRow, (broadcast_id, variant.locale))
        if row is None:
            row = BroadcastVariantRow(broadcast_id=broadcast_id, locale=variant.locale)
            self._session.add(row)
        row.text = variant.text
        row.status = variant.status.value
        row.written_by = variant.written_by
        await self._session.flush()

    async def drop_variant(self, broadcast_id: int, locale: str) -> None:
        await self._session.execute(
            delete(BroadcastVariantRow).where(
                BroadcastVariantRow.broadcast_id == broadcast_id,
                BroadcastVariantRow.locale == locale,
            )
        )

    async def set_status(
        self,
        broadcast_id: int,
        status: BroadcastStatus,
        now: datetime,
        *,
        recipients: int | None = None,
    ) -> None:
        values: dict[str, object] = {"status": status.value, "updated_at": now}
        if recipients is not None:
            values["recipients"] = recipients
        await self._session.execute(
            update(BroadcastRow).where(BroadcastRow.id == broadcast_id).values(**values)
        )

    async def with_status(self, status: BroadcastStatus) -> Sequence[Broadcast]:
        rows = list(
            await self._session.scalars(
                select(BroadcastRow)
                .where(BroadcastRow.status == status.value)
                .order_by(BroadcastRow.id)
            )
        )
        found = await self._with_variants(rows)
        return [found[row.id] for row in rows]

    async def counts(self, broadcast_ids: Sequence[int]) -> dict[int, DeliveryCounts]:
        if not broadcast_ids:
            return {}
        rows = await self._session.execute(
            select(OutboxRow.subject_id, OutboxRow.status, OutboxRow.last_error, func.count())
            .where(
                OutboxRow.kind == NoticeKind.BROADCAST.value,
                OutboxRow.subject_id.in_(list(broadcast_ids)),
            )
            .group_by(OutboxRow.subject_id, OutboxRow.status, OutboxRow.last_error)
        )
        tallies: dict[int, dict[str, int]] = {i: {} for i in broadcast_ids}
        for subject_id, status, error, count in rows:
            tally = tallies[int(subject_id or 0)]
            key = {
                OutboxStatus.PENDING.value: "pending",
                OutboxStatus.SENDING.value: "pending",
                OutboxStatus.SENT.value: "sent",
                OutboxStatus.UNREACHABLE.value: "unreachable",
                OutboxStatus.FAILED.value: "failed",
                OutboxStatus.DROPPED.value: "skipped",
            }[status]
            tally[key] = tally.get(key, 0) + int(count)
            if status == OutboxStatus.SENT.value and error == UNCONFIRMED:
                tally["unconfirmed"] = tally.get("unconfirmed", 0) + int(count)
            if status == OutboxStatus.FAILED.value and error in FAILURE_REASONS:
                tally[error] = tally.get(error, 0) + int(count)
        return {i: DeliveryCounts(**tally) for i, tally in tallies.items()}

    async def interrupt_stuck(self, broadcast_ids: Sequence[int]) -> int:
        if not broadcast_ids:
            return 0
        result = await self._session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.kind == NoticeKind.BROADCAST.value,
                OutboxRow.subject_id.in_(list(broadcast_ids)),
                OutboxRow.status == OutboxStatus.SENDING.value,
            )
            .values(status=OutboxStatus.FAILED.value, last_error=INTERRUPTED)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def _with_variants(self, rows: Sequence[BroadcastRow]) -> dict[int, Broadcast]:
        variants: dict[int, list[Variant]] = {row.id: [] for row in rows}
        if rows:
            for variant in await self._session.scalars(
                select(BroadcastVariantRow).where(
                    BroadcastVariantRow.broadcast_id.in_(list(variants))
                )
            ):
                variants[variant.broadcast_id].append(
                    Variant(
                        variant.locale,
                        variant.text,
                        VariantStatus(variant.status),
                        variant.written_by,
                    )
                )
        return {row.id: _broadcast(row, variants[row.id]) for row in rows}


def _broadcast(row: BroadcastRow, variants: Sequence[Variant]) -> Broadcast:
    return Broadcast(
        id=row.id,
        community_id=row.community_id,
        created_by=row.created_by,
        audience=AudienceKind(row.audience),
        audience_id=row.audience_id,
        locale=row.locale,
        status=BroadcastStatus(row.status),
        created_at=row.created_at,
        recipients=row.recipients,
        variants={v.locale: v for v in variants},
    )

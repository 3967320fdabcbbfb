"""Storage for the WhatsApp adapter: delivery states and the service-window lookup.

Each call is its own short transaction: status webhooks are not conversation turns and have
no unit of work of their own.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.expression import Executable

from bot.core.common.delivery_states import moves_forward
from bot.core.common.domain import Channel
from bot.storage.common.tables import WhatsAppDeliveryRow
from bot.storage.members.tables import ChannelAccountRow

_MAX_KEY = 128


def _key(wamid: str) -> str:
    if len(wamid) <= _MAX_KEY:
        return wamid
    return "sha256:" + hashlib.sha256(wamid.encode()).hexdigest()


class SqlWhatsAppStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def last_inbound_at(self, wa_id: str) -> datetime | None:
        statement = select(ChannelAccountRow.last_inbound_at).where(
            ChannelAccountRow.channel == Channel.WHATSAPP.value,
            ChannelAccountRow.external_id == wa_id,
        )
        async with self._engine.connect() as connection:
            return (await connection.execute(statement)).scalar_one_or_none()

    async def status_of(self, wamid: str) -> str | None:
        statement = select(WhatsAppDeliveryRow.status).where(
            WhatsAppDeliveryRow.wamid == _key(wamid)
        )
        async with self._engine.connect() as connection:
            return (await connection.execute(statement)).scalar_one_or_none()

    async def advance(
        self, wamid: str, status: str, now: datetime, error_code: int | None
    ) -> bool:
        """Compare-and-set, so concurrent statuses for one message cannot move it backwards."""
        key = _key(wamid)
        row = WhatsAppDeliveryRow
        values = {"status": status, "error_code": error_code, "updated_at": now}
        async with self._engine.begin() as connection:
            insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
            for _ in range(3):
                current = (
                    await connection.execute(select(row.status).where(row.wamid == key))
                ).scalar_one_or_none()
                if not moves_forward(current, status):
                    return False
                statement: Executable = (
                    insert(row).values(wamid=key, **values).on_conflict_do_nothing()
                    if current is None
                    else update(row).where(row.wamid == key, row.status == current).values(values)
                )
                result = await connection.execute(statement)
                if result.rowcount:
                    return True
        return False

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(WhatsAppDeliveryRow).where(WhatsAppDeliveryRow.updated_at < cutoff)
            )
        return int(result.rowcount or 0)

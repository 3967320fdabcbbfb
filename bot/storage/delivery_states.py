"""Storage for the WhatsApp adapter: delivery states and the service-window lookup.

Each call is its own short transaction: status webhooks are not conversation turns and have
no unit of work of their own. Message ids are kept as keyed hashes (a wamid encodes the
phone number); an incoming status is matched by hashing its id the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.expression import Executable

from bot.core.common.delivery_states import moves_forward
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.keyed_hash import KeyedHash
from bot.storage.common.tables import WhatsAppDeliveryRow
from bot.storage.members.members import account_matches
from bot.storage.members.tables import ChannelAccountRow


class SqlWhatsAppStore:
    def __init__(self, engine: AsyncEngine, keyed_hash: KeyedHash) -> None:
        self._engine = engine
        self._hash = keyed_hash

    def _key(self, wamid: str) -> str:
        return self._hash("wamid", wamid)

    async def last_inbound_at(self, wa_id: str) -> datetime | None:
        """By number or business-scoped user id, whichever the account is written to at."""
        statement = (
            select(ChannelAccountRow.last_inbound_at)
            .where(account_matches(ChannelAddress(Channel.WHATSAPP, wa_id)))
            .order_by(ChannelAccountRow.last_inbound_at.desc())
            .limit(1)
        )
        async with self._engine.connect() as connection:
            return (await connection.execute(statement)).scalar_one_or_none()

    async def status_of(self, wamid: str) -> str | None:
        statement = select(WhatsAppDeliveryRow.status).where(
            WhatsAppDeliveryRow.wamid == self._key(wamid)
        )
        async with self._engine.connect() as connection:
            return (await connection.execute(statement)).scalar_one_or_none()

    async def advance(
        self,
        wamid: str,
        status: str,
        now: datetime,
        error_code: int | None,
        wa_id: str | None = None,
    ) -> bool:
        """Compare-and-set, so concurrent statuses for one message cannot move it backwards."""
        key = self._key(wamid)
        row = WhatsAppDeliveryRow
        values = {"status": status, "error_code": error_code, "updated_at": now}
        async with self._engine.begin() as connection:
            insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
            member_id = None
            if wa_id is not None:
                member_id = (
                    await connection.execute(
                        select(ChannelAccountRow.member_id)
                        .where(account_matches(ChannelAddress(Channel.WHATSAPP, wa_id)))
                        .limit(1)
                    )
                ).scalar_one_or_none()
            for _ in range(3):
                current = (
                    await connection.execute(select(row.status).where(row.wamid == key))
                ).scalar_one_or_none()
                if not moves_forward(current, status):
                    return False
                statement: Executable = (
                    insert(row)
                    .values(wamid=key, member_id=member_id, **values)
                    .on_conflict_do_nothing()
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

"""Storage for the adapters: WhatsApp delivery states, the service-window lookup and the
options last offered to each member; the web chat's inbox of messages the bot sent on its own.

Each call is its own short transaction: status webhooks are not conversation turns and have
no unit of work of their own. Message ids are kept as keyed hashes (a wamid encodes the
phone number); an incoming status is matched by hashing its id the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.expression import Executable

from bot.core.common.delivery_states import moves_forward
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.keyed_hash import KeyedHash
from bot.storage.common.tables import WebChatInboxRow, WhatsAppChoicesRow, WhatsAppDeliveryRow
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

    async def choices_of(self, wa_id: str) -> tuple[list[tuple[str, str]], bool]:
        row = WhatsAppChoicesRow
        statement = select(row.options, row.numbered).where(
            row.wa_key == self._hash("wa_id", wa_id)
        )
        async with self._engine.connect() as connection:
            found = (await connection.execute(statement)).one_or_none()
        if found is None:
            return [], False
        return [(str(i), str(label)) for i, label in found.options], bool(found.numbered)

    async def offer_choices(
        self, wa_id: str, options: list[tuple[str, str]], numbered: bool, now: datetime
    ) -> None:
        row = WhatsAppChoicesRow
        key = self._hash("wa_id", wa_id)
        async with self._engine.begin() as connection:
            if not options:
                await connection.execute(delete(row).where(row.wa_key == key))
                return
            insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
            member_id = (
                select(ChannelAccountRow.member_id)
                .where(account_matches(ChannelAddress(Channel.WHATSAPP, wa_id)))
                .limit(1)
            )
            values = {
                "options": [list(pair) for pair in options],
                "numbered": numbered,
                "updated_at": now,
            }
            statement = insert(row).values(
                wa_key=key, member_id=member_id.scalar_subquery(), **values
            )
            await connection.execute(
                statement.on_conflict_do_update(index_elements=[row.wa_key], set_=values)
            )

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(WhatsAppDeliveryRow).where(WhatsAppDeliveryRow.updated_at < cutoff)
            )
            await connection.execute(
                delete(WhatsAppChoicesRow).where(WhatsAppChoicesRow.updated_at < cutoff)
            )
        return int(result.rowcount or 0)


class SqlWebChatInbox:
    """Messages for web chat sessions until their page takes them (delete on take)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def put(self, session: str, bodies: list[dict[str, Any]], now: datetime) -> None:
        member_id = (
            select(ChannelAccountRow.member_id)
            .where(
                ChannelAccountRow.channel == Channel.WEBCHAT.value,
                ChannelAccountRow.external_id == session,
            )
            .scalar_subquery()
        )
        async with self._engine.begin() as connection:
            for body in bodies:
                await connection.execute(
                    insert(WebChatInboxRow).values(
                        session=session, member_id=member_id, body=body, created_at=now
                    )
                )

    async def take(self, session: str, limit: int) -> list[dict[str, Any]]:
        """The session's messages, oldest first (at most the newest `limit`), now deleted:
        one poll gets them, whichever worker it reaches."""
        row = WebChatInboxRow
        async with self._engine.begin() as connection:
            taken = (
                await connection.execute(
                    delete(row).where(row.session == session).returning(row.id, row.body)
                )
            ).all()
        return [body for _, body in sorted(taken, key=lambda pair: pair[0])][-limit:]

    async def purge_older_than(self, cutoff: datetime) -> int:
        async with self._engine.begin() as connection:
            result = await connection.execute(
                delete(WebChatInboxRow).where(WebChatInboxRow.created_at < cutoff)
            )
        return int(result.rowcount or 0)

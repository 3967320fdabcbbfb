"""Members and their channel accounts. SQL in, domain objects out; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, or_, select, update

from bot.core.common.domain import Channel, ChannelAddress
from bot.core.members.domain import (
    ChannelAccount,
    Member,
    MemberRole,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.members.tables import (
    ChannelAccountRow,
    MemberRow,
)


def account_of(row: ChannelAccountRow) -> ChannelAccount:
    return ChannelAccount(
        row.member_id,
        ChannelAddress(Channel(row.channel), row.external_id),
        row.last_inbound_at,
        row.scoped_id,
    )


def account_matches(address: ChannelAddress, scoped_id: str | None = None) -> ColumnElement[bool]:
    """The account written to at `address`, or known by it or by `scoped_id` as its scoped
    id: a WhatsApp message may carry the number, the BSUID, or both."""
    ids = [address.external_id] if scoped_id is None else [address.external_id, scoped_id]
    return (ChannelAccountRow.channel == address.channel.value) & or_(
        ChannelAccountRow.external_id == address.external_id,
        ChannelAccountRow.scoped_id.in_(ids),
    )


def member_of(row: MemberRow) -> Member:
    return Member(
        id=row.id,
        locale=row.locale,
        created_at=row.created_at,
        role=MemberRole(row.role) if row.role else None,
        display_name=row.display_name,
        proactive_allowed=row.proactive_allowed,
        unreachable=row.unreachable,
        reminders_enabled=row.reminders_enabled,
    )


class SqlMemberRepository(SqlRepository):
    async def get(self, member_id: int) -> Member | None:
        row = await self._session.get(MemberRow, member_id)
        return member_of(row) if row else None

    async def get_many(self, member_ids: Sequence[int]) -> dict[int, Member]:
        found: dict[int, Member] = {}
        for start in range(0, len(member_ids), 500):
            chunk = list(member_ids[start : start + 500])
            for row in await self._session.scalars(
                select(MemberRow).where(MemberRow.id.in_(chunk))
            ):
                found[row.id] = member_of(row)
        return found

    async def accounts_of_many(self, member_ids: Sequence[int]) -> dict[int, list[ChannelAccount]]:
        found: dict[int, list[ChannelAccount]] = {}
        for start in range(0, len(member_ids), 500):
            chunk = list(member_ids[start : start + 500])
            rows = await self._session.scalars(
                select(ChannelAccountRow)
                .where(ChannelAccountRow.member_id.in_(chunk))
                .order_by(ChannelAccountRow.id)
            )
            for row in rows:
                found.setdefault(row.member_id, []).append(account_of(row))
        return found

    async def by_address(
        self, address: ChannelAddress, scoped_id: str | None = None
    ) -> Member | None:
        account = await self._account(address, scoped_id)
        if account is None:
            return None
        row = await self._session.get(MemberRow, account.member_id)
        return member_of(row) if row else None

    async def _account(
        self, address: ChannelAddress, scoped_id: str | None
    ) -> ChannelAccountRow | None:
        """The matching account; the one with the scoped id first (it never changes, while a
        number may be withheld or belong to someone else later)."""
        rows = list(
            await self._session.scalars(
                select(ChannelAccountRow)
                .where(account_matches(address, scoped_id))
                .order_by(ChannelAccountRow.id)
            )
        )
        by_scoped = [
            row
            for row in rows
            if row.scoped_id is not None and (row.scoped_id in (scoped_id, address.external_id))
        ]
        return next(iter(by_scoped or rows), None)

    async def create(
        self, address: ChannelAddress, locale: str, now: datetime, display_name: str | None
    ) -> Member:
        row = MemberRow(
            locale=locale,
            display_name=display_name,
            created_at=now,
            proactive_allowed=True,
            unreachable=False,
            reminders_enabled=True,
        )
        self._session.add(row)
        await self._session.flush()
        self._session.add(
            ChannelAccountRow(
                member_id=row.id, channel=address.channel.value, external_id=address.external_id
            )
        )
        await self._session.flush()
        return member_of(row)

    async def save(self, member: Member) -> None:
        await self._session.execute(
            update(MemberRow)
            .where(MemberRow.id == member.id)
            .values(
                locale=member.locale,
                role=member.role.value if member.role else None,
                display_name=member.display_name,
                proactive_allowed=member.proactive_allowed,
                unreachable=member.unreachable,
                reminders_enabled=member.reminders_enabled,
            )
        )

    async def delete(self, member_id: int) -> None:
        # Every table that refers to a member does so with ON DELETE CASCADE (or SET NULL);
        # SQLite enforces it because every connection turns foreign keys on.
        await self._session.execute(delete(MemberRow).where(MemberRow.id == member_id))

    async def accounts(self, member_id: int) -> Sequence[ChannelAccount]:
        rows = await self._session.scalars(
            select(ChannelAccountRow)
            .where(ChannelAccountRow.member_id == member_id)
            .order_by(ChannelAccountRow.id)
        )
        return [account_of(row) for row in rows]

    async def record_inbound(
        self, address: ChannelAddress, now: datetime, scoped_id: str | None = None
    ) -> None:
        row = await self._account(address, scoped_id)
        if row is None:
            return
        row.last_inbound_at = now
        if scoped_id is not None and row.scoped_id is None:
            row.scoped_id = scoped_id
        if row.external_id != address.external_id and not await self._taken(address, row.id):
            row.external_id = address.external_id  # a number Meta withholds is not kept
        await self._session.flush()

    async def _taken(self, address: ChannelAddress, but: int) -> bool:
        other = await self._session.scalar(
            select(ChannelAccountRow.id).where(
                ChannelAccountRow.channel == address.channel.value,
                ChannelAccountRow.external_id == address.external_id,
                ChannelAccountRow.id != but,
            )
        )
        return other is not None

    async def set_unreachable(self, address: ChannelAddress, unreachable: bool) -> bool:
        account = await self._account(address, None)
        if account is None:
            return False
        member_id = account.member_id
        await self._session.execute(
            update(MemberRow).where(MemberRow.id == member_id).values(unreachable=unreachable)
        )
        return True

    async def set_role(self, member_id: int, role: MemberRole) -> None:
        await self._session.execute(
            update(MemberRow).where(MemberRow.id == member_id).values(role=role.value)
        )

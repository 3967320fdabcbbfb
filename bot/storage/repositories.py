"""Repositories: SQL in, domain objects out. They flush but never commit."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.common.domain import Channel, ChannelAddress, Coordinates
from bot.core.communities.domain import Community, CommunityRole, Membership
from bot.core.members.domain import (
    ChannelAccount,
    Consent,
    ConsentKind,
    Conversation,
    Member,
    MemberRole,
)
from bot.storage.tables import (
    ChannelAccountRow,
    CommunityNameRow,
    CommunityRow,
    ConsentRow,
    ConversationRow,
    MemberRow,
    MembershipRow,
    ProcessedEventRow,
    StartLinkRow,
)


def _member(row: MemberRow) -> Member:
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


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session


class SqlMemberRepository(_Repository):
    async def get(self, member_id: int) -> Member | None:
        row = await self._session.get(MemberRow, member_id)
        return _member(row) if row else None

    async def get_many(self, member_ids: Sequence[int]) -> dict[int, Member]:
        found: dict[int, Member] = {}
        for start in range(0, len(member_ids), 500):
            chunk = list(member_ids[start : start + 500])
            for row in await self._session.scalars(
                select(MemberRow).where(MemberRow.id.in_(chunk))
            ):
                found[row.id] = _member(row)
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
                found.setdefault(row.member_id, []).append(
                    ChannelAccount(
                        row.member_id,
                        ChannelAddress(Channel(row.channel), row.external_id),
                        row.last_inbound_at,
                    )
                )
        return found

    async def by_address(self, address: ChannelAddress) -> Member | None:
        row = await self._session.scalar(
            select(MemberRow)
            .join(ChannelAccountRow, ChannelAccountRow.member_id == MemberRow.id)
            .where(
                ChannelAccountRow.channel == address.channel.value,
                ChannelAccountRow.external_id == address.external_id,
            )
        )
        return _member(row) if row else None

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
        return _member(row)

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
        return [
            ChannelAccount(
                row.member_id,
                ChannelAddress(Channel(row.channel), row.external_id),
                row.last_inbound_at,
            )
            for row in rows
        ]

    async def record_inbound(self, address: ChannelAddress, now: datetime) -> None:
        await self._session.execute(
            update(ChannelAccountRow)
            .where(
                ChannelAccountRow.channel == address.channel.value,
                ChannelAccountRow.external_id == address.external_id,
            )
            .values(last_inbound_at=now)
        )

    async def set_unreachable(self, address: ChannelAddress, unreachable: bool) -> bool:
        member_id = await self._session.scalar(
            select(ChannelAccountRow.member_id).where(
                ChannelAccountRow.channel == address.channel.value,
                ChannelAccountRow.external_id == address.external_id,
            )
        )
        if member_id is None:
            return False
        await self._session.execute(
            update(MemberRow).where(MemberRow.id == member_id).values(unreachable=unreachable)
        )
        return True

    async def set_role(self, member_id: int, role: MemberRole) -> None:
        await self._session.execute(
            update(MemberRow).where(MemberRow.id == member_id).values(role=role.value)
        )


class SqlCommunityRepository(_Repository):
    async def _load(self, rows: Sequence[CommunityRow]) -> list[Community]:
        if not rows:
            return []
        names: dict[int, dict[str, str]] = {row.id: {} for row in rows}
        for name_row in await self._session.scalars(
            select(CommunityNameRow).where(CommunityNameRow.community_id.in_(names))
        ):
            names[name_row.community_id][name_row.locale] = name_row.name
        return [
            Community(
                id=row.id,
                slug=row.slug,
                names=names[row.id],
                country=row.country,
                timezone=row.timezone,
                coordinates=(
                    Coordinates(row.latitude, row.longitude)
                    if row.latitude is not None and row.longitude is not None
                    else None
                ),
                aliases=tuple(row.aliases or ()),
                deleted=row.deleted_at is not None,
            )
            for row in rows
        ]

    async def get(self, community_id: int) -> Community | None:
        row = await self._session.get(CommunityRow, community_id)
        return (await self._load([row]))[0] if row else None

    async def by_slug(self, slug: str) -> Community | None:
        row = await self._session.scalar(select(CommunityRow).where(CommunityRow.slug == slug))
        return (await self._load([row]))[0] if row else None

    async def list_active(self) -> Sequence[Community]:
        rows = await self._session.scalars(
            select(CommunityRow)
            .where(CommunityRow.deleted_at.is_(None))
            .order_by(CommunityRow.slug)
        )
        return await self._load(list(rows))

    async def add(
        self,
        slug: str,
        names: dict[str, str],
        country: str,
        timezone: str,
        coordinates: Coordinates | None,
        aliases: Sequence[str],
        now: datetime,
    ) -> Community:
        row = CommunityRow(
            slug=slug,
            country=country,
            timezone=timezone,
            latitude=coordinates.latitude if coordinates else None,
            longitude=coordinates.longitude if coordinates else None,
            aliases=list(aliases),
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        self._session.add_all(
            CommunityNameRow(community_id=row.id, locale=locale, name=name)
            for locale, name in names.items()
        )
        await self._session.flush()
        return (await self._load([row]))[0]

    async def count(self) -> int:
        return await self._session.scalar(select(func.count()).select_from(CommunityRow)) or 0


class SqlMembershipRepository(_Repository):
    async def of_member(self, member_id: int) -> Sequence[tuple[Membership, Community]]:
        rows = list(
            await self._session.scalars(
                select(MembershipRow)
                .where(MembershipRow.member_id == member_id)
                .order_by(MembershipRow.joined_at)
            )
        )
        communities = SqlCommunityRepository(self._session)
        result = []
        for row in rows:
            community = await communities.get(row.community_id)
            if community is not None:
                result.append((_membership(row), community))
        return result

    async def member_ids_with_role(self, community_id: int, role: CommunityRole) -> list[int]:
        rows = await self._session.scalars(
            select(MembershipRow.member_id)
            .where(MembershipRow.community_id == community_id, MembershipRow.role == role.value)
            .order_by(MembershipRow.member_id)
        )
        return list(rows)

    async def has_role(self, member_id: int, role: CommunityRole) -> bool:
        found = await self._session.scalar(
            select(MembershipRow.community_id)
            .where(MembershipRow.member_id == member_id, MembershipRow.role == role.value)
            .limit(1)
        )
        return found is not None

    async def get(self, member_id: int, community_id: int) -> Membership | None:
        row = await self._session.get(MembershipRow, (member_id, community_id))
        return _membership(row) if row else None

    async def add(
        self, member_id: int, community_id: int, role: CommunityRole, now: datetime
    ) -> Membership:
        row = MembershipRow(
            member_id=member_id, community_id=community_id, role=role.value, joined_at=now
        )
        self._session.add(row)
        await self._session.flush()
        return _membership(row)

    async def set_role(self, member_id: int, community_id: int, role: CommunityRole) -> None:
        await self._session.execute(
            update(MembershipRow)
            .where(
                MembershipRow.member_id == member_id, MembershipRow.community_id == community_id
            )
            .values(role=role.value)
        )


def _membership(row: MembershipRow) -> Membership:
    return Membership(row.member_id, row.community_id, CommunityRole(row.role), row.joined_at)


class SqlConsentRepository(_Repository):
    async def of_member(self, member_id: int) -> Sequence[Consent]:
        rows = await self._session.scalars(
            select(ConsentRow).where(ConsentRow.member_id == member_id).order_by(ConsentRow.id)
        )
        return [
            Consent(row.member_id, ConsentKind(row.kind), row.version, row.given_at)
            for row in rows
        ]

    async def record(
        self, member_id: int, kind: ConsentKind, version: int, now: datetime
    ) -> Consent:
        self._session.add(
            ConsentRow(member_id=member_id, kind=kind.value, version=version, given_at=now)
        )
        await self._session.flush()
        return Consent(member_id, kind, version, now)


class SqlConversationRepository(_Repository):
    async def get(self, member_id: int) -> Conversation | None:
        row = await self._session.get(ConversationRow, member_id)
        if row is None:
            return None
        return Conversation(member_id=row.member_id, state=row.state, data=dict(row.data or {}))

    async def save(self, conversation: Conversation, now: datetime) -> None:
        row = await self._session.get(ConversationRow, conversation.member_id)
        if row is None:
            self._session.add(
                ConversationRow(
                    member_id=conversation.member_id,
                    state=conversation.state,
                    data=dict(conversation.data),
                    updated_at=now,
                )
            )
        else:
            row.state = conversation.state
            row.data = dict(conversation.data)
            row.updated_at = now
        await self._session.flush()


class SqlStartLinkRepository(_Repository):
    async def park(self, payload: str, now: datetime) -> str:
        nonce = secrets.token_urlsafe(12)
        self._session.add(StartLinkRow(nonce=nonce, payload=payload, created_at=now))
        await self._session.flush()
        return nonce

    async def take(self, nonce: str) -> str | None:
        row = await self._session.get(StartLinkRow, nonce)
        if row is None:
            return None
        await self._session.delete(row)
        await self._session.flush()
        return row.payload

    async def purge_older_than(self, cutoff: datetime) -> int:
        result = await self._session.execute(
            delete(StartLinkRow).where(StartLinkRow.created_at < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class SqlProcessedEventRepository(_Repository):
    async def claim(self, channel: str, key: str, now: datetime) -> bool:
        values = {"channel": channel, "key": key, "processed_at": now}
        dialect = self._session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert(ProcessedEventRow).values(**values).on_conflict_do_nothing()
        result = await self._session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def purge_older_than(self, cutoff: datetime) -> int:
        result = await self._session.execute(
            delete(ProcessedEventRow).where(ProcessedEventRow.processed_at < cutoff)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

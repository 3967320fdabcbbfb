"""The Telegram groups linked to communities, and who was greeted in which."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from bot.core.ambassadors.domain import CommunityGroup
from bot.core.common.domain import Channel, ChannelAddress
from bot.storage.ambassadors.tables import (
    CommunityGroupRow,
    GroupGreetingRow,
)
from bot.storage.common.repository import SqlRepository


class SqlGroupRepository(SqlRepository):
    async def by_chat(self, chat: ChannelAddress) -> CommunityGroup | None:
        row = await self._session.scalar(
            select(CommunityGroupRow).where(
                CommunityGroupRow.channel == chat.channel.value,
                CommunityGroupRow.chat_id == chat.external_id,
            )
        )
        return _group(row) if row is not None else None

    async def link(
        self, community_id: int, chat: ChannelAddress, linked_by: int | None, now: datetime
    ) -> CommunityGroup:
        row = CommunityGroupRow(
            community_id=community_id,
            channel=chat.channel.value,
            chat_id=chat.external_id,
            linked_by=linked_by,
            linked_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return _group(row)

    async def greet_once(self, group_id: int, member_id: int, now: datetime) -> bool:
        result = await self._session.execute(
            self._insert()(GroupGreetingRow)
            .values(group_id=group_id, member_id=member_id, greeted_at=now)
            .on_conflict_do_nothing()
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def of_community(self, community_id: int) -> Sequence[CommunityGroup]:
        rows = await self._session.scalars(
            select(CommunityGroupRow)
            .where(CommunityGroupRow.community_id == community_id)
            .order_by(CommunityGroupRow.id)
        )
        return [_group(row) for row in rows]

    async def without_invite_link(self, channel: Channel) -> Sequence[CommunityGroup]:
        rows = await self._session.scalars(
            select(CommunityGroupRow).where(
                CommunityGroupRow.channel == channel.value,
                CommunityGroupRow.invite_link.is_(None),
            )
        )
        return [_group(row) for row in rows]

    async def set_invite_link(self, group_id: int, link: str) -> None:
        await self._session.execute(
            update(CommunityGroupRow)
            .where(CommunityGroupRow.id == group_id)
            .values(invite_link=link)
        )


def _group(row: CommunityGroupRow) -> CommunityGroup:
    return CommunityGroup(
        id=row.id,
        community_id=row.community_id,
        chat=ChannelAddress(Channel(row.channel), row.chat_id),
        linked_by=row.linked_by,
        linked_at=row.linked_at,
        invite_link=row.invite_link,
    )

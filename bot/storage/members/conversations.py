"""Where each member is in a dialog (the state and its small data)."""

from __future__ import annotations

from datetime import datetime

from bot.core.members.domain import (
    Conversation,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.members.tables import (
    ConversationRow,
)


class SqlConversationRepository(SqlRepository):
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

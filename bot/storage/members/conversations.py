"""Where each member is in a dialog (the state and its small data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

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
        # One UPDATE (no SELECT first: the row read by `get` is long gone from the session's
        # weak identity map); an INSERT only for a member's first conversation.
        result = await self._session.execute(
            update(ConversationRow)
            .where(ConversationRow.member_id == conversation.member_id)
            .values(state=conversation.state, data=dict(conversation.data), updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return
        self._session.add(
            ConversationRow(
                member_id=conversation.member_id,
                state=conversation.state,
                data=dict(conversation.data),
                updated_at=now,
            )
        )
        await self._session.flush()

"""The start of every turn in one statement: the member behind an address, their dialog state,
whether they accepted the current privacy notice and whether they are an ambassador.

Four round trips before (the member, the conversation, the consents, a membership), one now:
the hot path of every update. It reads the members' and the communities' tables, so it lives
above both in the storage layers.
"""

from __future__ import annotations

from sqlalchemy import case, exists, select

from bot.core.common.domain import ChannelAddress
from bot.core.communities.domain import CommunityRole
from bot.core.members.domain import (
    PRIVACY_NOTICE_VERSION,
    ConsentKind,
    Conversation,
    TurnStart,
)
from bot.storage.common.repository import SqlRepository
from bot.storage.communities.tables import MembershipRow
from bot.storage.members.members import account_matches, member_of
from bot.storage.members.tables import (
    ChannelAccountRow,
    ConsentRow,
    ConversationRow,
    MemberRow,
)

_CONSENTED = (
    exists()
    .where(
        ConsentRow.member_id == MemberRow.id,
        ConsentRow.kind == ConsentKind.PRIVACY_NOTICE.value,
        ConsentRow.version >= PRIVACY_NOTICE_VERSION,
    )
    .label("consented")
)
_AMBASSADOR = (
    exists()
    .where(
        MembershipRow.member_id == MemberRow.id,
        MembershipRow.role == CommunityRole.AMBASSADOR.value,
    )
    .label("ambassador")
)
_QUERY = (
    select(MemberRow, ConversationRow.state, ConversationRow.data, _CONSENTED, _AMBASSADOR)
    .join(ChannelAccountRow, ChannelAccountRow.member_id == MemberRow.id)
    .outerjoin(ConversationRow, ConversationRow.member_id == MemberRow.id)
)


class SqlTurnStartRepository(SqlRepository):
    async def load(
        self, address: ChannelAddress, scoped_id: str | None = None
    ) -> TurnStart | None:
        """The account with the scoped id first, as `members.by_address` chooses (a WhatsApp
        message may carry the number, the business-scoped id, or both)."""
        known_as = [address.external_id] if scoped_id is None else [address.external_id, scoped_id]
        scoped_first = case((ChannelAccountRow.scoped_id.in_(known_as), 0), else_=1)
        result = await self._session.execute(
            _QUERY.where(account_matches(address, scoped_id))
            .order_by(scoped_first, ChannelAccountRow.id)
            .limit(1)
        )
        found = result.first()
        if found is None:
            return None
        row, state, data, consented, ambassador = found
        conversation = (
            Conversation(member_id=row.id, state=state, data=dict(data or {}))
            if state is not None
            else None
        )
        return TurnStart(member_of(row), conversation, bool(consented), bool(ambassador))

"""Which of a member's accounts we can reach them on, and forgetting one that blocked us."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot.core.common.delivery import Senders
from bot.core.common.domain import ChannelAddress
from bot.core.members.domain import ChannelAccount
from bot.core.members.ports import MembersUnit

#: Earlier than any message: accounts that never wrote to us sort first.
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def best_account(accounts: Sequence[ChannelAccount], senders: Senders) -> ChannelAccount | None:
    """The account on a running channel where the member wrote most recently."""
    usable = [a for a in accounts if senders.get(a.address.channel) is not None]
    return max(usable, key=lambda a: a.last_inbound_at or NEVER) if usable else None


class MarkUnreachable:
    """The platform said this person blocked us: stop trying until they write again."""

    def __init__(self, uow: MembersUnit) -> None:
        self._uow = uow

    async def __call__(self, address: ChannelAddress) -> bool:
        return await self._uow.members.set_unreachable(address, True)

"""Storage interfaces of members: accounts, consents, dialog state, parked links, events.

Repositories return domain objects and never commit; the unit of work commits once per
incoming message, so everything a message changes lands together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.core.common.domain import ChannelAddress
from bot.core.members.domain import (
    ChannelAccount,
    Consent,
    ConsentKind,
    Conversation,
    Member,
    MemberRole,
)


class MemberRepository(Protocol):
    async def get(self, member_id: int) -> Member | None: ...
    async def get_many(self, member_ids: Sequence[int]) -> dict[int, Member]: ...
    async def accounts_of_many(
        self, member_ids: Sequence[int]
    ) -> dict[int, list[ChannelAccount]]: ...
    async def by_address(
        self, address: ChannelAddress, scoped_id: str | None = None
    ) -> Member | None:
        """The member whose account has this address or scoped id (either may come)."""
        ...

    async def create(
        self, address: ChannelAddress, locale: str, now: datetime, display_name: str | None
    ) -> Member: ...
    async def save(self, member: Member) -> None: ...
    async def delete(self, member_id: int) -> None: ...
    async def accounts(self, member_id: int) -> Sequence[ChannelAccount]: ...
    async def set_unreachable(self, address: ChannelAddress, unreachable: bool) -> bool: ...
    async def record_inbound(
        self, address: ChannelAddress, now: datetime, scoped_id: str | None = None
    ) -> None:
        """They wrote from `address` now: the account takes it as its address (a number Meta
        withholds is dropped) and keeps `scoped_id`, so both lead to the same member."""
        ...

    async def set_role(self, member_id: int, role: MemberRole) -> None: ...


class ConsentRepository(Protocol):
    async def of_member(self, member_id: int) -> Sequence[Consent]: ...
    async def record(
        self, member_id: int, kind: ConsentKind, version: int, now: datetime
    ) -> Consent: ...


class ConversationRepository(Protocol):
    async def get(self, member_id: int) -> Conversation | None: ...
    async def save(self, conversation: Conversation, now: datetime) -> None: ...


class StartLinkRepository(Protocol):
    """Deep-link payloads parked until consent, under a random nonce (nothing personal)."""

    async def park(self, payload: str, now: datetime) -> str: ...
    async def take(self, nonce: str) -> str | None: ...
    async def purge_older_than(self, cutoff: datetime) -> int: ...


class ProcessedEventRepository(Protocol):
    async def claim(
        self, channel: str, key: str, now: datetime, member_id: int | None = None
    ) -> bool:
        """Record an event as handled (from `member_id`, erased with them); False if it was
        handled before."""
        ...

    async def purge_older_than(self, cutoff: datetime) -> int: ...


class MembersUnit(Protocol):
    """The repositories the members' use cases work with."""

    @property
    def members(self) -> MemberRepository: ...
    @property
    def consents(self) -> ConsentRepository: ...
    @property
    def conversations(self) -> ConversationRepository: ...
    @property
    def start_links(self) -> StartLinkRepository: ...
    @property
    def processed_events(self) -> ProcessedEventRepository: ...

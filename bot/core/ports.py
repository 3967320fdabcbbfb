"""Interfaces the core needs from the outside world (storage, clock).

Repositories return domain objects and never commit; the unit of work commits once per
incoming message, so everything a message changes lands together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.core.domain import (
    ChannelAccount,
    ChannelAddress,
    Community,
    CommunityRole,
    Consent,
    ConsentKind,
    Conversation,
    Coordinates,
    Member,
    MemberRole,
    Membership,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class MemberRepository(Protocol):
    async def get(self, member_id: int) -> Member | None: ...
    async def by_address(self, address: ChannelAddress) -> Member | None: ...
    async def create(
        self, address: ChannelAddress, locale: str, now: datetime, display_name: str | None
    ) -> Member: ...
    async def save(self, member: Member) -> None: ...
    async def delete(self, member_id: int) -> None: ...
    async def accounts(self, member_id: int) -> Sequence[ChannelAccount]: ...
    async def set_unreachable(self, address: ChannelAddress, unreachable: bool) -> bool: ...
    async def set_role(self, member_id: int, role: MemberRole) -> None: ...


class CommunityRepository(Protocol):
    async def get(self, community_id: int) -> Community | None: ...
    async def by_slug(self, slug: str) -> Community | None: ...
    async def list_active(self) -> Sequence[Community]: ...
    async def add(
        self,
        slug: str,
        names: dict[str, str],
        country: str,
        timezone: str,
        coordinates: Coordinates | None,
        aliases: Sequence[str],
        now: datetime,
    ) -> Community: ...
    async def count(self) -> int: ...


class MembershipRepository(Protocol):
    async def of_member(self, member_id: int) -> Sequence[tuple[Membership, Community]]: ...
    async def get(self, member_id: int, community_id: int) -> Membership | None: ...
    async def add(
        self, member_id: int, community_id: int, role: CommunityRole, now: datetime
    ) -> Membership: ...
    async def set_role(self, member_id: int, community_id: int, role: CommunityRole) -> None: ...


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
    async def claim(self, channel: str, key: str, now: datetime) -> bool:
        """Record an event as handled; False if it was handled before."""
        ...

    async def purge_older_than(self, cutoff: datetime) -> int: ...


class UnitOfWork(Protocol):
    @property
    def members(self) -> MemberRepository: ...
    @property
    def communities(self) -> CommunityRepository: ...
    @property
    def memberships(self) -> MembershipRepository: ...
    @property
    def consents(self) -> ConsentRepository: ...
    @property
    def conversations(self) -> ConversationRepository: ...
    @property
    def start_links(self) -> StartLinkRepository: ...
    @property
    def processed_events(self) -> ProcessedEventRepository: ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...

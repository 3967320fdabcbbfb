"""Storage interfaces of the ambassador tools (invite links, audit log, community groups,
broadcasts, impact figures). Repositories flush but never commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.core.ambassadors.domain import (
    AudienceKind,
    AuditAction,
    AuditEntry,
    Broadcast,
    BroadcastStatus,
    CommunityFigures,
    CommunityGroup,
    DeliveryCounts,
    ImpactTotals,
    Invite,
    Variant,
)
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.unit import Transaction
from bot.core.meetups.ports import MeetupsUnit
from bot.core.members.domain import Member
from bot.core.members.ports import MembersUnit
from bot.core.projects.ports import ProjectsUnit


class InviteRepository(Protocol):
    """Invite links (deep-link tokens) and who joined through which."""

    async def add(
        self,
        token: str,
        community_id: int,
        created_by: int,
        now: datetime,
        expires_at: datetime | None,
        max_uses: int | None,
    ) -> Invite: ...
    async def by_token(self, token: str, *, lock: bool = False) -> Invite | None:
        """With `lock`, the row stays locked until commit (use limits under concurrency)."""
        ...

    async def of_community(self, community_id: int, *, limit: int = 10) -> Sequence[Invite]: ...
    async def record_join(self, invite_id: int, member_id: int, now: datetime) -> None: ...
    async def referrers(self, member_ids: Sequence[int]) -> dict[int, int | None]:
        """member id → the member whose link brought them (None: an erased ambassador)."""
        ...


class AuditRepository(Protocol):
    """Every administrative action, who did it and when."""

    async def record(
        self,
        action: AuditAction,
        now: datetime,
        *,
        community_id: int | None = None,
        actor_id: int | None = None,
        target_id: int | None = None,
        subject_id: int | None = None,
    ) -> None: ...
    async def of_community(
        self, community_id: int, *, limit: int = 50
    ) -> Sequence[AuditEntry]: ...
    async def appointed_in_chat(self, community_id: int, member_id: int) -> bool:
        """True when an ambassador (not an operator) appointed this member here."""
        ...


class GroupRepository(Protocol):
    """The Telegram groups linked to communities."""

    async def by_chat(self, chat: ChannelAddress) -> CommunityGroup | None: ...
    async def link(
        self, community_id: int, chat: ChannelAddress, linked_by: int | None, now: datetime
    ) -> CommunityGroup: ...
    async def greet_once(self, group_id: int, member_id: int, now: datetime) -> bool:
        """Record a greeting; False when this member was greeted in this group before."""
        ...

    async def of_community(self, community_id: int) -> Sequence[CommunityGroup]: ...
    async def without_invite_link(self, channel: Channel) -> Sequence[CommunityGroup]: ...
    async def set_invite_link(self, group_id: int, link: str) -> None: ...


class BroadcastRepository(Protocol):
    """Broadcasts, their language variants and their per-recipient delivery rows."""

    async def add(
        self,
        community_id: int,
        created_by: int,
        audience: AudienceKind,
        audience_id: int | None,
        locale: str,
        text: str,
        now: datetime,
    ) -> Broadcast: ...
    async def get(self, broadcast_id: int, *, lock: bool = False) -> Broadcast | None: ...
    async def get_many(self, broadcast_ids: Sequence[int]) -> dict[int, Broadcast]: ...
    async def put_variant(self, broadcast_id: int, variant: Variant) -> None: ...
    async def drop_variant(self, broadcast_id: int, locale: str) -> None: ...
    async def set_status(
        self,
        broadcast_id: int,
        status: BroadcastStatus,
        now: datetime,
        *,
        recipients: int | None = None,
    ) -> None: ...
    async def with_status(self, status: BroadcastStatus) -> Sequence[Broadcast]: ...
    async def counts(self, broadcast_ids: Sequence[int]) -> dict[int, DeliveryCounts]: ...
    async def interrupt_stuck(self, broadcast_ids: Sequence[int]) -> int:
        """Rows left `sending` by a process that died: failed, never sent again."""
        ...


class StatsRepository(Protocol):
    """Counts for /stats, /members and the public impact page."""

    async def community(self, community_id: int, now: datetime) -> CommunityFigures: ...
    async def impact(self) -> ImpactTotals: ...
    async def members_page(
        self, community_id: int, offset: int, limit: int
    ) -> tuple[Sequence[tuple[Member, str, datetime]], int]:
        """(member, community role, joined at) newest first, and how many there are."""
        ...

    async def audience(
        self, community_id: int, kind: AudienceKind, member_ids: Sequence[int] | None
    ) -> Sequence[Member]:
        """Members of the community who may get proactive messages (kind COMMUNITY), or
        those of `member_ids` who belong to it (meetup and project audiences)."""
        ...

    async def ambassador_accounts(self) -> Sequence[tuple[ChannelAddress, str]]:
        """(account, language) of every ambassador, for their platform command menus."""
        ...


class AmbassadorsUnit(MembersUnit, MeetupsUnit, ProjectsUnit, Protocol):
    """The repositories the ambassador tools work with (audiences span meetups and projects)."""

    @property
    def invites(self) -> InviteRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def groups(self) -> GroupRepository: ...
    @property
    def broadcasts(self) -> BroadcastRepository: ...
    @property
    def stats(self) -> StatsRepository: ...


class AmbassadorsWork(AmbassadorsUnit, Transaction, Protocol):
    """A unit of its own, for work done after the dispatcher drained the outbox."""


class AmbassadorsWorkFactory(Protocol):
    def __call__(self) -> AmbassadorsWork: ...

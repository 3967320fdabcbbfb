"""Figures for /stats, /members, audiences of broadcasts and the public impact page.

Months are grouped in Python (SQLite and PostgreSQL spell date functions differently, and a
community has at most some thousands of members).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.ambassadors.domain import AudienceKind, CommunityFigures, ImpactTotals
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.core.communities.domain import CommunityRole
from bot.core.members.domain import Member
from bot.storage.ambassadors.tables import BroadcastRow
from bot.storage.common.tables import OutboxRow
from bot.storage.communities.tables import CommunityRow, MembershipRow
from bot.storage.meetups.tables import AttendanceRow, MeetupPartnerRow, MeetupRow, RsvpRow
from bot.storage.members.members import member_of
from bot.storage.members.tables import ChannelAccountRow, ConsentRow, MemberRow

MONTHS_SHOWN = 6


class SqlStatsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _count(self, statement: Select[Any]) -> int:
        return int(await self._session.scalar(statement) or 0)

    async def community(self, community_id: int, now: datetime) -> CommunityFigures:
        of_community = MembershipRow.community_id == community_id
        rows = (
            await self._session.execute(
                select(
                    MembershipRow.role, MembershipRow.joined_at, MemberRow.role, MemberRow.locale
                )
                .join(MemberRow, MemberRow.id == MembershipRow.member_id)
                .where(of_community)
            )
        ).all()
        live = (MeetupRow.community_id == community_id) & (MeetupRow.status != "cancelled")
        meetup_ids = select(MeetupRow.id).where(MeetupRow.community_id == community_id)
        return CommunityFigures(
            members=len(rows),
            ambassadors=sum(1 for r in rows if r[0] == CommunityRole.AMBASSADOR.value),
            by_role=dict(Counter(r[2] or "unknown" for r in rows)),
            by_language=dict(Counter(r[3] for r in rows).most_common()),
            joined_by_month=_months([r[1] for r in rows], now),
            meetups_held=await self._count(
                select(func.count()).where(live, MeetupRow.starts_at < now)
            ),
            meetups_coming=await self._count(
                select(func.count()).where(live, MeetupRow.starts_at >= now)
            ),
            rsvps=await self._count(
                select(func.count())
                .select_from(RsvpRow)
                .where(RsvpRow.meetup_id.in_(meetup_ids), RsvpRow.status == "going")
            ),
            attended=await self._count(
                select(func.count())
                .select_from(AttendanceRow)
                .where(AttendanceRow.meetup_id.in_(meetup_ids))
            ),
            festivals=await self._count(select(func.count()).where(live, MeetupRow.is_festival)),
            partners=await self._partners(live),
            people_reached=await self._reached(community_id),
        )

    async def impact(self) -> ImpactTotals:
        live = MeetupRow.status != "cancelled"
        return ImpactTotals(
            communities=await self._count(
                select(func.count()).where(CommunityRow.deleted_at.is_(None))
            ),
            festivals=await self._count(select(func.count()).where(live, MeetupRow.is_festival)),
            organisations=await self._partners(live),
            people_reached=await self._reached(None),
            meetups=await self._count(select(func.count()).where(live)),
            members=await self._count(
                select(func.count(func.distinct(MembershipRow.member_id)))
                .join(CommunityRow, CommunityRow.id == MembershipRow.community_id)
                .where(CommunityRow.deleted_at.is_(None))
            ),
        )

    async def _partners(self, meetups: ColumnElement[bool]) -> int:
        """Distinct partner organisations, by name regardless of case and spacing."""
        names = await self._session.scalars(
            select(MeetupPartnerRow.name)
            .join(MeetupRow, MeetupRow.id == MeetupPartnerRow.meetup_id)
            .where(meetups)
        )
        return len({" ".join(name.casefold().split()) for name in names})

    async def _reached(self, community_id: int | None) -> int:
        """Distinct people who joined, came to a meetup, or got one of its messages."""
        meetups = select(MeetupRow.id)
        broadcasts = select(BroadcastRow.id)
        members = select(MembershipRow.member_id)
        if community_id is not None:
            meetups = meetups.where(MeetupRow.community_id == community_id)
            broadcasts = broadcasts.where(BroadcastRow.community_id == community_id)
            members = members.where(MembershipRow.community_id == community_id)
        sent = OutboxRow.status == OutboxStatus.SENT.value
        people = union(
            members,
            select(AttendanceRow.member_id).where(AttendanceRow.meetup_id.in_(meetups)),
            select(OutboxRow.member_id).where(sent, OutboxRow.meetup_id.in_(meetups)),
            select(OutboxRow.member_id).where(
                sent,
                OutboxRow.kind == NoticeKind.BROADCAST.value,
                OutboxRow.subject_id.in_(broadcasts),
            ),
        ).subquery()
        return await self._count(select(func.count()).select_from(people))

    async def members_page(
        self, community_id: int, offset: int, limit: int
    ) -> tuple[Sequence[tuple[Member, str, datetime]], int]:
        where = MembershipRow.community_id == community_id
        total = await self._count(select(func.count()).select_from(MembershipRow).where(where))
        rows = await self._session.execute(
            select(MemberRow, MembershipRow.role, MembershipRow.joined_at)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(where)
            .order_by(MembershipRow.joined_at.desc(), MemberRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [(member_of(row), role, joined) for row, role, joined in rows], total

    async def audience(
        self, community_id: int, kind: AudienceKind, member_ids: Sequence[int] | None
    ) -> Sequence[Member]:
        statement = (
            select(MemberRow)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(
                MembershipRow.community_id == community_id,
                MemberRow.proactive_allowed.is_(True),
                MemberRow.unreachable.is_(False),
            )
            .order_by(MemberRow.id)
        )
        if member_ids is None:
            return [member_of(row) for row in await self._session.scalars(statement)]
        found: list[Member] = []
        ids = sorted(set(member_ids))
        for start in range(0, len(ids), 500):
            chunk = statement.where(MemberRow.id.in_(ids[start : start + 500]))
            found.extend(member_of(row) for row in await self._session.scalars(chunk))
        return found

    async def ambassador_accounts(self) -> Sequence[tuple[ChannelAddress, str]]:
        rows = await self._session.execute(
            select(ChannelAccountRow.channel, ChannelAccountRow.external_id, MemberRow.locale)
            .join(MemberRow, MemberRow.id == ChannelAccountRow.member_id)
            .where(
                ChannelAccountRow.member_id.in_(
                    select(MembershipRow.member_id)
                    .join(CommunityRow, CommunityRow.id == MembershipRow.community_id)
                    .where(
                        MembershipRow.role == CommunityRole.AMBASSADOR.value,
                        CommunityRow.deleted_at.is_(None),
                    )
                ),
                ChannelAccountRow.member_id.in_(select(ConsentRow.member_id)),
            )
            .order_by(ChannelAccountRow.id)
        )
        return [
            (ChannelAddress(Channel(channel), external_id), locale)
            for channel, external_id, locale in rows
        ]


def _months(joined: Sequence[datetime], now: datetime) -> list[tuple[tuple[int, int], int]]:
    """Joins per calendar month (UTC) for the last MONTHS_SHOWN months, oldest first."""
    year, month = now.year, now.month
    months: list[tuple[int, int]] = []
    for _ in range(MONTHS_SHOWN):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    counts = Counter((moment.year, moment.month) for moment in joined)
    return [(key, counts.get(key, 0)) for key in reversed(months)]

"""Helpers of the outbox tests: members in the database and rows claimed by named workers."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.app import Core
from bot.channels.memory import MemorySender
from bot.core.ambassadors.roles import AddAmbassadorAudited
from bot.core.common.delivery import DeliveryResult
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from bot.core.common.outbox import Lease, NoticeKind
from bot.core.communities.directory import JoinCommunity
from bot.core.members.consent import AcceptPrivacyNotice


async def members(
    core: Core, count: int, first: int = 100, community: str | None = None
) -> list[int]:
    """`count` members who accepted the privacy notice (Telegram ids `first`…), joined to
    `community` if given; written straight to the database, no round trips."""
    ids = []
    async with core.uow_factory() as uow:
        place = await uow.communities.by_slug(community) if community else None
        for n in range(first, first + count):
            address = ChannelAddress(Channel.TELEGRAM, str(n))
            member = await AcceptPrivacyNotice(uow, core.clock)(address, "en", "Sam")
            if place is not None:
                await JoinCommunity(uow, core.clock)(member.id, place)
            ids.append(member.id)
        await uow.commit()
    return ids


async def author(core: Core, user: int = 9000) -> int:
    """An ambassador of Vienna who may broadcast."""
    [member_id] = await members(core, 1, first=user, community="vienna")
    async with core.uow_factory() as uow:
        await AddAmbassadorAudited(uow, core.clock)(
            "vienna", ChannelAddress(Channel.TELEGRAM, str(user))
        )
        await uow.commit()
    return member_id


class SlowSender(MemorySender):
    """The memory channel with a platform's round trip, so concurrent workers interleave."""

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        await asyncio.sleep(0.002)
        return await super().deliver(address, replies, bulk=bulk)


async def enqueue(
    core: Core, member_ids: list[int], kind: NoticeKind, due: datetime, subject: int | None = 1
) -> None:
    async with core.uow_factory() as uow:
        for member_id in member_ids:
            await uow.outbox.enqueue(
                member_id, kind, f"{kind.value}:{subject}:{member_id}", due, subject_id=subject
            )
        await uow.commit()


async def claim(
    core: Core, worker: str, now: datetime, limit: int, seconds: int = 20
) -> list[int]:
    async with core.uow_factory() as uow:
        items = await uow.outbox.claim_due(
            now, limit, Lease(worker, now + timedelta(seconds=seconds))
        )
        await uow.commit()
    return [item.id for item in items]


async def statuses(core: Core, member_ids: list[int]) -> Counter[tuple[str, str]]:
    """(kind, status) → rows."""
    found: Counter[tuple[str, str]] = Counter()
    async with core.uow_factory() as uow:
        for member_id in member_ids:
            for item in await uow.outbox.of_member(member_id):
                found[(item.kind.value, item.status.value)] += 1
    return found

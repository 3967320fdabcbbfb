"""Helpers of the outbox tests: members in the database and rows claimed by named workers."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from bot.app import Core
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.outbox import Lease, NoticeKind
from bot.core.members.consent import AcceptPrivacyNotice


async def members(core: Core, count: int, first: int = 100) -> list[int]:
    """`count` members who accepted the privacy notice (memory channel, no round trips)."""
    ids = []
    async with core.uow_factory() as uow:
        for n in range(first, first + count):
            address = ChannelAddress(Channel.TELEGRAM, str(n))
            ids.append((await AcceptPrivacyNotice(uow, core.clock)(address, "en", "Sam")).id)
        await uow.commit()
    return ids


async def enqueue(
    core: Core, member_ids: list[int], kind: NoticeKind, due: datetime, subject: int | None = 1
) -> None:
    async with core.uow_factory() as uow:
        for member_id in member_ids:
            await uow.outbox.enqueue(
                member_id, kind, f"{kind.value}:{subject}:{member_id}", due, subject_id=subject
            )
        await uow.commit()


async def claim(core: Core, worker: str, now: datetime, limit: int, seconds: int = 20) -> list[int]:
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

"""Delivering the outbox: claim due rows, check they are still wanted, render, send.

A row is claimed (status `sending`) and committed before the platform is called, so no row
is ever sent twice, also across a crash or restart; what the platform answers decides the
row's end: sent, unreachable (the member is marked), failed, or back to pending later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.delivery import DeliveryStatus, Senders
from bot.core.domain import ChannelAccount, Community, Member
from bot.core.meetups import Meetup, RsvpStatus
from bot.core.messages import Reply
from bot.core.outbox import NoticeKind, OutboxItem, OutboxStatus
from bot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
BATCH = 200


@dataclass(frozen=True, slots=True)
class NoticeContext:
    member: Member
    item: OutboxItem
    meetup: Meetup | None
    community: Community | None


Renderer = Callable[[NoticeContext], list[Reply]]


@dataclass
class DispatchReport:
    sent: int = 0
    dropped: int = 0
    failed: int = 0
    unreachable: int = 0
    retried: int = 0


class DispatchOutbox:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        senders: Senders,
        render: Renderer,
        *,
        on_sent: Callable[[OutboxItem], Awaitable[None]] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._senders = senders
        self._render = render
        self._on_sent = on_sent

    async def __call__(self) -> DispatchReport:
        report = DispatchReport()
        while True:
            async with self._uow_factory() as uow:
                items = await uow.outbox.claim_due(self._clock.now(), BATCH)
                await uow.commit()
            if not items:
                return report
            for item in items:
                await self._deliver(item, report)
            if len(items) < BATCH:
                return report

    async def _deliver(self, item: OutboxItem, report: DispatchReport) -> None:
        async with self._uow_factory() as uow:
            context = await _load(uow, item)
            account = await _best_account(uow, item.member_id, self._senders)
            if context is None or not await _still_wanted(uow, context, self._clock.now()):
                await self._finish(uow, item, OutboxStatus.DROPPED)
                report.dropped += 1
                return
            if account is None:
                await self._finish(uow, item, OutboxStatus.FAILED, "no_channel")
                report.failed += 1
                return
        sender = self._senders.get(account.address.channel)
        assert sender is not None
        result = await sender.deliver(account.address, self._render(context))
        async with self._uow_factory() as uow:
            if result.status is DeliveryStatus.SENT:
                await self._finish(uow, item, OutboxStatus.SENT)
                report.sent += 1
            elif result.status is DeliveryStatus.UNREACHABLE:
                await uow.members.set_unreachable(account.address, True)
                await self._finish(uow, item, OutboxStatus.UNREACHABLE, result.reason)
                report.unreachable += 1
            elif result.status is DeliveryStatus.RETRY and item.attempts < MAX_ATTEMPTS:
                wait = timedelta(seconds=max(1.0, result.retry_after or 30.0))
                await uow.outbox.finish(
                    item.id, OutboxStatus.PENDING, self._clock.now(),
                    error=result.reason, retry_at=self._clock.now() + wait,
                )  # fmt: skip
                await uow.commit()
                report.retried += 1
            else:
                await self._finish(uow, item, OutboxStatus.FAILED, result.reason or "failed")
                report.failed += 1
        if result.status is DeliveryStatus.SENT and self._on_sent is not None:
            await self._on_sent(item)

    async def _finish(
        self, uow: UnitOfWork, item: OutboxItem, status: OutboxStatus, error: str | None = None
    ) -> None:
        await uow.outbox.finish(item.id, status, self._clock.now(), error=error)
        await uow.commit()


async def _load(uow: UnitOfWork, item: OutboxItem) -> NoticeContext | None:
    member = await uow.members.get(item.member_id)
    if member is None:
        return None
    meetup = await uow.meetups.get(item.meetup_id) if item.meetup_id else None
    community = await uow.communities.get(meetup.community_id) if meetup else None
    return NoticeContext(member, item, meetup, community)


async def _still_wanted(uow: UnitOfWork, context: NoticeContext, now: datetime) -> bool:
    member, item, meetup = context.member, context.item, context.meetup
    if not member.proactive_allowed or member.unreachable:
        return False
    if item.kind in (NoticeKind.REMINDER, NoticeKind.WAITLIST_PROMOTED):
        if meetup is None or meetup.cancelled or meetup.starts_at <= now:
            return False
        rsvp = await uow.rsvps.get(meetup.id, member.id)
        if rsvp is None or rsvp.status is not RsvpStatus.GOING:
            return False
        if item.kind is NoticeKind.REMINDER and not member.reminders_enabled:
            return False
    return item.kind is not NoticeKind.MEETUP_CHANGED or (
        meetup is not None and not meetup.cancelled
    )


async def _best_account(
    uow: UnitOfWork, member_id: int, senders: Senders
) -> ChannelAccount | None:
    """The account on a running channel where the member wrote most recently."""
    usable: Sequence[ChannelAccount] = [
        account
        for account in await uow.members.accounts(member_id)
        if senders.get(account.address.channel) is not None
    ]
    if not usable:
        return None
    return max(usable, key=lambda account: account.last_inbound_at or NEVER)

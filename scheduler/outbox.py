"""Delivering the outbox: lease due rows, check they are still wanted, render, send.

Several workers may share one database. A worker claims rows under a lease (its worker id
and an expiry, committed before any platform is called) and renews the lease while the
batch runs; it marks a row started when the send begins: for a sender that
`announces_start` (Telegram, WhatsApp) after its pacing turn, right before the platform
call, else when the delivery is handed to it. Only rows whose lease expired are taken over,
by any worker, decided per kind (`recover_expired`): never started → back in the queue;
started → sent again, except broadcasts, which end `uncertain` (the few sends in flight at
the crash, never a whole batch).
What the platform answers decides the row's end: sent, unreachable (the member is marked),
failed, or pending again later (a 429); each of these writes is guarded by the lease, so a
final state is never overwritten.
Work is done in batches: one query per kind of data for a whole batch, deliveries of a batch
concurrently (each channel paces itself), and one transaction to record the outcomes.
Stopped half-way (shutdown cancels the job), the dispatcher lets sends already under way
finish, records them, and puts the rows it never started back in the queue; a sender that
began a platform call finishes it instead of giving up (see the Telegram adapter).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import metrics
from bot.core.common.clock import Clock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus, Senders, on_send_start
from bot.core.common.domain import ChannelAddress
from bot.core.common.outbox import Lease, NoticeKind, OutboxItem, OutboxStatus
from bot.core.common.worker import new_worker_id
from bot.core.communities.domain import Community
from bot.core.meetups.domain import Meetup, RsvpStatus
from bot.core.members.domain import ChannelAccount, Member
from bot.core.members.reachability import best_account
from bot.core.notices import NoticeContext, Notices, SubjectLoader
from bot.core.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH = 200
#: Deliveries in flight at once; each channel's own rate limiter does the pacing.
CONCURRENCY = 32
MEETUP_KINDS = frozenset(
    {NoticeKind.REMINDER, NoticeKind.WAITLIST_PROMOTED, NoticeKind.MEETUP_CANCELLED,
     NoticeKind.MEETUP_CHANGED}
)  # fmt: skip
#: How long a stopping dispatcher waits for sends under way.
STOP_GRACE_SECONDS = 30.0
#: A claimed row's lease, renewed every `RENEW_SECONDS` while its batch runs: a killed
#: worker's rows are taken over at most this long after its last renewal.
LEASE_SECONDS = 20.0
RENEW_SECONDS = 5.0


@dataclass
class DispatchReport:
    sent: int = 0
    dropped: int = 0
    failed: int = 0
    unreachable: int = 0
    retried: int = 0


@dataclass
class _Batch:
    """What a batch needs from the database, loaded with one query per kind."""

    members: dict[int, Member]
    accounts: dict[int, list[ChannelAccount]]
    meetups: dict[int, Meetup]
    communities: dict[int, Community]
    answers: dict[tuple[int, int], RsvpStatus]
    subjects: dict[tuple[NoticeKind, int], object]


class DispatchOutbox:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        senders: Senders,
        notices: Notices,
        worker: str | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._senders = senders
        self._notices = notices
        self.worker = worker or new_worker_id()

    async def __call__(self) -> DispatchReport:
        report = DispatchReport()
        await self._drain(report)
        queued = 0
        for step in self._notices.after_dispatch:
            queued += await step(self._uow_factory, self._clock)
        if queued:
            await self._drain(report)
        return report

    async def _drain(self, report: DispatchReport) -> None:
        await self._recover()
        while True:
            async with self._uow_factory() as uow:
                items = await uow.outbox.claim_due(self._clock.now(), BATCH, self._lease())
                await uow.commit()
            if not items:
                return
            renewing = asyncio.ensure_future(self._renew())
            try:
                await self._dispatch(items, report)
            finally:
                renewing.cancel()
                await asyncio.gather(renewing, return_exceptions=True)
            if len(items) < BATCH:
                return

    def _lease(self) -> Lease:
        return Lease(self.worker, self._clock.now() + timedelta(seconds=LEASE_SECONDS))

    async def _renew(self) -> None:
        """Keep this worker's leases alive while a batch runs (a slow platform, 429s)."""
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:
                async with self._uow_factory() as uow:
                    await uow.outbox.renew(self.worker, self._lease().until)
                    await uow.commit()
            except Exception:  # the database is away: try again, the lease has some slack
                log.warning("worker %s could not renew its outbox leases", self.worker)

    async def _recover(self) -> None:
        """Take over the rows of workers whose lease ran out, and say so in the log."""
        async with self._uow_factory() as uow:
            recovered = await uow.outbox.recover_expired(self._clock.now())
            await uow.commit()
        for result, count in (
            ("requeued", recovered.requeued),
            ("resent", recovered.resent),
            ("uncertain", recovered.uncertain),
        ):
            if count:
                metrics.LEASES_TAKEN_OVER.labels(result).inc(count)
        if recovered.total:
            log.warning(
                "worker %s took over %d expired outbox leases of %s: %d requeued (never "
                "started), %d to send again, %d uncertain (broadcasts under way)",
                self.worker, recovered.total, ", ".join(recovered.workers),
                recovered.requeued, recovered.resent, recovered.uncertain,
            )  # fmt: skip

    async def _dispatch(self, items: Sequence[OutboxItem], report: DispatchReport) -> None:
        async with self._uow_factory() as uow:
            batch = await _load(uow, items, self._notices.subject_loaders)
        now = self._clock.now()
        outcomes: dict[int, tuple[OutboxStatus, str | None]] = {}
        to_send: list[tuple[OutboxItem, ChannelAccount, NoticeContext]] = []
        for item in items:
            context = _context(batch, item)
            account = best_account(batch.accounts.get(item.member_id, []), self._senders)
            if context is None or not _still_wanted(context, batch, now, self._notices):
                outcomes[item.id] = (OutboxStatus.DROPPED, None)
            elif account is None:
                outcomes[item.id] = (OutboxStatus.FAILED, "no_channel")
            else:
                to_send.append((item, account, context))
        gate = asyncio.Semaphore(CONCURRENCY)
        results: dict[int, DeliveryResult] = {}
        starts = _Starts(self._uow_factory, self._clock, self.worker)
        finishes = _Finishes(lambda done: self._settle(done, results, {}, report, ()))

        async def deliver(
            item: OutboxItem, account: ChannelAccount, context: NoticeContext
        ) -> None:
            sender = self._senders.get(account.address.channel)
            assert sender is not None
            async with gate:
                if getattr(sender, "announces_start", False):
                    on_send_start(lambda: starts.mark(item.id))  # after its pacing turn
                else:
                    await starts.mark(item.id)
                results[item.id] = await sender.deliver(
                    account.address,
                    self._notices(context),
                    bulk=item.kind in self._notices.bulk_kinds,
                )
            await finishes.add((item, account, context))

        tasks = [asyncio.ensure_future(deliver(*entry)) for entry in to_send]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            await asyncio.shield(
                self._stop(tasks, to_send, finishes.recorded, results, outcomes, report)
            )
            raise
        left = [entry for entry in to_send if entry[0].id not in finishes.recorded]
        await self._settle(left, results, outcomes, report, ())

    async def _stop(
        self,
        tasks: Sequence[asyncio.Future[None]],
        to_send: list[tuple[OutboxItem, ChannelAccount, NoticeContext]],
        recorded: set[int],
        results: dict[int, DeliveryResult],
        outcomes: dict[int, tuple[OutboxStatus, str | None]],
        report: DispatchReport,
    ) -> None:
        """Stopping: wait for sends under way, record them, give back what never started."""
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_GRACE_SECONDS)
        left = [entry for entry in to_send if entry[0].id not in recorded]
        unsent = [item.id for item, _, _ in left if item.id not in results]
        await self._settle(left, results, outcomes, report, unsent)

    async def _settle(
        self,
        to_send: list[tuple[OutboxItem, ChannelAccount, NoticeContext]],
        results: dict[int, DeliveryResult],
        outcomes: dict[int, tuple[OutboxStatus, str | None]],
        report: DispatchReport,
        released: Sequence[int],
    ) -> None:
        retries: list[tuple[OutboxItem, DeliveryResult]] = []
        unreachable: list[ChannelAddress] = []
        for item, account, _ in to_send:
            result = results.get(item.id)
            if result is None:
                continue
            metrics.SENDS.labels(
                account.address.channel.value, item.kind.value, result.status.value
            ).inc()
            if result.status is DeliveryStatus.SENT:
                outcomes[item.id] = (OutboxStatus.SENT, result.reason or None)
            elif result.status is DeliveryStatus.UNREACHABLE:
                outcomes[item.id] = (OutboxStatus.UNREACHABLE, result.reason)
                unreachable.append(account.address)
            elif result.status is DeliveryStatus.RETRY and item.attempts < MAX_ATTEMPTS:
                retries.append((item, result))
            else:
                outcomes[item.id] = (OutboxStatus.FAILED, result.reason or "failed")
        await self._record(outcomes, retries, unreachable, report, released)

    async def _record(
        self,
        outcomes: dict[int, tuple[OutboxStatus, str | None]],
        retries: list[tuple[OutboxItem, DeliveryResult]],
        unreachable: list[ChannelAddress],
        report: DispatchReport,
        released: Sequence[int] = (),
    ) -> None:
        now = self._clock.now()
        grouped: defaultdict[tuple[OutboxStatus, str | None], list[int]] = defaultdict(list)
        for item_id, outcome in outcomes.items():
            grouped[outcome].append(item_id)
        async with self._uow_factory() as uow:
            for (status, error), ids in grouped.items():
                await uow.outbox.finish_many(ids, status, now, error, self.worker)
            for item, result in retries:
                wait = timedelta(seconds=max(1.0, result.retry_after or 30.0))
                await uow.outbox.retry(item.id, self.worker, now, now + wait, result.reason)
            for address in unreachable:
                await uow.members.set_unreachable(address, True)
            if released:
                await uow.outbox.finish_many(
                    released, OutboxStatus.PENDING, now, None, self.worker
                )
            await uow.commit()
        for (status, _), ids in grouped.items():
            field = {
                OutboxStatus.SENT: "sent",
                OutboxStatus.DROPPED: "dropped",
                OutboxStatus.FAILED: "failed",
                OutboxStatus.UNREACHABLE: "unreachable",
            }[status]
            setattr(report, field, getattr(report, field) + len(ids))
        report.retried += len(retries)


_Entry = tuple[OutboxItem, ChannelAccount, NoticeContext]


class _Finishes:
    """Records each send's outcome right after it, a group commit as in `_Starts`: the sends
    that finish while one commit runs go together in the next. A worker killed in the middle
    of a batch then leaves only the sends truly in flight without a final state (a reminder
    in flight is sent again, a broadcast message counted uncertain), not every send of the
    batch that had already reached the platform."""

    def __init__(self, settle: Callable[[list[_Entry]], Awaitable[None]]) -> None:
        self._settle = settle
        self._waiting: list[_Entry] = []
        self._lock = asyncio.Lock()
        self.recorded: set[int] = set()

    async def add(self, entry: _Entry) -> None:
        self._waiting.append(entry)
        async with self._lock:
            if entry[0].id in self.recorded:
                return  # recorded with others meanwhile
            done, self._waiting = self._waiting, []
            try:
                await self._settle(done)
            except Exception as error:  # the batch's last commit records them instead
                log.warning("outbox: recording sends failed: %s", type(error).__name__)
                return
            self.recorded.update(item.id for item, _, _ in done)


class _Starts:
    """Marks rows started before their send, a group commit: while one UPDATE runs, the rows
    that reach the gate meanwhile wait and go together in the next (one connection, not
    one per send)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, worker: str) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._worker = worker
        self._waiting: list[int] = []
        self._done: set[int] = set()
        self._lock = asyncio.Lock()

    async def mark(self, item_id: int) -> None:
        if item_id in self._done:
            return  # a delivery of several messages: started with its first
        self._waiting.append(item_id)
        async with self._lock:
            if item_id in self._done:
                return
            ids, self._waiting = self._waiting, []
            async with self._uow_factory() as uow:
                await uow.outbox.mark_started(ids, self._clock.now(), self._worker)
                await uow.commit()
            self._done.update(ids)


async def _load(
    uow: UnitOfWork, items: Sequence[OutboxItem], loaders: Mapping[NoticeKind, SubjectLoader]
) -> _Batch:
    member_ids = sorted({item.member_id for item in items})
    meetup_ids = sorted({item.meetup_id for item in items if item.meetup_id is not None})
    meetups = await uow.meetups.get_many(meetup_ids) if meetup_ids else {}
    communities = {}
    for community_id in {m.community_id for m in meetups.values()}:
        community = await uow.communities.get(community_id)
        if community is not None:
            communities[community_id] = community
    subjects: dict[tuple[NoticeKind, int], object] = {}
    for kind, loader in loaders.items():
        ids = sorted({i.subject_id for i in items if i.kind is kind and i.subject_id is not None})
        if ids:
            for subject_id, subject in (await loader(uow, ids)).items():
                subjects[(kind, subject_id)] = subject
    return _Batch(
        members=await uow.members.get_many(member_ids),
        accounts=await uow.members.accounts_of_many(member_ids),
        meetups=meetups,
        communities=communities,
        answers=await uow.rsvps.statuses(meetup_ids, member_ids) if meetup_ids else {},
        subjects=subjects,
    )


def _context(batch: _Batch, item: OutboxItem) -> NoticeContext | None:
    member = batch.members.get(item.member_id)
    if member is None:
        return None
    meetup = batch.meetups.get(item.meetup_id) if item.meetup_id is not None else None
    community = batch.communities.get(meetup.community_id) if meetup else None
    subject = (
        batch.subjects.get((item.kind, item.subject_id)) if item.subject_id is not None else None
    )
    return NoticeContext(member, item, meetup, community, subject)


def _still_wanted(context: NoticeContext, batch: _Batch, now: datetime, notices: Notices) -> bool:
    member, item, meetup = context.member, context.item, context.meetup
    if not member.proactive_allowed or member.unreachable:
        return False
    if item.kind not in MEETUP_KINDS:
        if item.kind in notices.subject_loaders and context.subject is None:
            return False
        policy = notices.policies.get(item.kind)
        return policy(context, now) if policy is not None else True
    if meetup is None or context.community is None:
        return False
    if item.kind in (NoticeKind.REMINDER, NoticeKind.WAITLIST_PROMOTED):
        if meetup.cancelled or meetup.starts_at <= now:
            return False
        if batch.answers.get((meetup.id, member.id)) is not RsvpStatus.GOING:
            return False
        if item.kind is NoticeKind.REMINDER and not member.reminders_enabled:
            return False
    return item.kind is not NoticeKind.MEETUP_CHANGED or not meetup.cancelled

"""The other side of a broadcast: a bilingual member writes a language version and approves
it in their own chat; when every row of a queued broadcast is decided, its author gets a
delivery report.
"""

from __future__ import annotations

from bot.core.ambassadors.broadcasts import BroadcastProblem, clean_text
from bot.core.ambassadors.domain import Broadcast, BroadcastStatus, Variant, VariantStatus
from bot.core.ambassadors.ports import AmbassadorsUnit, AmbassadorsWorkFactory
from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind


class Translation:
    """What the member asked for a version may do, checked on their member id."""

    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def task(self, translator: int, broadcast_id: int, locale: str) -> Broadcast:
        """The draft, while this member's version of `locale` is still wanted."""
        broadcast = await self._uow.broadcasts.get(broadcast_id)
        if broadcast is None or broadcast.status is not BroadcastStatus.DRAFT:
            raise BroadcastProblem("gone")
        variant = broadcast.variants.get(locale)
        if (
            variant is None
            or variant.written_by != translator
            or variant.status is VariantStatus.APPROVED
        ):
            raise BroadcastProblem("gone")
        return broadcast

    async def propose(self, translator: int, broadcast_id: int, locale: str, text: str) -> str:
        await self.task(translator, broadcast_id, locale)
        cleaned = clean_text(text)
        variant = Variant(locale, cleaned, VariantStatus.PROPOSED, translator)
        await self._uow.broadcasts.put_variant(broadcast_id, variant)
        return cleaned

    async def approve(self, translator: int, broadcast_id: int, locale: str) -> Broadcast:
        broadcast = await self.task(translator, broadcast_id, locale)
        variant = broadcast.variants[locale]
        if variant.status is not VariantStatus.PROPOSED or not variant.text:
            raise BroadcastProblem("empty")
        approved = Variant(locale, variant.text, VariantStatus.APPROVED, translator)
        await self._uow.broadcasts.put_variant(broadcast_id, approved)
        if broadcast.created_by is not None:
            await self._uow.outbox.enqueue(
                broadcast.created_by,
                NoticeKind.TRANSLATION_READY,
                f"translation_ready:{broadcast_id}:{locale}",
                self._clock.now(),
                subject_id=broadcast_id,
            )
        return broadcast

    async def decline(self, translator: int, broadcast_id: int, locale: str) -> None:
        await self.task(translator, broadcast_id, locale)
        await self._uow.broadcasts.drop_variant(broadcast_id, locale)


async def finish_broadcasts(uow_factory: AmbassadorsWorkFactory, clock: Clock) -> int:
    """Close queued broadcasts whose every row is final; queue their reports.

    Any worker may run this at any time: a row still pending or `sending` (also one another
    worker is sending right now) keeps its broadcast open, and an interrupted send is only
    settled by the lease recovery of the outbox, never guessed here. Closing is a claim
    (`close`), and the report's dedupe key makes it one row: exactly one report per
    broadcast. Returns how many reports were queued.
    """
    async with uow_factory() as uow:
        queued = await uow.broadcasts.with_status(BroadcastStatus.QUEUED)
        if not queued:
            return 0
        counts = await uow.broadcasts.counts([b.id for b in queued])
        now = clock.now()
        reports = 0
        for broadcast in queued:
            if counts[broadcast.id].pending or not await uow.broadcasts.close(broadcast.id, now):
                continue
            if broadcast.created_by is not None:
                reports += await uow.outbox.enqueue(
                    broadcast.created_by,
                    NoticeKind.BROADCAST_REPORT,
                    f"broadcast_report:{broadcast.id}",
                    now,
                    subject_id=broadcast.id,
                )
        await uow.commit()
    return reports

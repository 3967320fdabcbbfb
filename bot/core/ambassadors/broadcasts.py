"""Broadcasts: an ambassador writes once, adds language versions, confirms; the outbox
delivers one row per recipient (`broadcast:<id>:<member>`, unique) and a report follows.

Every step re-checks on the member id that the actor is an ambassador of the broadcast's
community; a queued broadcast cannot change any more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.core.ambassadors.audience import resolve_audience
from bot.core.ambassadors.domain import (
    BROADCAST_TEXT_MAX,
    AudienceKind,
    AuditAction,
    Broadcast,
    BroadcastStatus,
    Variant,
    VariantStatus,
)
from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.clock import Clock
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.core.communities.permissions import require_ambassador
from bot.i18n.locales import SUPPORTED_LOCALES
from bot.i18n.text import clean_user_text


class BroadcastProblem(ValueError):
    """empty, too_long, gone (no such draft), audience_gone, no_recipients, not_member."""

    def __init__(self, reason: str, limit: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


def clean_text(text: str) -> str:
    """The text as it will be sent (controls removed); empty or over-long texts refused."""
    cleaned = clean_user_text(text)
    if not cleaned:
        raise BroadcastProblem("empty")
    if len(cleaned) > BROADCAST_TEXT_MAX:
        raise BroadcastProblem("too_long", BROADCAST_TEXT_MAX)
    return cleaned


def broadcast_key(broadcast_id: int, member_id: int) -> str:
    return f"broadcast:{broadcast_id}:{member_id}"


class Broadcasts:
    def __init__(self, uow: AmbassadorsUnit, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def draft(
        self,
        actor: int,
        community_id: int,
        kind: AudienceKind,
        audience_id: int | None,
        locale: str,
        text: str,
    ) -> Broadcast:
        await require_ambassador(self._uow, actor, community_id)
        cleaned = clean_text(text)
        if await resolve_audience(self._uow, community_id, kind, audience_id) is None:
            raise BroadcastProblem("audience_gone")
        return await self._uow.broadcasts.add(
            community_id, actor, kind, audience_id, locale, cleaned, self._clock.now()
        )

    async def editable(self, actor: int, broadcast_id: int, *, lock: bool = False) -> Broadcast:
        """The draft if it exists and the actor is an ambassador of its community."""
        broadcast = await self._uow.broadcasts.get(broadcast_id, lock=lock)
        if broadcast is None or broadcast.status is not BroadcastStatus.DRAFT:
            raise BroadcastProblem("gone")
        await require_ambassador(self._uow, actor, broadcast.community_id)
        return broadcast

    async def languages(self, broadcast: Broadcast) -> Counter[str]:
        """How many recipients read each language, most first."""
        members = await resolve_audience(
            self._uow,
            broadcast.community_id,
            broadcast.audience,
            broadcast.audience_id,
            exclude=broadcast.created_by,
        )
        return Counter(m.locale for m in members or ())

    async def add_variant(self, actor: int, broadcast_id: int, locale: str, text: str) -> None:
        broadcast = await self.editable(actor, broadcast_id)
        if locale not in SUPPORTED_LOCALES or locale == broadcast.locale:
            raise BroadcastProblem("gone")
        variant = Variant(locale, clean_text(text), VariantStatus.APPROVED, actor)
        await self._uow.broadcasts.put_variant(broadcast_id, variant)

    async def ask_translator(
        self, actor: int, broadcast_id: int, locale: str, translator: int
    ) -> None:
        broadcast = await self.editable(actor, broadcast_id)
        if await self._uow.memberships.get(translator, broadcast.community_id) is None:
            raise BroadcastProblem("not_member")
        now = self._clock.now()
        variant = Variant(locale, "", VariantStatus.REQUESTED, translator)
        await self._uow.broadcasts.put_variant(broadcast_id, variant)
        await self._uow.outbox.enqueue(
            translator,
            NoticeKind.TRANSLATION_REQUEST,
            f"translation_request:{broadcast_id}:{locale}:{translator}",
            now,
            subject_id=broadcast_id,
        )
        await self._uow.audit.record(
            AuditAction.TRANSLATION_ASKED,
            now,
            community_id=broadcast.community_id,
            actor_id=actor,
            target_id=translator,
            subject_id=broadcast_id,
        )

    async def queue(self, actor: int, broadcast_id: int) -> int:
        """Hand the broadcast to the outbox: one row per recipient. Returns how many."""
        broadcast = await self.editable(actor, broadcast_id, lock=True)
        members = await resolve_audience(
            self._uow,
            broadcast.community_id,
            broadcast.audience,
            broadcast.audience_id,
            exclude=broadcast.created_by,
        )
        if members is None:
            raise BroadcastProblem("audience_gone")
        if not members:
            raise BroadcastProblem("no_recipients")
        now = self._clock.now()
        for variant in broadcast.variants.values():
            if variant.status is not VariantStatus.APPROVED:
                await self._uow.broadcasts.drop_variant(broadcast_id, variant.locale)
        rows: Sequence[dict[str, object]] = [
            {
                "member_id": member.id,
                "kind": NoticeKind.BROADCAST.value,
                "meetup_id": None,
                "dedupe_key": broadcast_key(broadcast_id, member.id),
                "due_at": now,
                "status": OutboxStatus.PENDING.value,
                "subject_id": broadcast_id,
            }
            for member in members
        ]
        await self._uow.outbox.enqueue_many(rows)
        await self._uow.broadcasts.set_status(
            broadcast_id, BroadcastStatus.QUEUED, now, recipients=len(rows)
        )
        await self._uow.audit.record(
            AuditAction.BROADCAST_QUEUED,
            now,
            community_id=broadcast.community_id,
            actor_id=actor,
            subject_id=broadcast_id,
        )
        return len(rows)

    async def cancel(self, actor: int, broadcast_id: int) -> None:
        broadcast = await self.editable(actor, broadcast_id)
        now = self._clock.now()
        await self._uow.broadcasts.set_status(broadcast_id, BroadcastStatus.CANCELLED, now)
        await self._uow.audit.record(
            AuditAction.BROADCAST_CANCELLED,
            now,
            community_id=broadcast.community_id,
            actor_id=actor,
            subject_id=broadcast_id,
        )

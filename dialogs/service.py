"""The entry point every channel adapter calls: one inbound in, replies out.

One unit of work per message: the duplicate check, the dialog's changes and the new
conversation state commit together, or not at all. The duplicate check records a keyed hash
of the event id with the member; for people without consent only where the platform
redelivers (not the web chat), so that a probe that never consents leaves nothing.
The unit of work first serializes on the sender (an advisory lock on PostgreSQL), so two
messages of one person handled by two workers never interleave, and a redelivery racing
its original waits and then finds the claim committed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.config import Settings
from bot.core.common.clock import Clock
from bot.core.common.delivery import DeliveryStatus, Senders
from bot.core.common.domain import ChannelAddress
from bot.core.common.messages import Inbound, Outcome, Reply
from bot.core.members.domain import Member
from bot.core.members.reachability import MarkUnreachable, best_account
from bot.core.ports import UnitOfWork, UnitOfWorkFactory
from bot.i18n.catalogs import Catalogs, best_locale
from bot.i18n.locales import DEFAULT_LOCALE
from dialogs.common.nlu import Understanding
from dialogs.common.turn import Turn
from dialogs.engine import route
from dialogs.features import ROUTES

log = logging.getLogger(__name__)


class ConversationService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        catalogs: Catalogs,
        clock: Clock,
        senders: Senders | None = None,
        understanding: Understanding | None = None,
        settings: Settings | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings or Settings()
        self._catalogs = catalogs
        self._clock = clock
        self._senders = senders or Senders()
        self.understanding = understanding

    async def handle(self, inbound: Inbound) -> Outcome:
        try:
            return await self._handle(inbound)
        except Exception:
            # No message content or ids in the log: only the kind and the channel.
            log.exception(
                "dialog failed for a %s message on %s",
                inbound.kind.value,
                inbound.sender.channel.value,
            )
            locale = best_locale(inbound.locale_hint) or DEFAULT_LOCALE
            tr = self._catalogs.get(locale)
            text = tr.text("Sorry, something went wrong on my side. Please try again.")
            return Outcome([Reply(text=text, locale=tr.locale)])

    async def _handle(self, inbound: Inbound) -> Outcome:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            # Consecutive messages of one person may reach different workers: one at a time.
            await uow.serialize(
                f"inbound:{inbound.sender.channel.value}:{inbound.sender.external_id}"
            )
            # One round trip: the member, their dialog state, consent and ambassador role.
            start = await uow.turns.load(inbound.sender, inbound.sender_scoped_id)
            member = start.member if start is not None else None
            key = inbound.idempotency_key
            # Nobody redelivers web chat messages: for people without consent, no row.
            deferred = key is not None and member is None and not inbound.dedupe_before_consent
            if (
                key is not None
                and not deferred
                and not await self._claim(uow, inbound, now, member)
            ):
                return Outcome(duplicate=True)
            if member is not None:
                await uow.members.record_inbound(inbound.sender, now, inbound.sender_scoped_id)
            if member is not None and member.unreachable:
                member.unreachable = False  # they wrote to us, so they can be reached again
                await uow.members.save(member)
            turn = Turn(
                inbound=inbound,
                uow=uow,
                clock=self._clock,
                catalogs=self._catalogs,
                routes=ROUTES,
                locale=member.locale if member else best_locale(inbound.locale_hint) or "en",
                member=member,
                conversation=start.conversation if start is not None else None,
                understanding=self.understanding,
                settings=self._settings,
                consented=start.consented if start is not None else None,
                ambassador=start.ambassador if start is not None else False,
            )
            await route(turn)
            if member is None and turn.member is not None:
                # They became a member in this turn (consent): they just wrote to us.
                await uow.members.record_inbound(inbound.sender, now, inbound.sender_scoped_id)
                if deferred:
                    await self._claim(uow, inbound, now, turn.member)
            if turn.member is not None and turn.conversation is not None and not turn.erased:
                await uow.conversations.save(turn.conversation, now)
            await uow.commit()
        if turn.deliveries:
            await self._deliver(turn.deliveries)
        return Outcome(turn.outgoing())

    @staticmethod
    async def _claim(
        uow: UnitOfWork, inbound: Inbound, now: datetime, member: Member | None
    ) -> bool:
        """Record the event (a keyed hash of its id, with the member: /forget erases it)."""
        assert inbound.idempotency_key is not None
        return await uow.processed_events.claim(
            inbound.sender.channel.value,
            inbound.idempotency_key,
            now,
            member.id if member is not None else None,
        )

    async def _deliver(self, deliveries: list[tuple[int, list[Reply]]]) -> None:
        """Relayed messages go out at once and are never stored."""
        async with self._uow_factory() as uow:
            accounts = await uow.members.accounts_of_many([m for m, _ in deliveries])
        for member_id, replies in deliveries:
            account = best_account(accounts.get(member_id, []), self._senders)
            if account is None:
                log.info("a relayed message had no reachable channel")
                continue
            sender = self._senders.get(account.address.channel)
            assert sender is not None
            result = await sender.deliver(account.address, replies)
            if result.status is DeliveryStatus.UNREACHABLE:
                await self.mark_unreachable(account.address)

    async def mark_unreachable(self, address: ChannelAddress) -> None:
        """Called by adapters when the platform says the person blocked the bot."""
        async with self._uow_factory() as uow:
            if await MarkUnreachable(uow)(address):
                await uow.commit()

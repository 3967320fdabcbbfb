"""Runs the bot on WhatsApp (Cloud API): webhooks in, Graph API calls out.

The adapter converts, renders, sends and reports; every decision about what to say is the
core's. Messages are handled in the background after the webhook answered, in order per
person and concurrently across people; a message id seen before is answered once (the core's
processed-events claim, a keyed hash kept 7 days). Statuses update the delivery state and never
reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from starlette.routing import BaseRoute

from bot.channels.whatsapp import graph
from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.inbound import MessageEvent, StatusEvent, events, to_inbound
from bot.channels.whatsapp.outbound import Outbound, Pacing
from bot.channels.whatsapp.pacing import Monotonic, Pacer, Sleep
from bot.channels.whatsapp.shared_pacing import SharedPacer
from bot.channels.whatsapp.templates import Templates
from bot.channels.whatsapp.typed import Choices
from bot.channels.whatsapp.webhook import PATH, webhook_routes
from bot.channels.whatsapp.work_queue import KeyedWorkQueue
from bot.config import WhatsAppSettings
from bot.core.common.clock import Clock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.delivery_states import WhatsAppStore
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.limits import SharedLimits
from bot.core.common.messages import Reply
from dialogs.service import ConversationService

log = logging.getLogger(__name__)

#: WhatsApp's customer service window: free-form messages only this long after theirs.
SERVICE_WINDOW = timedelta(hours=24)
#: Delivery states are kept this long, then purged.
DELIVERY_STATE_TTL = timedelta(days=7)
PURGE_EVERY_SECONDS = 3600.0


class WhatsAppChannel:
    """The WhatsApp adapter; also the `Sender` for proactive messages to WhatsApp members."""

    channel = Channel.WHATSAPP
    name = "WhatsApp"
    #: The webhook answers within this (Meta retries after about 20 s without an answer).
    ack_deadline_seconds = 10.0

    def __init__(
        self,
        settings: WhatsAppSettings,
        service: ConversationService,
        store: WhatsAppStore,
        clock: Clock,
        *,
        concurrency: int = 32,
        drain_seconds: float = 10.0,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        limits: SharedLimits | None = None,
    ) -> None:
        if settings.token is None or not settings.phone_id:
            raise ValueError("WhatsApp needs WHATSAPP_TOKEN and WHATSAPP_PHONE_ID")
        self._settings = settings
        self._phone_id = settings.phone_id
        self._service = service
        self._store = store
        self._clock = clock
        self._drain_seconds = drain_seconds
        self._client = GraphClient(
            settings.api_base, settings.api_version, settings.phone_id, settings.token
        )
        #: The options last offered to each member (in the database: any worker may read
        #: the answer).
        self.choices = Choices(store=store, clock=clock)
        # With several workers (PostgreSQL) the number's limits are kept with all of them.
        pacer: Pacing = (
            Pacer(
                settings.max_messages_per_second,
                settings.bulk_spacing_seconds,
                monotonic=monotonic,
                sleep=sleep,
            )
            if limits is None
            else SharedPacer(
                limits,
                settings.phone_id,
                settings.max_messages_per_second,
                settings.bulk_spacing_seconds,
                sleep=sleep,
            )
        )
        self._outbound = Outbound(self._client, pacer, Templates(settings.templates), self.choices)
        self._queue = KeyedWorkQueue(concurrency)
        self._purge_task: asyncio.Task[None] | None = None

    def routes(self) -> Sequence[BaseRoute]:
        return webhook_routes(
            verify_token=self._settings.verify_token,
            app_secret=self._settings.app_secret,
            accept=self.accept,
            accepting=lambda: not self._queue.closed,
        )

    async def start(self) -> None:
        if self._settings.app_secret is None:
            log.warning("whatsapp: WHATSAPP_APP_SECRET is not set; every webhook POST is refused")
        if self._settings.verify_token is None:
            log.warning("whatsapp: WHATSAPP_VERIFY_TOKEN is not set; Meta cannot verify %s", PATH)
        self._purge_task = asyncio.create_task(self._purge_regularly(), name="whatsapp-purge")
        log.info("whatsapp: receiving webhooks at %s", PATH)

    async def stop(self) -> None:
        """Refuse new webhooks (503: Meta retries), finish queued work, close the client."""
        if self._queue.closed:
            return
        await self._queue.close(self._drain_seconds)
        if self._purge_task is not None:
            self._purge_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purge_task
        await self._client.aclose()

    async def accept(self, payload: Mapping[str, Any]) -> bool:
        """Handle the events of one webhook payload, in order per person; True once every
        one was handled and committed (the webhook answers 200 only then). False when some
        could not be (shutting down) or are not done within `ack_deadline_seconds` (a huge
        batch): they go on here, Meta delivers the payload again, and what was handled by
        then is answered once."""
        handled: list[asyncio.Future[None] | None] = []
        for event in events(payload, self._phone_id):
            if isinstance(event, MessageEvent):
                handled.append(self._queue.submit(event.person, partial(self._on_message, event)))
            else:
                handled.append(self._queue.submit(event.wa_id, partial(self._on_status, event)))
        jobs = [job for job in handled if job is not None]
        work = asyncio.gather(*jobs, return_exceptions=True)
        # Shielded: a caller that hangs up, or the deadline, does not cancel work under way.
        try:
            results = await asyncio.wait_for(asyncio.shield(work), self.ack_deadline_seconds)
        except TimeoutError:
            return False
        return len(jobs) == len(handled) and not any(isinstance(r, BaseException) for r in results)

    async def wait_idle(self) -> None:
        """Wait until every queued webhook event was handled (tests, benchmarks)."""
        await self._queue.join()

    async def deliver(
        self, address: ChannelAddress, replies: Sequence[Reply], *, bulk: bool = False
    ) -> DeliveryResult:
        """Proactive messages: within the service window as they are, outside as templates."""
        last = await self._store.last_inbound_at(address.external_id)
        window_open = last is not None and self._clock.now() - last < SERVICE_WINDOW
        return await self._outbound.send(
            address.external_id, replies, window_open=window_open, bulk=bulk
        )

    async def _on_message(self, event: MessageEvent) -> None:
        await self.choices.recall(event.wa_id)
        inbound = to_inbound(event, self.choices)
        if inbound is None:
            return
        outcome = await self._service.handle(inbound)
        if outcome.duplicate:
            return
        # They just wrote, so the window is open.
        result = await self._outbound.send(event.wa_id, outcome.replies, window_open=True)
        if result.status is DeliveryStatus.UNREACHABLE:
            log.info("whatsapp: a member cannot be reached; marked unreachable")
            await self._service.mark_unreachable(inbound.sender)
        elif result.status is not DeliveryStatus.SENT:
            log.warning("whatsapp: reply not delivered: %s (%s)", result.status, result.reason)

    async def _on_status(self, event: StatusEvent) -> None:
        code = event.error_codes[0] if event.error_codes else None
        await self._store.advance(
            event.message_id, event.status, self._clock.now(), code, event.wa_id
        )
        if event.status == "failed" and graph.UNDELIVERABLE in event.error_codes:
            await self._service.mark_unreachable(ChannelAddress(Channel.WHATSAPP, event.wa_id))

    async def _purge_regularly(self) -> None:
        while True:
            try:
                await self._store.purge_older_than(self._clock.now() - DELIVERY_STATE_TTL)
            except Exception as error:
                log.error("whatsapp: purging delivery states failed: %s", type(error).__name__)
            await asyncio.sleep(PURGE_EVERY_SECONDS)

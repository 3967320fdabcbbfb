"""Inbound that survives a kill (issue 13): Telegram's webhook gets its 200 only after the
update was handled, committed and answered, and one member's messages handled by two workers
at once are handled one after the other, a redelivery once."""

from __future__ import annotations

import asyncio

import httpx

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Inbound, InboundKind
from bot.web.app import build_web_app
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import TOKEN
from tests.whatsapp.harness import serve

SECRET = "s3cret_Webhook-token"
USER = 7301


async def test_the_webhook_answers_after_the_update_is_committed_and_replied(
    core: Core,
) -> None:
    async with TelegramBotApiEmulator(token=TOKEN) as api:
        channel = TelegramChannel(
            TOKEN, api.api_root, core.service, core.catalogs,
            webhook_url="https://bot.example.org/", webhook_secret=SECRET,
        )  # fmt: skip
        await channel.start()
        try:
            app = build_web_app(core, web_chat=False, extra_routes=channel.routes())
            async with serve(app) as base, httpx.AsyncClient() as client:
                api.add_user(USER, first_name="Dana", language_code="fa")
                update = api.send_text(USER, "/start")
                answer = await client.post(
                    f"{base}/webhooks/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                assert answer.status_code == 200
                # No waiting: by the 200 the replies are out and the claim is committed.
                assert len(api.sent_messages(USER)) == 2
                async with core.uow_factory() as uow:
                    claimed = await uow.processed_events.claim(
                        "telegram", str(update["update_id"]), core.clock.now()
                    )
                assert not claimed
        finally:
            await channel.stop()


async def test_a_redelivery_racing_its_original_is_handled_once(core: Core) -> None:
    inbound = Inbound(
        sender=ChannelAddress(Channel.TELEGRAM, "7302"),
        kind=InboundKind.TEXT,
        text="/start",
        locale_hint="ar",
        idempotency_key="9001",
    )
    outcomes = await asyncio.gather(*(core.service.handle(inbound) for _ in range(4)))
    assert sorted(o.duplicate for o in outcomes) == [False, True, True, True]


async def test_serialize_makes_a_second_unit_of_work_wait(core: Core) -> None:
    async with core.uow_factory() as first:
        await first.serialize("inbound:telegram:7303")
        second_done = asyncio.Event()

        async def second() -> None:
            async with core.uow_factory() as uow:
                await uow.serialize("inbound:telegram:7303")
                second_done.set()

        task = asyncio.create_task(second())
        await asyncio.sleep(0.3)
        assert not second_done.is_set()
        await first.commit()
    await asyncio.wait_for(task, 5)
    assert second_done.is_set()

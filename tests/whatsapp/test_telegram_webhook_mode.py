"""Telegram in webhook mode on the same server: setWebhook with the secret, updates POSTed to
/webhooks/telegram reach the same handler as polling, requests without the secret get 403."""

from __future__ import annotations

import httpx

from bot.app import Core
from bot.channels.telegram.adapter import TelegramChannel
from bot.channels.telegram.inbound import ALLOWED_UPDATES
from bot.web.app import build_web_app
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator
from tests.telegram.conftest import TOKEN, buttons
from tests.whatsapp.harness import serve

SECRET = "s3cret_Webhook-token"
USER = 7001


async def test_webhook_mode_sets_the_webhook_and_checks_the_secret(core: Core) -> None:
    async with TelegramBotApiEmulator(token=TOKEN) as api:
        channel = TelegramChannel(
            TOKEN, api.api_root, core.service, core.catalogs,
            webhook_url="https://bot.example.org/", webhook_secret=SECRET,
        )  # fmt: skip
        await channel.start()
        try:
            assert api.webhook is not None
            assert api.webhook["url"] == "https://bot.example.org/webhooks/telegram"
            assert api.webhook["secret_token"] == SECRET
            assert api.webhook["allowed_updates"] == ALLOWED_UPDATES
            app = build_web_app(core, web_chat=False, extra_routes=channel.routes())
            async with serve(app) as base, httpx.AsyncClient() as client:
                url = f"{base}/webhooks/telegram"
                api.add_user(USER, first_name="Mira", language_code="de")
                update = api.send_text(USER, "/start")  # the update Telegram would POST
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
                    refused = await client.post(url, json=update, headers=headers)
                    assert refused.status_code == 403
                good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                assert (await client.post(url, content=b"{", headers=good)).status_code == 400
                assert (await client.post(url, json=update, headers=good)).status_code == 200
                [_, notice] = await api.wait_for_messages(USER, 2)
                assert "consent:accept:de" in buttons(dict(notice))
                await client.post(url, json=update, headers=good)  # redelivered: answered once
                later = api.send_text(USER, "/help")  # a later update, via the webhook too
                assert (await client.post(url, json=later, headers=good)).status_code == 200
                # Answered before the 200: two for /start, none for the redelivery, and the
                # greeting again for /help before consent.
                sent = api.sent_messages(USER)
                assert len(sent) == 4
        finally:
            await channel.stop()
        assert not api.calls("getUpdates")  # no polling in webhook mode


async def test_polling_mode_has_no_route(core: Core) -> None:
    channel = TelegramChannel(TOKEN, "http://127.0.0.1:9", core.service, core.catalogs)
    assert list(channel.routes()) == []

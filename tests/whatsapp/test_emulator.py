"""The Graph API emulator itself: auth, limits, uploads, faults, the window, webhook shapes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.channels.whatsapp.webhook import sign
from tests.emulators.whatsapp_graph_api import WhatsAppGraphApiEmulator


@pytest.fixture
async def api() -> AsyncIterator[WhatsAppGraphApiEmulator]:
    async with WhatsAppGraphApiEmulator() as emulator:
        yield emulator


async def _post(
    api: WhatsAppGraphApiEmulator, body: dict[str, Any], token: str | None = None
) -> httpx.Response:
    url = f"{api.base_url}/{api.api_version}/{api.phone_number_id}/messages"
    headers = {"Authorization": f"Bearer {token or api.token}"}
    async with httpx.AsyncClient() as client:
        return await client.post(url, json=body, headers=headers)


def _text(body: str, to: str = "4366400000001") -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": body}}


def _buttons(*titles: str) -> dict[str, Any]:
    buttons = [
        {"type": "reply", "reply": {"id": f"b:{n}", "title": t}} for n, t in enumerate(titles)
    ]
    interactive = {"type": "button", "body": {"text": "?"}, "action": {"buttons": buttons}}
    return {"messaging_product": "whatsapp", "to": "1", "type": "interactive",
            "interactive": interactive}  # fmt: skip


async def test_a_sent_message_answers_with_the_real_shape(api: WhatsAppGraphApiEmulator) -> None:
    answer = (await _post(api, _text("Hallo"))).json()
    assert answer["messaging_product"] == "whatsapp"
    assert answer["contacts"] == [{"input": "4366400000001", "wa_id": "4366400000001"}]
    assert answer["messages"][0]["id"].startswith("wamid.")
    assert api.sent[0]["body"]["text"]["body"] == "Hallo"


async def test_a_wrong_token_is_a_401_graph_error(api: WhatsAppGraphApiEmulator) -> None:
    answer = await _post(api, _text("x"), token="wrong")
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert (error["type"], error["code"]) == ("OAuthException", 190)
    assert "fbtrace_id" in error and not api.sent


@pytest.mark.parametrize(
    "body",
    [
        _text(""),
        _text("x" * 4097),
        _buttons("a", "b", "c", "d"),
        _buttons("twenty-one characters"),
        _buttons("same", "same"),
    ],
)
async def test_limits_are_refused_with_131009_or_similar(
    api: WhatsAppGraphApiEmulator, body: dict[str, Any]
) -> None:
    answer = await _post(api, body)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] in (131009, 131008, 100)
    assert not api.sent


async def test_injected_faults_use_the_graph_error_shape(api: WhatsAppGraphApiEmulator) -> None:
    api.fail_next(131056, retry_after=7)
    answer = await _post(api, _text("x"))
    error = answer.json()["error"]
    assert answer.status_code == 400 and answer.headers["retry-after"] == "7"
    assert error["message"] == "(#131056) (Business Account, Consumer Account) pair rate limit hit"
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert (await _post(api, _text("x"))).status_code == 200  # only the next one


async def test_uploads_accept_supported_types_only(api: WhatsAppGraphApiEmulator) -> None:
    url = f"{api.base_url}/{api.api_version}/{api.phone_number_id}/media"
    headers = {"Authorization": f"Bearer {api.token}"}
    async with httpx.AsyncClient(headers=headers) as client:
        good = await client.post(
            url,
            data={"messaging_product": "whatsapp", "type": "text/plain"},
            files={"file": ("a.json", b'{"a": 1}\x00\xff', "text/plain")},
        )
        bad = await client.post(
            url,
            data={"messaging_product": "whatsapp", "type": "application/json"},
            files={"file": ("a.json", b"{}", "application/json")},
        )
    media_id = good.json()["id"]
    assert api.uploads[media_id]["content"] == b'{"a": 1}\x00\xff'
    assert bad.status_code == 400 and bad.json()["error"]["code"] == 131053


async def test_the_optional_window_refuses_free_form_messages_after_24_hours() -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    async with WhatsAppGraphApiEmulator(enforce_window=True, now=lambda: now) as api:
        assert (await _post(api, _text("x"))).json()["error"]["code"] == 131047
        api.text("4366400000001", "hi")  # building an inbound message opens the window
        assert (await _post(api, _text("x"))).status_code == 200
        api.now = lambda: now + timedelta(hours=25)
        assert (await _post(api, _text("x"))).json()["error"]["code"] == 131047
        template = {"name": "t", "language": {"code": "en"}}
        body = {"messaging_product": "whatsapp", "to": "4366400000001", "type": "template",
                "template": template}  # fmt: skip
        assert (await _post(api, body)).status_code == 200


def test_webhook_payloads_have_meta_shape_and_signature(api: WhatsAppGraphApiEmulator) -> None:
    api.add_user("4366400000001", "Mira")
    payload = api.messages_payload("4366400000001", api.text("4366400000001", "hi"))
    value = payload["entry"][0]["changes"][0]["value"]
    assert payload["object"] == "whatsapp_business_account"
    assert value["metadata"]["phone_number_id"] == api.phone_number_id
    assert value["contacts"] == [{"profile": {"name": "Mira"}, "wa_id": "4366400000001"}]
    assert value["messages"][0]["text"] == {"body": "hi"}
    body = json.dumps(payload).encode()
    assert api.sign(body) == sign(body, api.app_secret)

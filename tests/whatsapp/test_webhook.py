"""The webhook's gate: verification, signatures, size and shape, and foreign phone numbers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx

from tests.whatsapp.conftest import AT, count_rows
from tests.whatsapp.harness import VERIFY_TOKEN, Rig


async def _nothing_stored(rig: Rig) -> None:
    await rig.channel.wait_idle()
    assert await count_rows(rig.core, "processed_events") == 0
    assert await count_rows(rig.core, "members") == 0
    assert rig.api.sent == []


async def test_get_verification_answers_the_challenge_only_for_the_right_token(
    rig: Rig,
) -> None:
    url = rig.api.webhook_url
    assert url is not None
    async with httpx.AsyncClient() as client:
        good = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158"}
        answer = await client.get(url, params=good)
        assert (answer.status_code, answer.text) == (200, "1158")
        for wrong in (
            {**good, "hub.verify_token": "guess"},
            {**good, "hub.mode": "unsubscribe"},
            {"hub.challenge": "1158"},
        ):
            assert (await client.get(url, params=wrong)).status_code == 403


async def test_a_missing_or_wrong_signature_is_refused_and_nothing_is_stored(rig: Rig) -> None:
    payload = rig.api.messages_payload(AT, rig.api.text(AT, "/start"))
    assert (await rig.api.post(payload, signature=None)).status_code == 401
    assert (await rig.api.post(payload, signature="sha256=" + "0" * 64)).status_code == 403
    assert (await rig.api.post(payload, signature="md5=abc")).status_code == 403
    other = json.dumps({**payload, "object": "page"}).encode()
    signed_other = rig.api.sign(other)
    assert (await rig.api.post(payload, signature=signed_other)).status_code == 403
    await _nothing_stored(rig)


async def test_a_3_mb_payload_is_refused_before_parsing(rig: Rig) -> None:
    huge = rig.api.messages_payload(AT, rig.api.text(AT, "x" * 3_000_000))
    answer = await rig.api.post(huge)  # correctly signed, still too large
    assert answer.status_code == 413
    await _nothing_stored(rig)


async def test_a_large_body_without_content_length_is_cut_off(rig: Rig) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield b"{" + b" " * 1_000_000

    assert rig.api.webhook_url is not None
    async with httpx.AsyncClient() as client:
        answer = await client.post(rig.api.webhook_url, content=chunks())
    assert answer.status_code == 413
    await _nothing_stored(rig)


async def test_malformed_json_is_a_400(rig: Rig) -> None:
    for body in (b'{"object": "whatsapp_business_account", "entry": [', b"[1, 2]", b"\xff"):
        assert (await rig.api.post(body)).status_code == 400
    await _nothing_stored(rig)


async def test_an_unknown_phone_number_id_is_ignored_with_200(rig: Rig) -> None:
    payload = rig.api.messages_payload(
        AT, rig.api.text(AT, "/start"), phone_number_id="999999999999999"
    )
    assert (await rig.api.post(payload)).status_code == 200
    await _nothing_stored(rig)


async def test_odd_but_signed_payloads_are_answered_200_and_skipped(rig: Rig) -> None:
    for payload in (
        {"object": "whatsapp_business_account"},
        {"object": "whatsapp_business_account", "entry": "nope"},
        {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages"}]}]},
        {"object": "instagram", "entry": []},
    ):
        assert (await rig.api.post(payload)).status_code == 200
    await _nothing_stored(rig)


async def test_after_stop_webhooks_get_503_so_meta_retries(rig: Rig) -> None:
    await rig.channel.stop()
    answer = await rig.api.post(rig.api.messages_payload(AT, rig.api.text(AT, "/start")))
    assert answer.status_code == 503
    assert await count_rows(rig.core, "processed_events") == 0

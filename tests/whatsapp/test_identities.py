"""WhatsApp identities as Meta sends them since April 2026: business-scoped user ids (BSUIDs)
beside or instead of the number, usernames, malformed ids and group messages."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from sqlalchemy import text

from bot.core.common.delivery import DeliveryStatus
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.common.messages import Reply
from tests.emulators.whatsapp_graph_api import SentMessage
from tests.whatsapp.conftest import count_rows, exchange, option_ids, stored_member, text_of
from tests.whatsapp.harness import Rig

LAYLA = "SY.1502576394655843"  # a username user from Syria: no number in the webhooks
MIRA_NUMBER, MIRA = "4366412345678", "AT.9871234500012"


async def answers(rig: Rig, person: str, message: dict[str, Any]) -> list[SentMessage]:
    """Everything the bot sent after this message, to whichever id it chose."""
    before = len(rig.api.sent)
    await rig.api.send(person, message)
    await rig.channel.wait_idle()
    return rig.api.sent[before:]


async def accounts(rig: Rig) -> list[tuple[str, str, str | None]]:
    async with rig.core.engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT channel, external_id, scoped_id FROM channel_accounts ORDER BY id")
        )
        return [(str(a), str(b), c) for a, b, c in rows]


async def test_a_username_without_a_number_is_answered_in_arabic_by_bsuid(rig: Rig) -> None:
    rig.api.add_username_user(LAYLA, "@layla.sy", "ليلى")
    payload = rig.api.messages_payload(LAYLA, rig.api.text(LAYLA, "مرحبا"))
    [contact] = payload["entry"][0]["changes"][0]["value"]["contacts"]
    assert "wa_id" not in contact and contact["user_id"] == LAYLA  # shaped like Meta's
    *_, notice = await exchange(rig, LAYLA, rig.api.text(LAYLA, "مرحبا"))
    assert notice["body"]["recipient"] == LAYLA and "to" not in notice["body"]
    assert option_ids(notice) == ["consent:accept:ar", "consent:decline:ar"]
    assert not re.search("[A-Za-z]", re.sub("/[a-z]+", "", text_of(notice)))
    [welcome, *_] = await exchange(rig, LAYLA, rig.api.button_reply(LAYLA, "consent:accept:ar"))
    assert "ليلى" in text_of(welcome)
    member = await stored_member(rig.core, LAYLA)
    assert member is not None and member.locale == "ar"
    # No number was given, so none is stored: the BSUID is the address.
    assert await accounts(rig) == [("whatsapp", LAYLA, LAYLA)]


async def test_number_and_bsuid_lead_to_one_member_and_a_withheld_number_is_dropped(
    rig: Rig,
) -> None:
    rig.api.add_user(MIRA_NUMBER, "Mira")
    await exchange(rig, MIRA_NUMBER, rig.api.text(MIRA_NUMBER, "/start"))
    await exchange(rig, MIRA_NUMBER, rig.api.button_reply(MIRA_NUMBER, "consent:accept:de"))
    assert await accounts(rig) == [("whatsapp", MIRA_NUMBER, None)]
    # Meta starts adding her BSUID beside the number: the same member, now linked.
    rig.api.add_username_user(MIRA, "@mira", "Mira", number=MIRA_NUMBER)
    [menu, *_] = await answers(rig, MIRA, rig.api.text(MIRA, "/menu"))
    assert menu["body"]["to"] == MIRA_NUMBER
    assert await accounts(rig) == [("whatsapp", MIRA_NUMBER, MIRA)]
    # She adopts a username and Meta withholds the number: still her, answered by BSUID.
    del rig.api.numbers[MIRA]
    [menu, *_] = await answers(rig, MIRA, rig.api.text(MIRA, "/menu"))
    assert menu["body"]["recipient"] == MIRA
    assert await count_rows(rig.core, "members") == 1
    assert await accounts(rig) == [("whatsapp", MIRA, MIRA)]
    member = await stored_member(rig.core, MIRA)
    assert member is not None and member.locale == "de"


async def test_notices_go_to_the_bsuid_and_statuses_find_the_member(rig: Rig) -> None:
    rig.api.add_username_user(LAYLA, "@layla.sy", "ليلى")
    await exchange(rig, LAYLA, rig.api.text(LAYLA, "/start"))
    await exchange(rig, LAYLA, rig.api.button_reply(LAYLA, "consent:accept:ar"))
    async with rig.core.uow_factory() as uow:
        member = await uow.members.by_address(ChannelAddress(Channel.WHATSAPP, LAYLA))
        assert member is not None
        [account] = await uow.members.accounts(member.id)
    result = await rig.channel.deliver(account.address, [Reply("تذكير", "ar")])
    assert result.status is DeliveryStatus.SENT
    sent = rig.api.sent_to(LAYLA)[-1]
    assert sent["body"]["recipient"] == LAYLA and sent["body"]["text"]["body"] == "تذكير"
    # Meta reports the delivery with recipient_user_id only.
    payload = rig.api.status_payload(sent["id"], "delivered", LAYLA)
    [status] = payload["entry"][0]["changes"][0]["value"]["statuses"]
    assert status["recipient_user_id"] == LAYLA and "recipient_id" not in status
    await rig.api.post(payload)
    await rig.channel.wait_idle()
    assert await rig.store.status_of(sent["id"]) == "delivered"
    async with rig.core.engine.connect() as connection:
        owner = await connection.scalar(text("SELECT member_id FROM whatsapp_deliveries"))
    assert owner == member.id


@pytest.mark.parametrize(
    "sender",
    [{"from": "bla"}, {"from": "5678", "from_user_id": "foo_bar"}, {"from_user_id": "bla"}],
)
async def test_malformed_sender_ids_are_refused_without_an_answer_or_the_id_in_the_log(
    rig: Rig, sender: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    message = rig.api.text("4366400000009", "/start")
    del message["from"]
    message.update(sender)
    payload = rig.api.messages_payload("4366400000009", message)
    caplog.set_level(logging.INFO)
    assert (await rig.api.post(payload)).status_code == 200
    await rig.channel.wait_idle()
    assert rig.api.sent == [] and await count_rows(rig.core, "members") == 0
    assert "malformed sender" in caplog.text
    assert all(value not in caplog.text for value in sender.values())


async def test_a_group_message_is_not_answered_as_a_private_chat(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    wa_id = "4915112345678"
    message = {**rig.api.text(wa_id, "/start"), "group_id": "120363025246125888"}
    caplog.set_level(logging.INFO)
    assert (await rig.api.post(rig.api.messages_payload(wa_id, message))).status_code == 200
    await rig.channel.wait_idle()
    assert rig.api.sent == [] and await count_rows(rig.core, "members") == 0
    assert "group message was ignored" in caplog.text

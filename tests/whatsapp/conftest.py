"""Fixtures for the WhatsApp tests: the real adapter, the real app, the Graph API emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text

from bot.app import Core
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.members.domain import Member
from tests.emulators.whatsapp_graph_api import SentMessage
from tests.whatsapp.harness import Rig, whatsapp_rig

AT = "4366400000001"  # +43: the core greets in German
UA = "380500000002"  # +380: Ukrainian


@pytest.fixture
async def rig(core: Core) -> AsyncIterator[Rig]:
    async with whatsapp_rig(core) as started:
        yield started


async def count_rows(core: Core, table: str) -> int:
    async with core.engine.connect() as connection:
        return int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def stored_member(core: Core, wa_id: str) -> Member | None:
    async with core.uow_factory() as uow:
        return await uow.members.by_address(ChannelAddress(Channel.WHATSAPP, wa_id))


async def onboard(rig: Rig, wa_id: str = AT, name: str = "Mira") -> list[SentMessage]:
    """/start, accept the privacy notice, /menu: a member with consent and an open window.

    (The core records the time of a member's messages from their first one after consent.)
    """
    rig.api.add_user(wa_id, name)
    await rig.api.send_text(wa_id, "/start")
    await rig.channel.wait_idle()
    accept = next(i for i in option_ids(rig.api.sent_to(wa_id)[-1]) if "accept" in i)
    await rig.api.send(wa_id, rig.api.button_reply(wa_id, accept))
    await rig.channel.wait_idle()
    await rig.api.send_text(wa_id, "/menu")
    await rig.channel.wait_idle()
    return rig.api.sent_to(wa_id)


def option_ids(message: SentMessage) -> list[str]:
    interactive = message["body"].get("interactive") or {}
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        return [b["reply"]["id"] for b in action["buttons"]]
    return [row["id"] for s in action.get("sections", []) for row in s["rows"]]


def text_of(message: SentMessage) -> str:
    body = message["body"]
    kind = body["type"]
    if kind == "text":
        return str(body["text"]["body"])
    if kind == "interactive":
        return str(body["interactive"]["body"]["text"])
    return str(body.get(kind, {}).get("caption", ""))


async def exchange(rig: Rig, wa_id: str, *messages: dict[str, Any]) -> list[SentMessage]:
    """Send messages in one webhook and return what the bot sent in answer."""
    before = len(rig.api.sent_to(wa_id))
    await rig.api.send(wa_id, *messages)
    await rig.channel.wait_idle()
    return rig.api.sent_to(wa_id)[before:]

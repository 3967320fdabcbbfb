"""Invites on WhatsApp: a wa.me link that prefills `/start <token>` and its QR code as an
image; someone who opens it joins and is asked in one tap whether they are new here."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from bot.app import Core
from bot.core.ambassadors.roles import AddAmbassadorAudited
from bot.core.common.domain import Channel, ChannelAddress
from tests.whatsapp.conftest import exchange, onboard, option_ids, stored_member, text_of
from tests.whatsapp.harness import Rig, whatsapp_rig

AMIRA = "963944000001"  # +963: an Arabic-speaking ambassador
NUMBER = "15550783881"


@pytest.fixture
async def with_number(core: Core) -> AsyncIterator[Rig]:
    async with whatsapp_rig(core, phone_number=NUMBER) as started:
        yield started


async def test_an_invite_on_whatsapp_is_a_wa_me_link_and_a_qr_image(with_number: Rig) -> None:
    rig = with_number
    async with rig.core.uow_factory() as uow:
        await AddAmbassadorAudited(uow, rig.core.clock)(
            "vienna", ChannelAddress(Channel.WHATSAPP, AMIRA)
        )
        vienna = await uow.communities.by_slug("vienna")
        await uow.commit()
    assert vienna is not None
    await onboard(rig, AMIRA, "أميرة")
    sent = await exchange(rig, AMIRA, rig.api.button_reply(AMIRA, f"inv:new:{vienna.id}:0:0"))
    image = next(m for m in sent if m["type"] == "image")
    upload = rig.api.uploads[image["body"]["image"]["id"]]
    assert upload["mime_type"] == "image/png" and upload["content"].startswith(b"\x89PNG")
    text = "\n".join(text_of(m) for m in sent)
    link = re.search(r"https://wa\.me/\S+", text)
    assert link, text
    url = urlparse(link.group())
    assert url.path == f"/{NUMBER}"
    [prefilled] = parse_qs(url.query)["text"]
    assert re.fullmatch(r"/start J1[A-Za-z0-9]{25}", prefilled)
    assert unquote(url.query.removeprefix("text=")) == prefilled
    # A Farsi speaker taps the link: WhatsApp opens with the text, they send it.
    reza = "93700000002"
    rig.api.add_user(reza, "رضا")
    *_, notice = await exchange(rig, reza, rig.api.text(reza, prefilled))
    accept = next(i for i in option_ids(notice) if i.startswith("consent:accept:fa"))
    answers = await exchange(rig, reza, rig.api.button_reply(reza, accept))
    assert "وین" in "\n".join(text_of(m) for m in answers)
    assert option_ids(answers[-1]) == ["role:newcomer", "role:supporter"]
    await exchange(rig, reza, rig.api.button_reply(reza, "role:newcomer"))
    member = await stored_member(rig.core, reza)
    assert member is not None and member.role is not None and member.role.value == "newcomer"
    async with rig.core.uow_factory() as uow:
        assert await uow.memberships.get(member.id, vienna.id) is not None

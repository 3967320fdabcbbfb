"""Invite links: made by ambassadors only, unguessable, with expiry and use limits, counted."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from datetime import timedelta

import pytest

from bot.app import Core
from bot.channels.whatsapp.rendering import WORD_JOINER, escape
from bot.core.ambassadors.domain import AuditAction
from bot.core.ambassadors.invites import TOKEN_LENGTH, new_token
from bot.core.common.clock import FrozenClock
from tests.ambassadors.conftest import (
    MemberFactory,
    ambassador,
    community_id,
    joined,
    member_id,
)

LINK = re.compile(r"https://t\.me/josoor_test_bot\?start=(J1[A-Za-z0-9]+)")
pytestmark = pytest.mark.usefixtures("telegram_links")


async def _make_link(core: Core, factory: MemberFactory, option: str = "0:0") -> tuple[str, int]:
    amira = await ambassador(core, factory)
    vienna = await community_id(core)
    replies = await amira.press(f"inv:new:{vienna}:{option}")
    match = LINK.search(replies[-1].text)
    assert match, replies[-1].text
    return match.group(1), vienna


def test_tokens_are_unguessable_and_fit_telegram() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    for token in tokens:
        assert len(token) == TOKEN_LENGTH <= 64
        assert re.fullmatch(r"J1[A-Za-z0-9]+", token)  # nothing a chat styles, cuts or escapes
        assert escape(token) == token  # WhatsApp: no U+2060 put around anything


async def test_an_invite_comes_with_a_qr_code_and_counts_who_joined(
    core: Core, member_factory: MemberFactory
) -> None:
    token, vienna = await _make_link(core, member_factory)
    # Before consent: the token is parked, then used right after accepting.
    newcomer = member_factory("fa", "Reza")
    await newcomer.say(f"/start {token}")
    accept = next(o for o in newcomer.last_options if o.startswith("consent:accept"))
    await newcomer.press(accept)
    # After consent: /start with the token.
    other = await joined(member_factory, "de", community="graz")
    await other.say(f"/start {token}")
    ids = [await member_id(core, newcomer), await member_id(core, other)]
    async with core.uow_factory() as uow:
        [invite] = await uow.invites.of_community(vienna)
        referrers = await uow.invites.referrers(ids)
        audit = await uow.audit.of_community(vienna)
    assert invite.uses == 2
    assert invite.created_by is not None
    assert set(referrers.values()) == {invite.created_by}
    assert AuditAction.INVITE_CREATED in {entry.action for entry in audit}


async def test_the_link_reply_carries_a_png_qr_code(
    core: Core, member_factory: MemberFactory
) -> None:
    amira = await ambassador(core, member_factory, "ar")
    vienna = await community_id(core)
    [reply] = await amira.press(f"inv:new:{vienna}:7:0")
    assert reply.attachment is not None
    assert reply.attachment.content.startswith(b"\x89PNG\r\n\x1a\n")
    link = LINK.search(reply.text)
    assert link
    listing = await amira.say("/invite")
    assert f"…{link.group(1)[-6:]}" in listing[-1].text  # listed, with who made it
    assert "\u2068Amira\u2069" in listing[-1].text


@pytest.mark.parametrize(
    ("mangle", "expected"),
    [
        (lambda t: t + "x" * 60, "This invite link is not valid"),  # too long (> 64)
        (lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), "damaged"),  # tampered
        (lambda t: t[:10], "damaged"),  # cut
        (lambda t: new_token(), "This invite link is not valid"),  # well formed, unknown
    ],
)
async def test_bad_tokens_get_a_clear_answer_and_no_membership(
    core: Core, member_factory: MemberFactory, mangle: object, expected: str
) -> None:
    token, vienna = await _make_link(core, member_factory)
    person = await joined(member_factory, "en", community="graz")
    replies = await person.say(f"/start {mangle(token)}")  # type: ignore[operator]
    assert expected in "\n".join(r.text for r in replies)
    person_id = await member_id(core, person)
    async with core.uow_factory() as uow:
        assert await uow.memberships.get(person_id, vienna) is None


async def test_expired_and_used_up_links(
    core: Core, member_factory: MemberFactory, clock: FrozenClock
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    week = LINK.search((await amira.press(f"inv:new:{vienna}:7:0"))[-1].text)
    few = LINK.search((await amira.press(f"inv:new:{vienna}:0:25"))[-1].text)
    assert week and few
    clock.advance(timedelta(days=8))
    late = await joined(member_factory, community="graz")
    replies = await late.say(f"/start {week.group(1)}")
    assert "expired" in replies[0].text
    for _ in range(25):
        person = await joined(member_factory, community="graz")
        await person.say(f"/start {few.group(1)}")
    last = await joined(member_factory, community="graz")
    replies = await last.say(f"/start {few.group(1)}")
    assert "used as often as allowed" in replies[0].text
    late_id, last_id = await member_id(core, late), await member_id(core, last)
    async with core.uow_factory() as uow:
        assert await uow.memberships.get(late_id, vienna) is None
        assert await uow.memberships.get(last_id, vienna) is None
        uses = {i.max_uses: i.uses for i in await uow.invites.of_community(vienna)}
    assert uses[25] == 25


async def test_the_last_use_goes_to_one_of_two_people_at_once(
    core: Core, member_factory: MemberFactory
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    async with core.uow_factory() as uow:
        invite = await uow.invites.add(new_token(), vienna, 1, core.clock.now(), None, 1)
        await uow.commit()
    del amira
    people = [await joined(member_factory, community="graz") for _ in range(2)]
    await asyncio.gather(*(p.say(f"/start {invite.token}") for p in people))
    ids = [await member_id(core, p) for p in people]
    async with core.uow_factory() as uow:
        members = [await uow.memberships.get(i, vienna) for i in ids]
    assert sum(m is not None for m in members) == 1


async def test_only_ambassadors_make_links_and_only_for_their_community(
    core: Core, member_factory: MemberFactory
) -> None:
    await ambassador(core, member_factory, community="graz", name="Gustav")
    member = await joined(member_factory)
    replies = await member.say("/invite")
    assert "Only ambassadors" in replies[0].text
    vienna = await community_id(core)
    graz_ambassador = await ambassador(core, member_factory, community="graz")
    replies = await graz_ambassador.press(f"inv:new:{vienna}:0:0")
    assert "Only ambassadors" in replies[0].text
    replies = await member.press(f"inv:new:{vienna}:0:0")
    assert "Only ambassadors" in replies[0].text
    async with core.uow_factory() as uow:
        assert await uow.invites.of_community(vienna) == []


def _old_token(body: str = "AbC_de-FgH1jK2lM3nO4") -> str:
    """A token as /invite made them until December 2026 (`i_`, URL-safe, a base64 check)."""
    digest = hashlib.sha256(f"josoor-invite:{body}".encode()).digest()
    return f"i_{body}{base64.urlsafe_b64encode(digest[:3]).decode()}"


@pytest.mark.parametrize(
    "pasted",
    [
        lambda t: t,
        lambda t: t.replace("_", f"{WORD_JOINER}_{WORD_JOINER}"),  # copied from WhatsApp
    ],
)
async def test_old_tokens_still_work_also_as_copied_from_whatsapp(
    core: Core, member_factory: MemberFactory, pasted: object
) -> None:
    await ambassador(core, member_factory)
    vienna = await community_id(core)
    token = _old_token()
    async with core.uow_factory() as uow:
        await uow.invites.add(token, vienna, 1, core.clock.now(), None, None)
        await uow.commit()
    person = await joined(member_factory, "de", community="graz")
    replies = await person.say(f"/start {pasted(token)}")  # type: ignore[operator]
    assert "Wien" in replies[0].text and "ungültig" not in replies[0].text
    person_id = await member_id(core, person)
    async with core.uow_factory() as uow:
        assert await uow.memberships.get(person_id, vienna) is not None

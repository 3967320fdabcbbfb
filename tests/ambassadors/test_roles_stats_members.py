"""Co-ambassadors appointed in the chat, the audit log, /members, /stats and the impact page."""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.app import Core
from bot.channels.memory import MemorySender
from bot.core.ambassadors.domain import AuditAction
from bot.core.common.clock import FrozenClock
from bot.core.communities.domain import CommunityRole
from bot.core.meetups.domain import Partner
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft
from bot.core.privacy.member_data import EraseMember
from bot.web.app import build_web_app
from tests.ambassadors.conftest import (
    MemberFactory,
    ambassador,
    community_id,
    joined,
    member_id,
    sweep,
)


async def test_an_ambassador_appoints_and_steps_down_a_co_ambassador(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    olena = await joined(member_factory, "uk", name="Olena")
    olena_id, amira_id = await member_id(core, olena), await member_id(core, amira)
    refusal = core.catalogs.get("uk").text("Only ambassadors of a community can do this.")
    assert refusal in (await olena.say("/broadcast"))[0].text
    await amira.press(f"mb:up:{vienna}:{olena_id}")
    await sweep(core, clock)
    [notice] = sender.take(olena.external_id)
    assert "/broadcast" in notice.text and notice.locale == "uk"
    await olena.say("/broadcast")
    assert any(o.startswith("bc:aud:") for o in olena.last_options)
    # A co-ambassador cannot step down the operator's ambassador; the ambassador can them.
    replies = await olena.press(f"mb:down:{vienna}:{amira_id}")
    assert replies[0].text == core.catalogs.get("uk").text(
        "This ambassador was appointed by the Josoor team; only they can change it."
    )
    await amira.press(f"mb:down:{vienna}:{olena_id}")
    async with core.uow_factory() as uow:
        membership = await uow.memberships.get(olena_id, vienna)
        actions = [
            (e.action, e.actor_id, e.target_id) for e in await uow.audit.of_community(vienna)
        ]
    assert membership is not None and membership.role is CommunityRole.MEMBER
    assert (AuditAction.APPOINTED, amira_id, olena_id) in actions
    assert (AuditAction.DISMISSED, amira_id, olena_id) in actions
    assert (AuditAction.AMBASSADOR_ADDED, None, amira_id) in actions


async def test_roles_are_checked_on_the_member_id_and_the_community(
    core: Core, member_factory: MemberFactory
) -> None:
    await ambassador(core, member_factory)
    vienna = await community_id(core)
    gustav = await ambassador(core, member_factory, community="graz", name="Gustav")
    member = await joined(member_factory)
    target = await member_id(core, member)
    for intruder in (member, gustav):
        replies = await intruder.press(f"mb:up:{vienna}:{target}")
        assert "Only ambassadors" in replies[0].text
        assert "Only ambassadors" in (await intruder.press(f"mb:pg:{vienna}:0"))[0].text
    async with core.uow_factory() as uow:
        membership = await uow.memberships.get(target, vienna)
    assert membership is not None and membership.role is CommunityRole.MEMBER


async def test_the_audit_log_outlives_an_erased_ambassador(
    core: Core, member_factory: MemberFactory, clock: FrozenClock
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    await amira.press(f"inv:new:{vienna}:0:0")
    amira_id = await member_id(core, amira)
    async with core.uow_factory() as uow:
        await EraseMember(uow, clock)(amira_id)
        await uow.commit()
    async with core.uow_factory() as uow:
        entries = await uow.audit.of_community(vienna)
        [invite] = await uow.invites.of_community(vienna)
    assert {e.action for e in entries} >= {AuditAction.INVITE_CREATED}
    assert all(e.actor_id is None and e.target_id is None for e in entries)
    assert invite.created_by is None


async def test_members_are_paged_and_names_cannot_format_or_reorder(
    core: Core, member_factory: MemberFactory
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    await joined(member_factory, name="<b>Bob</b>\u202eevil")
    for number in range(23):
        await joined(member_factory, name=f"Person {number}")
    first = await amira.say("/members")
    assert "1 of 3" in first[0].text
    assert "\u202e" not in first[0].text
    assert "\u2068<b>Bob</b>evil\u2069" in first[0].text or "<b>Bob</b>" not in first[0].text
    last = await amira.press(f"mb:pg:{vienna}:2")
    assert "3 of 3" in last[0].text
    assert "\u2068<b>Bob</b>evil\u2069" in first[0].text + last[0].text
    async with core.uow_factory() as uow:
        actions = [e.action for e in await uow.audit.of_community(vienna)]
    assert actions.count(AuditAction.MEMBERS_VIEWED) == 1


async def test_stats_count_meetups_festivals_partners_and_draw_a_chart(
    core: Core, member_factory: MemberFactory, clock: FrozenClock
) -> None:
    amira = await ambassador(core, member_factory, "fa")
    vienna = await community_id(core)
    for locale in ("ar", "ar", "de"):
        await joined(member_factory, locale)
    async with core.uow_factory() as uow:
        for days, festival in ((1, True), (2, False), (10, False)):
            meetup = await CreateMeetup(uow, clock)(
                vienna, MeetupDraft("Meetup", clock.now() + timedelta(days=days), place="Hall")
            )
            meetup.is_festival = festival
            meetup.partners = (Partner("Caritas"), Partner(" caritas "), Partner("Volkshilfe"))
            await uow.meetups.save(meetup, clock.now())
        await uow.commit()
    clock.advance(timedelta(days=3))
    [reply] = await amira.say("/stats")
    figures = await _figures(core, vienna, clock)
    assert (figures.members, figures.festivals, figures.partners) == (4, 1, 2)
    assert (figures.meetups_held, figures.meetups_coming) == (2, 1)
    assert figures.by_language == {"ar": 2, "fa": 1, "de": 1}
    assert reply.attachment is not None
    assert reply.attachment.content.startswith(b"\x89PNG")
    assert "۴" in reply.text  # four members, in Persian digits


async def _figures(core: Core, community: int, clock: FrozenClock):  # type: ignore[no-untyped-def]
    async with core.uow_factory() as uow:
        return await uow.stats.community(community, clock.now())


async def test_the_impact_page_hides_small_numbers(
    core: Core, member_factory: MemberFactory
) -> None:
    for _ in range(6):
        await joined(member_factory)
    app = build_web_app(core, web_chat=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        data = (await client.get("/impact.json")).json()
        page = await client.get("/impact", headers={"accept-language": "ar,en;q=0.5"})
    assert data["people_reached"] == 6 and data["members"] == 6
    assert data["festivals"] == "<5" and data["organisations"] == "<5"
    assert data["meetups"] == "<5"
    assert data["communities"] == 6
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text and "&lt;٥" in page.text
    assert "<dt>الأعضاء</dt><dd>٦</dd>" in page.text  # the members, in Arabic digits
    assert "<dt>اللقاءات</dt><dd>&lt;٥</dd>" in page.text

"""Broadcasts through the dialogs and the outbox (in-memory channel): audiences, language
versions written by a member, preview, one row per recipient, the report, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.core.ambassadors.domain import BroadcastStatus
from bot.core.ambassadors.roles import AddAmbassadorAudited
from bot.core.common.clock import FrozenClock
from bot.core.common.delivery import DeliveryResult, DeliveryStatus
from bot.core.common.outbox import NoticeKind
from bot.core.meetups.domain import Meetup
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft
from bot.core.privacy.member_data import EraseMember
from tests.ambassadors.conftest import (
    MemberFactory,
    ambassador,
    community_id,
    joined,
    member_id,
    sweep,
)


async def _compose(amira: MemoryMember, vienna: int, text: str, audience: str = "community"):  # type: ignore[no-untyped-def]
    await amira.say("/broadcast")
    await amira.press(f"bc:aud:{vienna}:{audience}")
    return await amira.say(text)


def _broadcast_id(person: MemoryMember, prefix: str = "bc:pv:") -> int:
    option = next(o for o in person.last_options if o.startswith(prefix))
    return int(option.split(":")[2])


async def test_a_broadcast_reaches_everyone_once_in_their_language(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory, "ar")
    vienna = await community_id(core)
    reza = await joined(member_factory, "fa", name="Reza")
    jonas = await joined(member_factory, "de", name="Jonas")
    stopped = await joined(member_factory, "de", name="Stopped")
    await stopped.say("/stop")
    replies = await _compose(amira, vienna, "  مرحبا بالجميع  ")
    text = replies[-1].text
    assert text.count("•") == 2  # Farsi and German: the stopped member is not counted
    broadcast_id = _broadcast_id(amira)
    # The ambassador asks Reza for the Farsi version; Reza approves it in his own chat.
    await amira.press(f"bc:add:{broadcast_id}:fa")
    await amira.press(f"bc:ask:{broadcast_id}:fa")
    reza_id = await member_id(core, reza)
    await amira.press(f"bc:who:{broadcast_id}:fa:{reza_id}")
    await sweep(core, clock)
    [request] = sender.take(reza.external_id)
    assert "مرحبا بالجميع" in request.text
    await reza.press(f"bt:w:{broadcast_id}:fa")
    await reza.say("سلام به همه")
    await reza.press(f"bt:ok:{broadcast_id}:fa")
    await sweep(core, clock)
    [ready] = sender.take(amira.external_id)
    preview = await amira.press(ready.options[0].id)
    assert any("سلام به همه" in r.text for r in preview)
    await amira.press(f"bc:go:{broadcast_id}")
    await amira.press(f"bc:go:{broadcast_id}")  # a double tap queues nothing more
    await sweep(core, clock)
    [to_reza] = sender.take(reza.external_id)
    [to_jonas] = sender.take(jonas.external_id)
    assert "سلام به همه" in to_reza.text and to_reza.locale == "fa"
    assert "مرحبا بالجميع" in to_jonas.text and to_jonas.locale == "de"
    assert to_reza.template_key == "community_broadcast"
    assert sender.take(stopped.external_id) == []
    [report] = sender.take(amira.external_id)
    assert "٢" in report.text  # sent: 2
    async with core.uow_factory() as uow:
        broadcast = await uow.broadcasts.get(broadcast_id)
        rows = [n for n in await uow.outbox.of_member(reza_id) if n.kind is NoticeKind.BROADCAST]
    assert broadcast is not None and broadcast.status is BroadcastStatus.DONE
    assert broadcast.recipients == 2
    assert len(rows) == 1


async def test_erased_and_blocked_members_get_nothing(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    erased = await joined(member_factory)
    kept = await joined(member_factory)
    await _compose(amira, vienna, "Hello all")
    broadcast_id = _broadcast_id(amira)
    await amira.press(f"bc:go:{broadcast_id}")
    erased_id = await member_id(core, erased)
    async with core.uow_factory() as uow:
        await EraseMember(uow, clock)(erased_id)
        await uow.commit()
    await sweep(core, clock)
    assert sender.take(erased.external_id) == []
    assert len(sender.take(kept.external_id)) == 1
    assert "Sent: 1" in sender.take(amira.external_id)[0].text


async def test_a_meetup_audience_is_its_rsvps_only(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    going = await joined(member_factory)
    other = await joined(member_factory)
    async with core.uow_factory() as uow:
        meetup: Meetup = await CreateMeetup(uow, clock)(
            vienna, MeetupDraft("Picnic", clock.now() + timedelta(days=3), place="Park")
        )
        await uow.commit()
    await going.press(f"rsvp:yes:{meetup.id}")
    await amira.say("/broadcast")
    replies = await amira.press(f"bc:aud:{vienna}:meetup")
    assert f"bc:m:{vienna}:{meetup.id}" in amira.last_options, replies
    await amira.press(f"bc:m:{vienna}:{meetup.id}")
    await amira.say("Bring a blanket")
    await amira.press(f"bc:go:{_broadcast_id(amira)}")
    await sweep(core, clock)
    assert len(sender.take(going.external_id)) == 1
    assert sender.take(other.external_id) == []


async def test_no_projects_yet(core: Core, member_factory: MemberFactory) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    await amira.say("/broadcast")
    replies = await amira.press(f"bc:aud:{vienna}:project")
    assert "There are no projects yet." in replies[0].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("   ", "The message is empty."),
        ("x" * 4097, "That is too long"),
    ],
)
async def test_empty_and_oversized_messages_are_refused(
    core: Core, member_factory: MemberFactory, text: str, expected: str
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    await joined(member_factory)
    replies = await _compose(amira, vienna, text)
    assert expected in replies[0].text
    replies = await amira.say("Now a real one")  # still in the compose step
    assert "bc:pv:" in " ".join(amira.last_options), replies


async def test_html_is_sent_as_typed_and_media_is_refused(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    member = await joined(member_factory)
    await amira.say("/broadcast")
    await amira.press(f"bc:aud:{vienna}:community")
    replies = await amira.send_unsupported()
    assert "as text" in replies[0].text
    await amira.say("<b>Party</b> <script>x</script>")
    broadcast_id = _broadcast_id(amira)
    preview = await amira.press(f"bc:pv:{broadcast_id}")
    assert "not formatting here" in preview[-1].text
    await amira.press(f"bc:go:{broadcast_id}")
    await sweep(core, clock)
    [got] = sender.take(member.external_id)
    assert "<b>Party</b> <script>x</script>" in got.text  # the adapter escapes it


async def test_non_ambassadors_and_other_communities_are_refused(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    gustav = await ambassador(core, member_factory, community="graz", name="Gustav")
    member = await joined(member_factory)
    assert "Only ambassadors" in (await member.say("/broadcast"))[0].text
    assert "Only ambassadors" in (await member.press(f"bc:aud:{vienna}:community"))[0].text
    assert "Only ambassadors" in (await gustav.press(f"bc:aud:{vienna}:community"))[0].text
    await _compose(amira, vienna, "For Vienna")
    broadcast_id = _broadcast_id(amira)
    for intruder in (member, gustav):
        for action in ("go", "pv", "x"):
            replies = await intruder.press(f"bc:{action}:{broadcast_id}")
            assert "Only ambassadors" in replies[0].text
    await sweep(core, clock)
    assert not sender.delivered
    async with core.uow_factory() as uow:
        broadcast = await uow.broadcasts.get(broadcast_id)
    assert broadcast is not None and broadcast.status is BroadcastStatus.DRAFT


async def test_a_cancelled_draft_sends_nothing(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory)
    vienna = await community_id(core)
    await joined(member_factory)
    await _compose(amira, vienna, "Oops")
    broadcast_id = _broadcast_id(amira)
    await amira.press(f"bc:x:{broadcast_id}")
    replies = await amira.press(f"bc:go:{broadcast_id}")
    assert "no longer open" in replies[0].text
    await sweep(core, clock)
    assert not sender.delivered


async def test_broadcast_with_its_text_goes_straight_to_the_audience(
    core: Core, member_factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> None:
    amira = await ambassador(core, member_factory, "de")
    vienna = await community_id(core)
    member = await joined(member_factory, "de")
    [question] = await amira.say("/broadcast Treffen am Samstag um 15 Uhr im Park")
    de = core.catalogs.get("de")
    assert question.text == de.text(
        "Who in {community} should get your message?", community="\u2068Wien\u2069"
    )
    assert question.options[0].id == f"bc:aud:{vienna}:community"
    await amira.say("ok")  # typing instead of tapping: the question comes again, text kept
    assert f"bc:aud:{vienna}:community" in amira.last_options
    await amira.press(f"bc:aud:{vienna}:community")  # no second "write your message"
    broadcast_id = _broadcast_id(amira)
    await amira.press(f"bc:go:{broadcast_id}")
    await sweep(core, clock)
    [got] = sender.take(member.external_id)
    assert "Treffen am Samstag um 15 Uhr im Park" in got.text


async def test_broadcast_with_text_and_several_communities_asks_which_first(
    core: Core, member_factory: MemberFactory
) -> None:
    amira = await ambassador(core, member_factory, "ar")
    async with core.uow_factory() as uow:
        await AddAmbassadorAudited(uow, core.clock)("graz", amira.address)
        await uow.commit()
    graz = await community_id(core, "graz")
    await joined(member_factory, community="graz")
    await amira.say("/broadcast لقاء يوم السبت")
    assert f"amb:c:broadcast:{graz}" in amira.last_options
    await amira.press(f"amb:c:broadcast:{graz}")
    replies = await amira.press(f"bc:aud:{graz}:community")
    assert "bc:pv:" in " ".join(amira.last_options), replies
    async with core.uow_factory() as uow:
        broadcast = await uow.broadcasts.get(_broadcast_id(amira))
    assert broadcast is not None and broadcast.original == "لقاء يوم السبت"


async def test_broadcast_with_a_text_too_long_says_so_at_once(
    core: Core, member_factory: MemberFactory
) -> None:
    amira = await ambassador(core, member_factory)
    [answer] = await amira.say("/broadcast " + "x" * 4097)
    assert answer.text.startswith("That is too long")


@pytest.mark.parametrize(
    ("locale", "reason", "line"),
    [
        (
            "ar",
            "no_template",
            "Of the failed, on WhatsApp after 24 hours of silence, with no approved template: {n}",
        ),
        (
            "en",
            "outside_window",
            "Of the failed, on WhatsApp after 24 hours of silence (only templates may go then): "
            "{n}",
        ),
    ],
)
async def test_the_report_says_why_notices_could_not_go_out(
    core: Core,
    member_factory: MemberFactory,
    clock: FrozenClock,
    sender: MemorySender,
    locale: str,
    reason: str,
    line: str,
) -> None:
    amira = await ambassador(core, member_factory, locale)
    vienna = await community_id(core)
    await joined(member_factory, "de", name="Jonas")
    await joined(member_factory, "fa", name="Reza")
    await _compose(amira, vienna, "Picknick am Sonntag")
    await amira.press(f"bc:go:{_broadcast_id(amira)}")
    sender.fail_bulk_with = DeliveryResult(DeliveryStatus.FAILED, reason=reason)
    await sweep(core, clock)
    [report] = sender.take(amira.external_id)
    tr = core.catalogs.get(locale)
    assert tr.text(line, n=2) in report.text
    assert tr.text("Failed: {n}", n=2) in report.text
    assert report.template_key == "broadcast_report"

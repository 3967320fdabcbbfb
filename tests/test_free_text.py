"""Free text understood in the dialogs: meetups, RSVPs, stop, relay to the ambassadors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import inspect

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.core.ambassadors.appoint import AddAmbassador
from bot.core.common.clock import FrozenClock
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.meetups.domain import RsvpStatus
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft

MemberFactory = Callable[..., MemoryMember]


async def joined(factory: MemberFactory, locale: str) -> MemoryMember:
    member = factory(locale)
    await member.say("/start vienna")
    accept = next(o for o in member.last_options if o.startswith("consent:accept"))
    await member.press(accept)
    return member


async def meetup(core: Core) -> int:
    async with core.uow_factory() as uow:
        vienna = await uow.communities.by_slug("vienna")
        assert vienna is not None
        created = await CreateMeetup(uow, core.clock)(
            vienna.id, MeetupDraft("لقاء شهري", core.clock.now() + timedelta(days=4))
        )
        await uow.commit()
    return created.id


async def test_when_is_the_next_meetup_in_arabic(
    member_factory: MemberFactory, core: Core
) -> None:
    member = await joined(member_factory, "ar")
    meetup_id = await meetup(core)
    [card] = await member.say("متى اللقاء الجاي؟")
    assert "لقاء شهري" in card.text
    assert f"rsvp:yes:{meetup_id}" in [o.id for o in card.options]


async def test_saying_i_wont_come_withdraws_after_a_confirmation(
    member_factory: MemberFactory, core: Core
) -> None:
    member = await joined(member_factory, "ar")
    meetup_id = await meetup(core)
    await member.press(f"rsvp:yes:{meetup_id}")
    [question] = await member.say("ما رح إجي")
    assert [o.id for o in question.options] == [f"rsvp:no:{meetup_id}", "menu:meetups"]
    await member.press(f"rsvp:no:{meetup_id}")
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
        assert stored is not None
        rsvp = await uow.rsvps.get(meetup_id, stored.id)
    assert rsvp is not None and rsvp.status is RsvpStatus.NOT_GOING


async def test_ich_komme_offers_to_rsvp(member_factory: MemberFactory, core: Core) -> None:
    member = await joined(member_factory, "de")
    meetup_id = await meetup(core)
    [question] = await member.say("ich komme")
    assert question.options[0].id == f"rsvp:yes:{meetup_id}"


async def test_stop_words_stop_proactive_messages(
    member_factory: MemberFactory, core: Core
) -> None:
    for locale, word in (("ar", "توقف"), ("en", "STOP"), ("uk", "стоп")):
        member = await joined(member_factory, locale)
        await member.say(word)
        async with core.uow_factory() as uow:
            stored = await uow.members.by_address(member.address)
        assert stored is not None and not stored.proactive_allowed, word


async def test_a_city_in_a_sentence_is_offered(member_factory: MemberFactory, core: Core) -> None:
    member = member_factory("de")
    await member.say("/start")
    await member.press("consent:accept:de")
    await member.press("role:supporter")
    await member.say("/cancel")
    [offer] = await member.say("ich wohne in Wien und suche Anschluss")
    assert "join:1" in [o.id for o in offer.options]


async def test_gibberish_gets_did_you_mean_or_the_menu(
    member_factory: MemberFactory, core: Core
) -> None:
    member = await joined(member_factory, "en")
    [reply] = await member.say("qwrtzp blorf xkcd")
    ids = [o.id for o in reply.options]
    assert ids and (ids[-1] == "menu:help" or "menu:communities" in ids)


async def test_talk_to_a_person_relays_both_ways_without_storing_text(
    member_factory: MemberFactory, core: Core
) -> None:
    sender = MemorySender(Channel.TELEGRAM)
    core.senders.add(sender)
    ambassador = member_factory("de", name="Mira")
    async with core.uow_factory() as uow:
        await AddAmbassador(uow, core.clock)(
            "vienna", ChannelAddress(Channel.TELEGRAM, ambassador.external_id)
        )
        await uow.commit()
    await ambassador.say("/start")
    await ambassador.press("consent:accept:de")
    member = await joined(member_factory, "fa")
    [question] = await member.say("میخوام با یه آدم حرف بزنم")
    assert question.options[1].id.startswith("relay:name:no:")
    await member.press(question.options[1].id)
    secret = "نامه اداره مهاجرت را نمی‌فهمم"
    await member.say(secret)
    [relayed] = sender.take(ambassador.external_id)
    assert secret in relayed.text and relayed.locale == "de"
    assert "Sam" not in relayed.text  # the member chose to stay anonymous
    await ambassador.press(relayed.options[0].id)
    await ambassador.say("Wir helfen dir am Samstag!")
    [answer] = sender.take(member.external_id)
    assert "Wir helfen dir am Samstag!" in answer.text and answer.locale == "fa"
    assert "Mira" not in answer.text
    # Neither message is stored anywhere.
    async with core.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for table in tables:
            rows = (await connection.exec_driver_sql(f'SELECT * FROM "{table}"')).all()
            dump = repr(rows)
            assert secret not in dump and "Samstag" not in dump, table


async def test_an_answer_never_reaches_a_newcomer_who_got_an_erased_members_id(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    """SQLite gives the next member the highest row id again once its holder is erased: the
    ambassador's old "Answer" button and an answer being written must not reach the newcomer."""
    sender = MemorySender(Channel.TELEGRAM)
    core.senders.add(sender)
    ambassador = member_factory("de", name="Mira")
    async with core.uow_factory() as uow:
        await AddAmbassador(uow, core.clock)(
            "vienna", ChannelAddress(Channel.TELEGRAM, ambassador.external_id)
        )
        await uow.commit()
    await ambassador.say("/start")
    await ambassador.press("consent:accept:de")
    asking = await joined(member_factory, "ar")
    [question] = await asking.say("بدي احكي مع شخص")
    await asking.press(question.options[1].id)
    await asking.say("عندي سؤال عن الأوراق")
    [first] = sender.take(ambassador.external_id)
    await ambassador.press(first.options[0].id)  # the ambassador starts writing an answer
    await asking.say("/forget")
    await asking.press("forget:yes")
    clock.advance(timedelta(minutes=3))
    newcomer = await joined(member_factory, "ar")
    [late] = await ambassador.say("Wir helfen dir gern.")
    assert late.text == core.catalogs.get("de").text("This member is no longer with us.")
    [stale] = await ambassador.press(first.options[0].id)
    de = core.catalogs.get("de")
    assert stale.text == de.text("That button is no longer valid. Here is what I can do now:")
    assert sender.take(newcomer.external_id) == []

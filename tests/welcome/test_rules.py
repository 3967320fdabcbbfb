"""Welcome Group rules on real databases: what is (never) stored, races, bad input."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from sqlalchemy import JSON, String, func, select

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.core.common.clock import FrozenClock
from bot.core.common.outbox import NoticeKind
from bot.core.privacy.member_data import EraseMember, LoadMemberRecord, export_document
from bot.core.welcome.domain import ProposalStatus, RequestStatus
from bot.storage.common.tables import Base, OutboxRow
from bot.storage.welcome.tables import (
    WelcomeCheckinRow,
    WelcomeDeclineRow,
    WelcomeProposalRow,
    WelcomeRequestRow,
)
from tests.welcome.helpers import (
    MemberFactory,
    ambassador,
    ask_for_group,
    fill_group,
    form_group,
    joined,
    member_id,
    memory_sender,
    says,
    sweep,
)


async def matched_pair(
    core: Core, factory: MemberFactory, clock: FrozenClock, sender: MemorySender
) -> tuple[MemoryMember, MemoryMember, MemoryMember, int]:
    """An ambassador, a coordinator with a ready group, a newcomer: matched. (…, match id)"""
    amira = await ambassador(core, factory)
    coordinator = await joined(factory, "de", name="Jonas")
    await fill_group(factory, await form_group(coordinator))
    newcomer = await joined(factory, "fa", name="Reza")
    await ask_for_group(newcomer)
    await amira.say("/match")
    await amira.press(next(o for o in amira.last_options if o.startswith("wg:sendall:")))
    async with core.uow_factory() as uow:
        [proposal] = await uow.welcome.proposals_of_community(1, [ProposalStatus.SENT])
    await newcomer.press(f"wg:yes:{proposal.id}")
    await coordinator.press(f"wg:yes:{proposal.id}")
    await sweep(core, clock)
    for person in (amira, coordinator, newcomer):
        sender.take(person.external_id)
    return amira, coordinator, newcomer, proposal.id


async def test_relayed_text_is_passed_on_and_no_table_holds_it(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    amira, coordinator, newcomer, match = await matched_pair(core, member_factory, clock, sender)
    secret = "Mein Geheimnis 7f3a: der Brief vom Amt"
    await coordinator.press(f"wg:write:{match}")
    await coordinator.say(secret)
    [relayed] = sender.take(newcomer.external_id)
    assert secret in relayed.text
    note = "Note for the ambassadors 91c2"
    await newcomer.press(f"wg:write:{match}")
    await newcomer.say("Antwort b55e")
    clock.advance(timedelta(days=32))
    await sweep(core, clock)
    newcomer_id = await member_id(core, newcomer)
    async with core.uow_factory() as uow:
        checkins = await uow.welcome.checkins_of_proposals([match])
    [checkin] = [c for c in checkins if c.member_id == newcomer_id]
    await newcomer.press(f"wg:note:{checkin.id}")
    await newcomer.say(note)
    assert any(note in r.text for r in sender.take(amira.external_id))
    async with core.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.c if isinstance(c.type, String | JSON)]
            for row in (await connection.execute(select(*columns))).all() if columns else []:
                stored = json.dumps([str(value) for value in row], ensure_ascii=False)
                for text in (secret, note, "Antwort b55e"):
                    assert text not in stored, f"{table.name} holds a relayed message"


async def test_a_proposal_accepted_after_it_was_withdrawn_changes_nothing(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    amira = await ambassador(core, member_factory)
    coordinator = await joined(member_factory, "de")
    await fill_group(member_factory, await form_group(coordinator))
    newcomer = await joined(member_factory, "ar", name="Amal")
    await ask_for_group(newcomer)
    await amira.say("/match")
    await amira.press(next(o for o in amira.last_options if o.startswith("wg:sendall:")))
    await sweep(core, clock)
    [proposal] = sender.take(newcomer.external_id)
    yes = next(o.id for o in proposal.options if o.id.startswith("wg:yes:"))
    pid = int(yes.rsplit(":", 1)[1])
    replies = await amira.press(f"wg:pull:{pid}")
    assert says(
        core, replies[-1].text, "en", "Withdrawn. Both sides are told that the proposal has ended."
    )
    replies = await newcomer.press(yes)
    assert says(
        core, replies[-1].text, "ar",
        "This proposal was withdrawn by the ambassadors, so nothing was changed.",
    )  # fmt: skip
    newcomer_id = await member_id(core, newcomer)
    async with core.uow_factory() as uow:
        stored = await uow.welcome.get_proposal(pid)
        request = await uow.welcome.request_of(newcomer_id)
    assert stored is not None and stored.status is ProposalStatus.WITHDRAWN
    assert stored.newcomer_answer is None and stored.matched_at is None
    assert request is not None and request.status is RequestStatus.WAITING
    await sweep(core, clock)
    assert len(sender.take(newcomer.external_id)) == 1  # told that the proposal ended


async def test_both_sides_saying_yes_at_once_make_one_match(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    amira = await ambassador(core, member_factory)
    coordinator = await joined(member_factory, "de")
    await fill_group(member_factory, await form_group(coordinator))
    newcomer = await joined(member_factory, "fa")
    await ask_for_group(newcomer)
    await amira.say("/match")
    await amira.press(next(o for o in amira.last_options if o.startswith("wg:sendall:")))
    async with core.uow_factory() as uow:
        [proposal] = await uow.welcome.proposals_of_community(1, [ProposalStatus.SENT])
    await asyncio.gather(
        newcomer.press(f"wg:yes:{proposal.id}"), coordinator.press(f"wg:yes:{proposal.id}")
    )
    async with core.uow_factory() as uow:
        stored = await uow.welcome.get_proposal(proposal.id)
    assert stored is not None and stored.status is ProposalStatus.MATCHED
    async with core.engine.connect() as connection:
        told = await connection.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.kind == NoticeKind.WELCOME_MATCHED.value)
        )
    assert told == 1


async def test_check_ins_are_asked_once_and_only_the_latest_month(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    amira, coordinator, newcomer, _ = await matched_pair(core, member_factory, clock, sender)
    clock.advance(timedelta(days=31 * 3 + 1))  # months 1-3 fell due while the bot was down
    for _ in range(3):
        await sweep(core, clock)
    [checkin] = sender.take(newcomer.external_id)
    assert "۳" in checkin.text and "۱۲" in checkin.text  # month 3 of 12, in Farsi digits
    assert len(sender.take(coordinator.external_id)) == 1
    async with core.engine.connect() as connection:
        months = (await connection.execute(select(WelcomeCheckinRow.month))).scalars().all()
    assert sorted(months) == [3, 3]
    # Nobody answers months 3 and 4: the ambassador sees it.
    clock.advance(timedelta(days=31 + 8))
    await sweep(core, clock)
    clock.advance(timedelta(days=8))
    await amira.say("/match")
    replies = await amira.press(next(o for o in amira.last_options if o.startswith("wg:attn:")))
    assert says(core, replies[-1].text, "en", "{pair}: {name} did not answer two check-ins.")


async def test_withdrawing_a_request_ends_the_match_and_tells_the_group(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    _, coordinator, newcomer, match = await matched_pair(core, member_factory, clock, sender)
    await newcomer.press("wg:withdraw")
    await newcomer.press("wg:withdrawyes")
    await sweep(core, clock)
    [told] = sender.take(coordinator.external_id)
    assert told.template_key == NoticeKind.WELCOME_WITHDRAWN.value
    async with core.engine.connect() as connection:
        for table in (WelcomeRequestRow, WelcomeProposalRow):
            assert await connection.scalar(select(func.count()).select_from(table)) == 0
    replies = await coordinator.press(f"wg:write:{match}")
    stale = core.catalogs.get("de").text(
        "That button is no longer valid. Here is what I can do now:"
    )
    assert replies[-1].text == stale


async def test_a_declined_pair_is_never_proposed_again(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    amira = await ambassador(core, member_factory)
    coordinator = await joined(member_factory, "de")
    await fill_group(member_factory, await form_group(coordinator))
    newcomer = await joined(member_factory, "fa")
    await ask_for_group(newcomer)
    await amira.say("/match")
    await amira.press(next(o for o in amira.last_options if o.startswith("wg:sendall:")))
    replies = await coordinator.press("wg:no:1")
    assert says(
        core, replies[-1].text, "de",
        "Thank you for telling us. {name} will not be proposed to your group again.",
    )  # fmt: skip
    replies = await amira.say("/match")
    assert says(
        core, replies[0].text, "en",
        "{n} newcomer said no to every group that speaks their language.",
    )  # fmt: skip
    assert not any(o.startswith("wg:sendall:") for o in amira.last_options)
    async with core.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(WelcomeDeclineRow)) == 1


async def test_a_group_of_four_is_not_matched(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    amira = await ambassador(core, member_factory)
    coordinator = await joined(member_factory, "de")
    await fill_group(member_factory, await form_group(coordinator), count=3)
    replies = await coordinator.press("wg:ready")
    assert "/start wg-" in replies[-1].text and "4" in replies[-1].text
    newcomer = await joined(member_factory, "fa")
    await ask_for_group(newcomer)
    replies = await amira.say("/match")
    assert not any(o.startswith("wg:sendall:") for o in amira.last_options)
    for msgid in (
        "{n} group has fewer than five members and cannot be matched yet.",
        "{n} newcomer waits for a free place.",
    ):
        assert says(core, replies[0].text, "en", msgid)


async def test_forgetting_the_newcomer_erases_their_welcome_data(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    _, _, newcomer, _ = await matched_pair(core, member_factory, clock, sender)
    clock.advance(timedelta(days=32))
    await sweep(core, clock)
    newcomer_id = await member_id(core, newcomer)
    async with core.uow_factory() as uow:
        document = export_document(await LoadMemberRecord(uow)(newcomer_id))  # type: ignore[arg-type]
    welcome: dict[str, Any] = document["welcome_groups"]
    assert welcome["request"]["languages"] == ["prs"]
    assert welcome["proposals"][0]["status"] == "matched"
    assert len(welcome["check_ins"]) == 1
    async with core.uow_factory() as uow:
        await EraseMember(uow, clock)(newcomer_id)
        await uow.commit()
    async with core.engine.connect() as connection:
        for table in (WelcomeRequestRow, WelcomeProposalRow, WelcomeCheckinRow):
            assert await connection.scalar(select(func.count()).select_from(table)) == 0


async def test_when_the_coordinator_leaves_the_next_member_acts_for_the_group(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    sender = memory_sender(core)
    _, coordinator, newcomer, match = await matched_pair(core, member_factory, clock, sender)
    coordinator_id = await member_id(core, coordinator)
    async with core.uow_factory() as uow:
        await EraseMember(uow, clock)(coordinator_id)
        await uow.commit()
    await newcomer.press(f"wg:write:{match}")
    replies = await newcomer.say("Hallo?")
    assert "Freund" in replies[-1].text  # the first friend who joined now coordinates

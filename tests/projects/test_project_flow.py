"""Projects through the real dialogs on real databases: propose → approve → join → update →
leave, the hand-over of the lead, and the outbox messages around them."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Core
from bot.channels.memory import MemorySender
from bot.core.common.clock import FrozenClock
from bot.core.common.outbox import NoticeKind, OutboxStatus
from bot.core.projects.domain import ProjectStatus
from bot.i18n.text import FSI, PDI
from bot.storage.common.tables import OutboxRow
from tests.projects.helpers import MemberFactory, ambassador, joined, member_id, sweep, texts


async def propose(member, title: str = "Language café", link: str = "t.me/cafe_vienna") -> None:  # type: ignore[no-untyped-def]
    await member.press("menu:projects")
    await member.press("prj:new")
    await member.say(title)
    await member.say("We practise German and Arabic every Tuesday.")
    await member.press("pnew:t:language-practice")
    await member.press("pnew:l:de")
    await member.press("pnew:l:ar")
    await member.press("pnew:ldone")
    await member.say(link)
    assert "pnew:send" in member.last_options
    await member.press("pnew:send")


async def test_propose_approve_join_update_leave(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    amb = await ambassador(core, member_factory, locale="de", name="Anna")
    proposer = await joined(member_factory, "fa", name="Reza")
    member = await joined(member_factory, "ar", name="Amira")
    await propose(proposer)
    thanks = core.catalogs.get("fa").text(
        "Thank you! I sent {title} to the ambassadors of {community}. I will tell you when "
        "they have decided.",
        title="\u2068Language café\u2069",
        community="\u2068وین\u2069",
    )
    assert thanks in texts(proposer.transcript[-1][1])
    async with core.uow_factory() as uow:
        [project] = await uow.projects.of_community(1, (ProjectStatus.PROPOSED,))
    assert project.group_link == "https://t.me/cafe_vienna"
    assert project.languages == ("de", "ar")

    # A proposal is not open: the button of a member who saw it somewhere does nothing.
    replies = await member.press(f"prj:join:{project.id}")
    not_open = "This project is not open yet: an ambassador has not approved it."
    assert core.catalogs.get("ar").text(not_open) in texts(replies)

    # The ambassador is told (in German), opens it and approves.
    await sweep(core, clock)
    [notice] = sender.take(amb.external_id)
    assert notice.locale == "de" and f"prj:v:{project.id}" in [o.id for o in notice.options]
    replies = await amb.press(f"prj:v:{project.id}")
    assert f"prj:ok:{project.id}" in amb.last_options
    await amb.press(f"prj:ok:{project.id}")
    await sweep(core, clock)
    [decision] = sender.take(proposer.external_id)
    assert decision.locale == "fa" and decision.template_key == "project_decided"

    # Joining shows the group link; the proposer leads and is a member already.
    replies = await member.press(f"prj:join:{project.id}")
    assert "https://t.me/cafe_vienna" in texts(replies)
    assert f"prj:leave:{project.id}" in member.last_options
    replies = await proposer.press(f"prj:v:{project.id}")
    assert f"prj:post:{project.id}" in proposer.last_options

    # The lead posts an update: one outbox row per member but the lead, rendered per language.
    await proposer.press(f"prj:post:{project.id}")
    await proposer.say("Next café:\nTuesday ‮18:00‬ at the library")
    async with core.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(OutboxRow.member_id, OutboxRow.subject_id).where(
                    OutboxRow.kind == NoticeKind.PROJECT_UPDATE.value
                )
            )
        ).all()
    assert [r.member_id for r in rows] == [await member_id(core, member)]
    flags: list[bool] = []
    deliver = sender.deliver

    async def recording(address, replies, *, bulk=False):  # type: ignore[no-untyped-def]
        flags.append(bulk)
        return await deliver(address, replies)

    sender.deliver = recording  # type: ignore[method-assign]
    await sweep(core, clock)
    sender.deliver = deliver  # type: ignore[method-assign]
    assert flags == [True]  # paced by the channel like a broadcast
    [update] = sender.take(member.external_id)
    assert update.locale == "ar"
    assert f"▎ {FSI}Next café:{PDI}\n▎ {FSI}Tuesday 18:00 at the library{PDI}" in update.text
    assert sender.take(proposer.external_id) == []

    # Leaving: no more updates; the row of an update queued before leaving is dropped.
    await proposer.press(f"prj:post:{project.id}")
    await proposer.say("Second news")
    replies = await member.press(f"prj:leave:{project.id}")
    assert f"prj:join:{project.id}" not in texts(replies)
    await sweep(core, clock)
    assert sender.take(member.external_id) == []
    async with core.engine.connect() as connection:
        statuses = (
            await connection.execute(
                select(OutboxRow.status).where(OutboxRow.kind == NoticeKind.PROJECT_UPDATE.value)
            )
        ).scalars()
        assert sorted(statuses) == [OutboxStatus.DROPPED.value, OutboxStatus.SENT.value]


async def test_the_lead_hands_on_before_leaving(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    amb = await ambassador(core, member_factory)
    lead = await joined(member_factory, name="Lea")
    other = await joined(member_factory, "uk", name="Olena")
    await propose(lead, link="")
    async with core.uow_factory() as uow:
        [project] = await uow.projects.of_community(1, (ProjectStatus.PROPOSED,))
    await amb.press(f"prj:ok:{project.id}")
    replies = await lead.press(f"prj:leave:{project.id}")
    assert "hand the lead on" in texts(replies)
    assert lead.last_options == [f"prj:hand:{project.id}"]
    replies = await lead.press(f"prj:hand:{project.id}")
    assert "Nobody else" in texts(replies)
    await other.press(f"prj:join:{project.id}")
    await lead.press(f"prj:hand:{project.id}")
    other_id = await member_id(core, other)
    assert lead.last_options == [f"prj:to:{project.id}:{other_id}"]
    replies = await lead.press(f"prj:to:{project.id}:{other_id}")
    assert f"{FSI}Olena{PDI} now leads" in texts(replies)
    await sweep(core, clock)
    [told] = sender.take(other.external_id)
    assert told.locale == "uk" and told.template_key == "project_lead"
    replies = await lead.press(f"prj:leave:{project.id}")
    assert "You left" in texts(replies)
    # The former lead's old buttons no longer work for leading.
    replies = await lead.press(f"prj:post:{project.id}")
    assert "Only the lead" in texts(replies)

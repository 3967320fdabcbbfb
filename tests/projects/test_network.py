"""The global network: /communities with sizes ("<5"), browsing other communities' projects
by topic, and ambassadors copying a project's or a meetup's format (with its source)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import Core
from bot.core.common.clock import FrozenClock
from bot.core.meetups.domain import MeetupStatus
from bot.core.meetups.lifecycle import CreateMeetup, MeetupDraft
from bot.core.network.formats import CopyProject
from bot.core.projects.domain import ProjectStatus
from bot.core.projects.lifecycle import ProjectProblem
from bot.i18n.text import FSI, PDI
from tests.projects.helpers import (
    MemberFactory,
    add_project,
    ambassador,
    community_id,
    joined,
    member_id,
    texts,
)


async def test_communities_with_sizes(member_factory: MemberFactory, core: Core) -> None:
    members = [await joined(member_factory) for _ in range(5)]
    await joined(member_factory, community="graz")
    replies = await members[0].say("/communities")
    text = texts(replies)
    assert f"{FSI}Vienna{PDI} – 5 members" in text
    assert f"{FSI}Graz{PDI} – <5 members" in text
    assert f"{FSI}Berlin{PDI} – <5 members" in text
    options = members[0].last_options
    assert options[0] == "net:topics"
    assert f"net:c:{await community_id(core, 'vienna')}" not in options
    assert f"net:c:{await community_id(core, 'berlin')}" in options
    # The same list in Farsi: names in Farsi, digits in Farsi.
    farsi = await joined(member_factory, "fa")
    replies = await farsi.press("menu:network")
    assert "۶" in texts(replies) and "وین" in texts(replies)


async def test_browsing_other_communities_by_topic(
    member_factory: MemberFactory, core: Core
) -> None:
    await add_project(core, community="vienna", title="Vienna football", topic="sport")
    berlin = await add_project(core, community="berlin", title="Berlin football", topic="sport")
    await add_project(core, community="graz", title="Graz garden", topic="gardening")
    member = await joined(member_factory)  # Vienna
    await member.press("net:topics")
    replies = await member.press("net:t:sport")
    text = texts(replies)
    assert "Berlin football" in text and "Vienna football" not in text
    assert member.last_options == [f"prj:v:{berlin.id}"]
    replies = await member.press(f"prj:v:{berlin.id}")
    assert f"A project in {FSI}Berlin{PDI}" in texts(replies)
    replies = await member.press("net:t:housing")
    assert "No other community has a project" in texts(replies)
    replies = await member.press(f"net:c:{await community_id(core, 'graz')}")
    assert "Graz garden" in texts(replies)
    assert "net:m:" not in " ".join(member.last_options)  # meetup formats: ambassadors only


async def test_an_ambassador_copies_a_project_as_a_draft(
    member_factory: MemberFactory, core: Core
) -> None:
    source = await add_project(
        core, community="vienna", title="Bike repair", topic="repair-crafts",
        link="https://t.me/bike_repair_vienna",
    )  # fmt: skip
    vienna_amb = await ambassador(core, member_factory, community="vienna")
    berlin_amb = await ambassador(core, member_factory, community="berlin", name="Ben")
    berlin_member = await joined(member_factory, community="berlin")
    await berlin_amb.press(f"prj:v:{source.id}")
    assert f"prj:copy:{source.id}" in berlin_amb.last_options
    replies = await berlin_amb.press(f"prj:copy:{source.id}")
    assert "as a draft" in texts(replies)
    berlin = await community_id(core, "berlin")
    async with core.uow_factory() as uow:
        [draft] = await uow.projects.of_community(berlin, (ProjectStatus.DRAFT,))
    assert draft.source_project_id == source.id and draft.group_link is None
    assert draft.lead_id == await member_id(core, berlin_amb)
    assert [f"prj:pub:{draft.id}", f"prj:del:{draft.id}"] == [
        o for o in berlin_amb.last_options if o.startswith(("prj:pub", "prj:del"))
    ]
    # Members do not see a draft.
    replies = await berlin_member.press("menu:projects")
    assert "Bike repair" not in texts(replies)
    replies = await berlin_member.press(f"prj:join:{draft.id}")
    assert "not open yet" in texts(replies)
    # Copying again: the name is taken in Berlin now.
    replies = await berlin_amb.press(f"prj:copy:{source.id}")
    assert "already a project with this name" in texts(replies)
    await berlin_amb.press(f"prj:pub:{draft.id}")
    replies = await berlin_member.press(f"prj:join:{draft.id}")
    assert "Welcome to" in texts(replies)
    # The source community sees the reuse.
    replies = await vienna_amb.press(f"prj:v:{source.id}")
    assert "Copied by 1 other community" in texts(replies)
    assert f"prj:copy:{source.id}" not in vienna_amb.last_options
    replies = await vienna_amb.say("/communities")
    assert "projects: 1, meetups: 0" in texts(replies)
    # Not into one's own community, and not by members.
    async with core.uow_factory() as uow:
        vienna_amb_id = await uow.members.by_address(vienna_amb.address)
        assert vienna_amb_id is not None
        with pytest.raises(ProjectProblem, match="same_community"):
            await CopyProject(uow, core.clock)(vienna_amb_id.id, source.id, source.community_id)
    replies = await berlin_member.press(f"prj:copy:{source.id}")
    assert "Only ambassadors" in texts(replies)


async def test_an_ambassador_copies_a_meetup_format(
    member_factory: MemberFactory, core: Core, clock: FrozenClock
) -> None:
    vienna = await community_id(core, "vienna")
    async with core.uow_factory() as uow:
        source = await CreateMeetup(uow, clock)(
            vienna,
            MeetupDraft("Kochabend", clock.now() + timedelta(days=3), place="Vienna kitchen",
                        capacity=12, description="Everyone brings a dish."),
        )  # fmt: skip
        await uow.commit()
    vienna_amb = await ambassador(core, member_factory, community="vienna")
    berlin_amb = await ambassador(core, member_factory, community="berlin", locale="de")
    replies = await berlin_amb.press(f"net:m:{vienna}")
    assert "Kochabend" in texts(replies)
    assert berlin_amb.last_options == [f"mcopy:{source.id}"]
    await berlin_amb.press(f"mcopy:{source.id}")
    replies = await berlin_amb.say("20.11.2026 15:00")
    past = "That moment is in the past. Please give a date in the future."
    assert core.catalogs.get("de").text(past) in texts(replies)
    replies = await berlin_amb.say("Samstag 18:00")
    assert berlin_amb.last_options == ["mcopy:skip"]
    replies = await berlin_amb.say("Nachbarschaftshaus Wedding")
    assert "Nachbarschaftshaus Wedding" in texts(replies) and "Kochabend" in texts(replies)
    assert berlin_amb.last_options == ["mcopy:create", "mcopy:cancel"]
    await berlin_amb.press("mcopy:create")
    berlin = await community_id(core, "berlin")
    async with core.uow_factory() as uow:
        [copy] = await uow.meetups.of_community(berlin)
    assert copy.source_meetup_id == source.id and copy.capacity == 12
    assert copy.place == "Nachbarschaftshaus Wedding" and copy.status is MeetupStatus.SCHEDULED
    assert copy.description == "Everyone brings a dish."
    replies = await vienna_amb.say("/communities")
    assert "projects: 0, meetups: 1" in texts(replies)
    # An old button of the finished copy dialog.
    replies = await berlin_amb.press("mcopy:create")
    stale = core.catalogs.get("de").text(
        "That button is no longer valid. Here is what I can do now:"
    )
    assert stale in texts(replies)
    # Copying into the same community is not offered.
    replies = await vienna_amb.press(f"mcopy:{source.id}")
    assert "Only ambassadors" in texts(replies)

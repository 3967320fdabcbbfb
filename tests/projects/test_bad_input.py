"""Bad input around projects gets a clear answer and changes nothing: duplicate names, links
that are not group links, other communities' projects, a lead leaving without handing on,
old buttons of declined projects, forged buttons."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import Core
from bot.channels.memory import MemorySender
from bot.core.common.clock import FrozenClock
from bot.core.projects.domain import ProjectStatus
from bot.core.projects.lifecycle import AddProject, ProjectDraft, ProjectProblem, title_key
from bot.core.projects.links import GroupLinkProblem, clean_group_link
from tests.projects.helpers import (
    MemberFactory,
    add_project,
    ambassador,
    community_id,
    joined,
    sweep,
    texts,
)


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        ("https://t.me/cafe_vienna", "https://t.me/cafe_vienna"),
        ("t.me/cafe_vienna/", "https://t.me/cafe_vienna"),
        ("https://T.me/+AbCdEf123456_-xy", "https://t.me/+AbCdEf123456_-xy"),
        ("https://t.me/joinchat/AbCdEf123456", "https://t.me/+AbCdEf123456"),
        ("https://telegram.me/cafe_vienna", "https://t.me/cafe_vienna"),
        ("https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv", "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv"),
    ],
)  # fmt: skip
def test_group_links_are_made_canonical(link: str, canonical: str) -> None:
    assert clean_group_link(link) == canonical


@pytest.mark.parametrize(
    "link",
    [
        "http://t.me/cafe_vienna",  # not https
        "https://example.com/cafe",  # not a messenger
        "https://t.me.evil.com/cafe_vienna",
        "https://t.me/josoor_bot",  # a bot, not a group
        "https://t.me/c/12345/67",  # a message link
        "https://t.me/cafe",  # too short for a username
        "https://t.me/+short",
        "https://t.me/cafe_vienna?start=1",
        "https://user@t.me/cafe_vienna",
        "https://wa.me/431234567",  # a chat with a person
        "https://chat.whatsapp.com/",
        "javascript:alert(1)",
        "",
    ],
)
def test_other_links_are_refused(link: str) -> None:
    with pytest.raises(GroupLinkProblem):
        clean_group_link(link)


async def test_duplicate_names_in_a_community(member_factory: MemberFactory, core: Core) -> None:
    await add_project(core, title="Language café")
    member = await joined(member_factory)
    await member.press("prj:new")
    replies = await member.say("  language   CAFÉ ")
    assert "already a project with this name" in texts(replies)
    # Still asking for the name; another name goes on.
    replies = await member.say("Bike repair workshop")
    assert "pnew:skip" in member.last_options
    # Another community may use the same name.
    berlin = await community_id(core, "berlin")
    async with core.uow_factory() as uow:
        await AddProject(uow, core.clock)(berlin, ProjectDraft("Language café", "sport"))
        await uow.commit()


async def test_two_proposals_with_one_name_at_once_make_one_project(core: Core) -> None:
    vienna = await community_id(core, "vienna")

    async def add() -> str:
        async with core.uow_factory() as uow:
            try:
                await AddProject(uow, core.clock)(vienna, ProjectDraft("Garden", "gardening"))
            except ProjectProblem as problem:
                return problem.reason
            await uow.commit()
            return "added"

    outcomes = await asyncio.gather(*(add() for _ in range(5)))
    assert sorted(outcomes) == ["added", *["duplicate"] * 4]


async def test_a_declined_name_can_be_proposed_again(
    member_factory: MemberFactory, core: Core, clock: FrozenClock, sender: MemorySender
) -> None:
    amb = await ambassador(core, member_factory)
    proposer = await joined(member_factory, name="Pia")
    vienna = await community_id(core, "vienna")
    await proposer.press("prj:new")
    await proposer.say("Garden")
    await proposer.press("pnew:skip")
    await proposer.press("pnew:t:gardening")
    await proposer.press("pnew:ldone")
    await proposer.press("pnew:skip")
    await proposer.press("pnew:send")
    async with core.uow_factory() as uow:
        [project] = await uow.projects.of_community(vienna, (ProjectStatus.PROPOSED,))
    await amb.press(f"prj:no:{project.id}")
    replies = await amb.say("   ")
    assert "short reason" in texts(replies)
    await amb.say("We have a garden project already – ‮join it‬!")
    await sweep(core, clock)
    notices = sender.take(proposer.external_id)
    assert "was not approved" in notices[-1].text
    assert "\u2068We have a garden project already – join it!\u2069" in notices[-1].text
    # The old button of the declined project.
    member = await joined(member_factory)
    replies = await member.press(f"prj:join:{project.id}")
    assert "was not approved, so it cannot be joined" in texts(replies)
    replies = await amb.press(f"prj:ok:{project.id}")
    assert "already decided" in texts(replies)
    async with core.uow_factory() as uow:
        await AddProject(uow, core.clock)(vienna, ProjectDraft("garden", "gardening"))
        await uow.commit()


async def test_bad_links_in_the_dialog(member_factory: MemberFactory, core: Core) -> None:
    member = await joined(member_factory)
    await member.press("prj:new")
    await member.say("Chess club")
    await member.press("pnew:skip")
    await member.press("pnew:t:sport")
    await member.press("pnew:ldone")
    for link in ("https://example.com/chess", "https://t.me/chess_bot", "call me"):
        replies = await member.say(link)
        assert "not a Telegram or WhatsApp group link" in texts(replies)
        assert member.last_options == ["pnew:skip"]
    await member.say("https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv")
    assert member.last_options == ["pnew:send", "pnew:cancel"]


async def test_joining_a_project_of_another_community(
    member_factory: MemberFactory, core: Core
) -> None:
    berlin_project = await add_project(core, community="berlin")
    member = await joined(member_factory)  # Vienna
    replies = await member.press(f"prj:v:{berlin_project.id}")
    assert f"prj:join:{berlin_project.id}" not in member.last_options
    assert "A project in" in texts(replies)
    replies = await member.press(f"prj:join:{berlin_project.id}")
    assert "belongs to another community" in texts(replies)
    async with core.uow_factory() as uow:
        assert await uow.projects.member_ids(berlin_project.id) == []


async def test_only_ambassadors_of_the_community_decide(
    member_factory: MemberFactory, core: Core
) -> None:
    await ambassador(core, member_factory)
    other_amb = await ambassador(core, member_factory, community="berlin")
    proposer = await joined(member_factory)
    await proposer.press("prj:new")
    await proposer.say("Football")
    await proposer.press("pnew:skip")
    await proposer.press("pnew:t:sport")
    await proposer.press("pnew:ldone")
    await proposer.press("pnew:skip")
    await proposer.press("pnew:send")
    vienna = await community_id(core, "vienna")
    async with core.uow_factory() as uow:
        [project] = await uow.projects.of_community(vienna, (ProjectStatus.PROPOSED,))
    for person in (proposer, other_amb):
        replies = await person.press(f"prj:ok:{project.id}")
        assert "Only ambassadors of this community" in texts(replies)
        replies = await person.press(f"prj:no:{project.id}")
        assert "Only ambassadors of this community" in texts(replies)
    # A Berlin ambassador cannot see Vienna's proposal either.
    replies = await other_amb.press(f"prj:v:{project.id}")
    assert "not open yet" in texts(replies)


@pytest.mark.parametrize(
    "option",
    ["prj:join:abc", "prj:to:1", "prj:zzz:1", "prj:new:5", "pnew:send", "pnew:t:sport",
     "pint:t:nonsense", "net:t:nonsense", "net:c:999", "mcopy:create", "prj:v:999"],
)  # fmt: skip
async def test_forged_and_stale_buttons(
    member_factory: MemberFactory, core: Core, option: str
) -> None:
    member = await joined(member_factory)
    replies = await member.press(option)
    assert replies and "menu:projects" in [o.id for r in replies for o in r.options]


async def test_updates_must_be_text_of_sensible_length(
    member_factory: MemberFactory, core: Core
) -> None:
    amb = await ambassador(core, member_factory)
    project = await add_project(core)
    async with core.uow_factory() as uow:
        me = await uow.members.by_address(amb.address)
        assert me is not None
        await uow.projects.add_member(project.id, me.id, core.clock.now())
        project.lead_id = me.id
        await uow.projects.save(project, title_key(project.title), core.clock.now())
        await uow.commit()
    await amb.press(f"prj:post:{project.id}")
    replies = await amb.say("x" * 2001)
    assert "at most 2,000 characters" in texts(replies)
    replies = await amb.send_unsupported()
    assert "as text" in texts(replies)
    replies = await amb.say("Real news")
    assert "Sent: your update goes to 0 members." in texts(replies)


async def test_titles_that_normalising_expands_fit(core: Core) -> None:
    vienna = await community_id(core, "vienna")
    async with core.uow_factory() as uow:
        added = await AddProject(uow, core.clock)(vienna, ProjectDraft("\ufdfd" * 80, "health"))
        await uow.commit()
    assert added.title == "\ufdfd" * 80

"""Helpers for the project tests: people who joined, ambassadors, projects, the outbox."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import Core
from bot.channels.memory import MemoryMember
from bot.core.ambassadors.appoint import AddAmbassador
from bot.core.common.clock import FrozenClock
from bot.core.projects.domain import Project
from bot.core.projects.lifecycle import AddProject, ProjectDraft
from dialogs.notices import NoticeRenderer
from scheduler.jobs import sweep_outbox

MemberFactory = Callable[..., MemoryMember]


async def joined(factory: MemberFactory, locale: str = "en", community: str = "vienna",
                 name: str = "Sam") -> MemoryMember:  # fmt: skip
    member = factory(locale, name)
    await member.say(f"/start {community}")
    accept = next(o for o in member.last_options if o.startswith("consent:accept"))
    await member.press(accept)
    return member


async def ambassador(core: Core, factory: MemberFactory, community: str = "vienna",
                     locale: str = "en", name: str = "Amb") -> MemoryMember:  # fmt: skip
    member = factory(locale, name)
    async with core.uow_factory() as uow:
        await AddAmbassador(uow, core.clock)(community, member.address)
        await uow.commit()
    await member.say("/start")
    await member.press(f"consent:accept:{locale}")
    return member


async def member_id(core: Core, member: MemoryMember) -> int:
    async with core.uow_factory() as uow:
        found = await uow.members.by_address(member.address)
    assert found is not None
    return found.id


async def community_id(core: Core, slug: str) -> int:
    async with core.uow_factory() as uow:
        found = await uow.communities.by_slug(slug)
    assert found is not None
    return found.id


async def add_project(
    core: Core,
    community: str = "vienna",
    title: str = "Language café",
    topic: str = "language-practice",
    link: str | None = None,
) -> Project:
    cid = await community_id(core, community)
    async with core.uow_factory() as uow:
        project = await AddProject(uow, core.clock)(
            cid, ProjectDraft(title, topic, "We talk.", ("de", "ar"), link)
        )
        await uow.commit()
    return project


async def sweep(core: Core, clock: FrozenClock) -> None:
    await sweep_outbox(
        core.uow_factory, clock, core.senders, NoticeRenderer(core.catalogs),
        core.settings.reminders.durations(),
    )  # fmt: skip


def texts(replies: list[object]) -> str:
    return "\n".join(getattr(reply, "text", "") for reply in replies)

"""Building blocks of the Welcome Group tests: people who joined, a ready group, a request."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.core.ambassadors.appoint import AddAmbassador
from bot.core.common.clock import FrozenClock
from bot.core.common.domain import Channel, ChannelAddress
from dialogs.notices import NoticeRenderer
from scheduler.jobs import sweep_outbox

MemberFactory = Callable[..., MemoryMember]


async def joined(
    factory: MemberFactory, locale: str = "en", community: str = "vienna", name: str = "Sam"
) -> MemoryMember:
    member = factory(locale, name)
    await member.say(f"/start {community}")
    accept = next(o for o in member.last_options if o.startswith("consent:accept"))
    await member.press(accept)
    return member


async def ambassador(
    core: Core, factory: MemberFactory, community: str = "vienna", locale: str = "en"
) -> MemoryMember:
    person = factory(locale, "Amira")
    async with core.uow_factory() as uow:
        await AddAmbassador(uow, core.clock)(
            community, ChannelAddress(Channel.TELEGRAM, person.external_id)
        )
        await uow.commit()
    await person.say("/start")
    await person.press(f"consent:accept:{locale}")
    return person


async def member_id(core: Core, member: MemoryMember) -> int:
    async with core.uow_factory() as uow:
        found = await uow.members.by_address(member.address)
    assert found is not None
    return found.id


async def form_group(
    coordinator: MemoryMember,
    name: str = "Rosengasse",
    languages: tuple[str, ...] = ("de", "prs"),
    interests: tuple[str, ...] = ("sport",),
    offers: tuple[str, ...] = ("legal-paperwork",),
    capacity: int = 1,
) -> str:
    """Forms a group through the dialog; returns the invite payload (`wg-…`)."""
    await coordinator.say("/welcome")
    await coordinator.press("wg:form")
    await coordinator.say(name)
    for code in languages:
        await coordinator.press(f"wg:t:lang:{code}")
    await coordinator.press("wg:done:lang")
    for code in interests:
        await coordinator.press(f"wg:t:int:{code}")
    await coordinator.press("wg:done:int")
    for code in offers:
        await coordinator.press(f"wg:t:offer:{code}")
    await coordinator.press("wg:done:offer")
    await coordinator.press("wg:age:26-35")
    await coordinator.press("wg:fmax:0")
    replies = await coordinator.press(f"wg:cap:{capacity}")
    assert replies[-1].options[0].id == "wg:create", [r.text for r in replies]
    replies = await coordinator.press("wg:create")
    text = replies[-1].text
    start = text.index("wg-")
    return text[start : text.index("\u2069", start)]


async def fill_group(factory: MemberFactory, payload: str, count: int = 4) -> list[MemoryMember]:
    members = []
    for _ in range(count):
        friend = await joined(factory, "de", name="Freund")
        await friend.say(f"/start {payload}")
        join = next(o for o in friend.last_options if o.startswith("wg:join:"))
        await friend.press(join)
        members.append(friend)
    return members


async def ask_for_group(
    newcomer: MemoryMember,
    languages: tuple[str, ...] = ("prs",),
    interests: tuple[str, ...] = ("sport",),
    needs: tuple[str, ...] = ("legal-paperwork",),
) -> list[object]:
    await newcomer.say("/welcome")
    await newcomer.press("wg:ask")
    for code in languages:
        await newcomer.press(f"wg:t:lang:{code}")
    await newcomer.press("wg:done:lang")
    for code in interests:
        await newcomer.press(f"wg:t:int:{code}")
    await newcomer.press("wg:done:int")
    for code in needs:
        await newcomer.press(f"wg:t:need:{code}")
    await newcomer.press("wg:done:need")
    await newcomer.press("wg:t:avail:weekends")
    await newcomer.press("wg:done:avail")
    await newcomer.press("wg:fam:3")
    await newcomer.press("wg:age:26-35")
    return list(await newcomer.press("wg:consent"))


async def sweep(core: Core, clock: FrozenClock) -> None:
    await sweep_outbox(
        core.uow_factory, clock, core.senders, NoticeRenderer(core.catalogs),
        core.settings.reminders.durations(),
    )  # fmt: skip


def memory_sender(core: Core) -> MemorySender:
    sender = MemorySender(Channel.TELEGRAM)
    core.senders.add(sender)
    return sender


def says(core: Core, text: str, locale: str, msgid: str) -> bool:
    """The translated message's literal parts (placeholders aside) are all in `text`."""
    import re

    translated = core.catalogs.get(locale).text(msgid)
    return all(part.strip() in text for part in re.split(r"\{[a-z_]+\}", translated))

"""Helpers for the ambassador tools' tests: people who joined, ambassadors, the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.channels.telegram.adapter import TelegramChannel
from bot.core.ambassadors.broadcasts import Broadcasts
from bot.core.ambassadors.domain import AudienceKind
from bot.core.ambassadors.invites import LINK_BUILDERS
from bot.core.ambassadors.roles import AddAmbassadorAudited
from bot.core.common.clock import FrozenClock
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.communities.directory import JoinCommunity
from bot.core.members.consent import AcceptPrivacyNotice
from dialogs.features import ROUTES
from dialogs.groups import GroupDesk
from dialogs.notices import NoticeRenderer
from scheduler.jobs import sweep_outbox
from scheduler.outbox import DispatchReport
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

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
    core: Core, factory: MemberFactory, locale: str = "en", community: str = "vienna",
    name: str = "Amira",
) -> MemoryMember:  # fmt: skip
    person = factory(locale, name)
    async with core.uow_factory() as uow:
        await AddAmbassadorAudited(uow, core.clock)(community, person.address)
        await uow.commit()
    await person.say("/start")
    await person.press(f"consent:accept:{locale}")
    return person


async def member_id(core: Core, person: MemoryMember) -> int:
    async with core.uow_factory() as uow:
        found = await uow.members.by_address(person.address)
    assert found is not None
    return found.id


async def community_id(core: Core, slug: str = "vienna") -> int:
    async with core.uow_factory() as uow:
        found = await uow.communities.by_slug(slug)
    assert found is not None
    return found.id


async def sweep(core: Core, clock: FrozenClock) -> DispatchReport:
    return await sweep_outbox(
        core.uow_factory, clock, core.senders, NoticeRenderer(core.catalogs), ()
    )


@pytest.fixture
def sender(core: Core) -> MemorySender:
    memory = MemorySender(Channel.TELEGRAM)
    core.senders.add(memory)
    return memory


@pytest.fixture
def telegram_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """Invite links as the Telegram adapter makes them (it registers this when it starts)."""
    monkeypatch.setitem(
        LINK_BUILDERS,
        Channel.TELEGRAM,
        lambda token: f"https://t.me/josoor_test_bot?start={token}",
    )


# -- Telegram: the real adapter against the Bot API emulator ----------------------------------

TOKEN = "123456:TEST-token-for-the-emulator-only"


class QuickTelegram(TelegramChannel):
    """Gives up waiting for Telegram's answer after one second (for timeout tests)."""

    read_timeout = 1.0


@pytest.fixture
async def api() -> AsyncIterator[TelegramBotApiEmulator]:
    async with TelegramBotApiEmulator(token=TOKEN) as emulator:
        yield emulator


@pytest.fixture
async def telegram(api: TelegramBotApiEmulator, core: Core) -> AsyncIterator[TelegramChannel]:
    channel = QuickTelegram(
        TOKEN,
        api.api_root,
        core.service,
        core.catalogs,
        poll_timeout=1,
        groups=GroupDesk(core.uow_factory, core.catalogs, core.clock, ROUTES),
    )
    await channel.start()
    core.senders.add(channel)
    yield channel
    await channel.stop()


async def telegram_member(
    core: Core,
    api: TelegramBotApiEmulator,
    user_id: int,
    locale: str = "en",
    community: str | None = "vienna",
    *,
    registered: bool = True,
) -> int:
    """Someone who accepted the privacy notice on Telegram and joined (no HTTP round trips)."""
    if registered:
        api.add_user(user_id, first_name=f"User {user_id}", language_code=locale)
    address = ChannelAddress(Channel.TELEGRAM, str(user_id))
    async with core.uow_factory() as uow:
        member = await AcceptPrivacyNotice(uow, core.clock)(address, locale, f"User {user_id}")
        if community is not None:
            place = await uow.communities.by_slug(community)
            assert place is not None
            await JoinCommunity(uow, core.clock)(member.id, place)
        await uow.commit()
    return member.id


async def queue_broadcast(core: Core, author: int, text: str = "Hello everyone") -> int:
    vienna = await community_id(core)
    async with core.uow_factory() as uow:
        flow = Broadcasts(uow, core.clock)
        draft = await flow.draft(author, vienna, AudienceKind.COMMUNITY, None, "en", text)
        await flow.queue(author, draft.id)
        await uow.commit()
    return draft.id

"""Storage on real databases: migrations, atomic writes under concurrency, erasure."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from bot.app import Core
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.communities.directory import JoinCommunity
from bot.core.communities.domain import CommunityRole
from bot.core.members.domain import ConsentKind
from bot.core.members.housekeeping import PurgeExpired
from bot.core.privacy.member_data import EraseMember
from bot.storage.common.tables import Base
from bot.storage.communities.tables import MembershipRow
from bot.storage.members.tables import ConsentRow


async def test_migrations_match_the_table_definitions(core: Core) -> None:
    def diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with core.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_timestamps_come_back_aware_in_utc(core: Core) -> None:
    vienna = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Vienna"))  # after DST switch
    address = ChannelAddress(Channel.WEBCHAT, "tz-test-session-0001")
    async with core.uow_factory() as uow:
        member = await uow.members.create(address, "en", vienna, None)
        await uow.commit()
    async with core.uow_factory() as uow:
        loaded = await uow.members.get(member.id)
    assert loaded is not None
    assert loaded.created_at.tzinfo is not None
    assert loaded.created_at == vienna
    assert loaded.created_at.utcoffset() == timedelta(0)


async def test_concurrent_joins_of_one_member_make_one_membership(core: Core) -> None:
    address = ChannelAddress(Channel.TELEGRAM, "777")
    async with core.uow_factory() as uow:
        member = await uow.members.create(address, "en", core.clock.now(), None)
        community = await uow.communities.by_slug("vienna")
        await uow.commit()
    assert community is not None

    async def join() -> bool:
        async with core.uow_factory() as uow:
            result = await JoinCommunity(uow, core.clock)(member.id, community)
            await uow.commit()
            return result.already_member

    # Check-then-write in one transaction: immediate on SQLite, and the primary key on
    # PostgreSQL turns a lost race into an error rather than a second row.
    outcomes = await asyncio.gather(*(join() for _ in range(10)), return_exceptions=True)
    fresh = [o for o in outcomes if o is False]
    assert len(fresh) == 1
    async with core.engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(MembershipRow))
    assert count == 1


async def test_many_members_writing_at_once_lose_nothing(member_factory, core: Core) -> None:  # type: ignore[no-untyped-def]
    members = [member_factory("en") for _ in range(40)]

    async def onboard(member) -> None:  # type: ignore[no-untyped-def]
        await member.say("/start")
        await member.press("consent:accept:en")
        await member.press("role:supporter")
        await member.press("join:1")

    await asyncio.gather(*(onboard(m) for m in members))
    async with core.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(MembershipRow)) == 40
        assert await connection.scalar(select(func.count()).select_from(ConsentRow)) == 40


async def test_erasing_a_member_removes_every_trace(member_factory, core: Core) -> None:  # type: ignore[no-untyped-def]
    member = member_factory("en")
    await member.say("/start")
    await member.press("consent:accept:en")
    await member.press("role:newcomer")
    await member.press("join:1")
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(member.address)
        assert stored is not None
        await EraseMember(uow, core.clock)(stored.id)
        await uow.commit()
    async with core.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if "member_id" in table.c:
                count = await connection.scalar(
                    select(func.count()).select_from(table).where(table.c.member_id == stored.id)
                )
                assert count == 0, table.name


async def test_operator_made_ambassador_still_sees_the_privacy_notice(core: Core) -> None:
    from bot.channels.memory import MemoryMember
    from bot.core.ambassadors.appoint import AddAmbassador

    address = ChannelAddress(Channel.TELEGRAM, "4242")
    async with core.uow_factory() as uow:
        await AddAmbassador(uow, core.clock)("berlin", address)
        await uow.commit()
    member = MemoryMember(core.service, "4242", locale_hint="de", profile_name="Jo")
    [_, notice] = await member.say("/start")
    assert notice.options[0].id == "consent:accept:de"
    replies = await member.press("consent:accept:de")
    # An ambassador's menu offers the ambassador tools (where meetups are created).
    assert "menu:ambassador" in [o.id for o in replies[-1].options]
    async with core.uow_factory() as uow:
        stored = await uow.members.by_address(address)
        assert stored is not None and stored.display_name == "Jo"
        [(membership, community)] = await uow.memberships.of_member(stored.id)
        consents = await uow.consents.of_member(stored.id)
    assert community.slug == "berlin" and membership.role is CommunityRole.AMBASSADOR
    assert [c.kind for c in consents] == [ConsentKind.PRIVACY_NOTICE]


async def test_expired_events_and_parked_links_are_purged(core: Core) -> None:
    old = core.clock.now() - timedelta(days=8)
    async with core.uow_factory() as uow:
        assert await uow.processed_events.claim("telegram", "1", old)
        assert await uow.processed_events.claim("telegram", "2", core.clock.now())
        assert not await uow.processed_events.claim("telegram", "2", core.clock.now())
        await uow.start_links.park("vienna", old)
        await uow.commit()
    async with core.uow_factory() as uow:
        report = await PurgeExpired(uow, core.clock)()
        await uow.commit()
    assert (report.processed_events, report.start_links) == (1, 1)
    async with core.uow_factory() as uow:
        assert await uow.processed_events.claim("telegram", "1", core.clock.now())
        assert datetime.now(UTC) > old

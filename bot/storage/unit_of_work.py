"""One database session and transaction per incoming message (or per background job)."""

from __future__ import annotations

import asyncio
import hashlib
from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.common.keyed_hash import KeyedHash
from bot.storage.ambassadors.audit import SqlAuditRepository
from bot.storage.ambassadors.broadcasts import SqlBroadcastRepository
from bot.storage.ambassadors.groups import SqlGroupRepository
from bot.storage.ambassadors.invites import SqlInviteRepository
from bot.storage.ambassadors.stats import SqlStatsRepository
from bot.storage.common.outbox import SqlOutboxRepository
from bot.storage.communities.communities import SqlCommunityRepository
from bot.storage.communities.memberships import SqlMembershipRepository
from bot.storage.meetups.attendance import SqlAttendanceRepository
from bot.storage.meetups.meetups import SqlMeetupRepository
from bot.storage.meetups.rsvps import SqlRsvpRepository
from bot.storage.meetups.series import SqlSeriesRepository
from bot.storage.members.consents import SqlConsentRepository
from bot.storage.members.conversations import SqlConversationRepository
from bot.storage.members.members import SqlMemberRepository
from bot.storage.members.processed_events import SqlProcessedEventRepository
from bot.storage.members.start_links import SqlStartLinkRepository
from bot.storage.projects.projects import SqlProjectRepository
from bot.storage.turns import SqlTurnStartRepository
from bot.storage.welcome.repository import SqlWelcomeRepository


class SqlUnitOfWork:
    """Commits only when asked; leaving the block without commit rolls everything back.

    On SQLite every unit of work writes (it takes the database's write lock up front), so
    units of work of this process queue on an asyncio lock, first come first served, instead
    of spinning in SQLite's busy handler until it times out under a burst.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        writer: asyncio.Lock | None,
        keyed_hash: KeyedHash,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._keyed_hash = keyed_hash
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._writer is not None:
            await self._writer.acquire()
        session = self._sessions()
        self._session = session
        self.members = SqlMemberRepository(session)
        self.communities = SqlCommunityRepository(session)
        self.memberships = SqlMembershipRepository(session)
        self.consents = SqlConsentRepository(session)
        self.conversations = SqlConversationRepository(session)
        self.turns = SqlTurnStartRepository(session)
        self.start_links = SqlStartLinkRepository(session)
        self.processed_events = SqlProcessedEventRepository(session, self._keyed_hash)
        self.meetups = SqlMeetupRepository(session)
        self.rsvps = SqlRsvpRepository(session)
        self.attendance = SqlAttendanceRepository(session)
        self.series = SqlSeriesRepository(session)
        self.outbox = SqlOutboxRepository(session)
        self.invites = SqlInviteRepository(session)
        self.audit = SqlAuditRepository(session)
        self.groups = SqlGroupRepository(session)
        self.broadcasts = SqlBroadcastRepository(session)
        self.stats = SqlStatsRepository(session)
        self.projects = SqlProjectRepository(session)
        self.welcome = SqlWelcomeRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            await self._session.rollback()
        finally:
            await self._session.close()
            self._session = None
            if self._writer is not None:
                self._writer.release()

    async def commit(self) -> None:
        assert self._session is not None
        await self._session.commit()

    async def rollback(self) -> None:
        assert self._session is not None
        await self._session.rollback()

    async def serialize(self, key: str) -> None:
        """A transaction-level advisory lock on PostgreSQL, released at commit or rollback.
        SQLite needs none: every unit of work already holds the database's write lock."""
        assert self._session is not None
        if self._writer is None:
            await self._session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(key)}
            )


def advisory_key(key: str) -> int:
    """A signed 64-bit number for `key` (advisory locks take a bigint)."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SqlUnitOfWorkFactory:
    def __init__(self, engine: AsyncEngine, keyed_hash: KeyedHash) -> None:
        self.engine = engine
        self._keyed_hash = keyed_hash
        self._sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._writer = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self._writer, self._keyed_hash)

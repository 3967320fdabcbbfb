"""Repositories of the ambassador tools. Filled in with the feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session


class SqlInviteRepository(_Repository):
    pass


class SqlAuditRepository(_Repository):
    pass


class SqlGroupRepository(_Repository):
    pass


class SqlBroadcastRepository(_Repository):
    pass


class SqlStatsRepository(_Repository):
    pass

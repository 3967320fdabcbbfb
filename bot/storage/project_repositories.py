"""Repositories of the project feature. Filled in with the feature."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class SqlProjectRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

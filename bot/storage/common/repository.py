"""What every repository shares: it works in the unit of work's session and flushes, but
never commits; and it speaks the dialect's INSERT (for ON CONFLICT DO NOTHING)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

#: Rows per IN (...) list.
CHUNK = 500


def chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]


class SqlRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Callable[[Any], Any]:
        """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
        return self.insert_for(self._session.get_bind().dialect.name)

    @staticmethod
    def insert_for(dialect: str) -> Callable[[Any], Any]:
        return pg_insert if dialect == "postgresql" else sqlite_insert

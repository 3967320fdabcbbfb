"""The transaction every unit of work is: entered per message (or job), committed once."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self


class Transaction(Protocol):
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def serialize(self, key: str) -> None:
        """Until this transaction ends, other transactions that serialize on `key`, in any
        worker, wait: one member's messages are handled one at a time everywhere."""
        ...

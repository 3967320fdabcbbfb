"""What the adapter needs from storage, as a port (the SQL version is in bot/storage).

Delivery states only move forward: sent < delivered < read; failed is terminal.
Statuses arrive out of order (a "read" can overtake its "delivered"), and late ones must not
undo newer news.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

#: Rank of each state; a state may replace only states of lower rank. Failed replaces any
#: state but itself and is replaced by none.
RANKS = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
TERMINAL = frozenset({"failed"})


def moves_forward(current: str | None, new: str) -> bool:
    if current is None:
        return True
    if current in TERMINAL:
        return False
    if new in TERMINAL:
        return True
    return RANKS.get(new, -1) > RANKS.get(current, -1)


class ChoicesStore(Protocol):
    """The options last offered to each WhatsApp member, where every worker reads them."""

    async def choices_of(self, wa_id: str) -> tuple[list[tuple[str, str]], bool]:
        """(option id, label) pairs of the last message with options and whether it was a
        numbered text; ([], False) when the last message had none."""
        ...

    async def offer_choices(
        self, wa_id: str, options: list[tuple[str, str]], numbered: bool, now: datetime
    ) -> None:
        """Record the options just sent (none: forget them)."""
        ...


class WhatsAppStore(ChoicesStore, Protocol):
    async def last_inbound_at(self, wa_id: str) -> datetime | None:
        """When this WhatsApp id last wrote to us (None: never, or not a member)."""
        ...

    async def advance(
        self,
        wamid: str,
        status: str,
        now: datetime,
        error_code: int | None,
        wa_id: str | None = None,
    ) -> bool:
        """Move a message's delivery state forward; False when `status` is not newer.

        `wa_id` is the recipient: the state is kept with their member (erased by /forget)."""
        ...

    async def status_of(self, wamid: str) -> str | None: ...

    async def purge_older_than(self, cutoff: datetime) -> int: ...

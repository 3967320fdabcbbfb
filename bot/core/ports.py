"""The unit of work: every feature's repositories behind one transaction.

Repositories return domain objects and never commit; the unit of work commits once per
incoming message, so everything a message changes lands together or not at all. Each core
feature declares only the repositories it uses (`MeetupsUnit`, `WelcomeUnit`, …) in its own
`ports.py`; this protocol is all of them at once, for the dialogs, the jobs and storage.
"""

from __future__ import annotations

from typing import Protocol

from bot.core.ambassadors.ports import AmbassadorsUnit
from bot.core.common.domain import ChannelAddress
from bot.core.common.unit import Transaction
from bot.core.members.domain import TurnStart
from bot.core.members.ports import MembersUnit
from bot.core.welcome.ports import WelcomeUnit


class TurnStartRepository(Protocol):
    async def load(
        self, address: ChannelAddress, scoped_id: str | None = None
    ) -> TurnStart | None:
        """The member behind `address` with what every turn reads first (None: nobody)."""
        ...


class UnitOfWork(AmbassadorsUnit, MembersUnit, WelcomeUnit, Transaction, Protocol):
    """Every repository, committed together."""

    @property
    def turns(self) -> TurnStartRepository: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...

"""What the outbox dispatcher needs to know of each kind of proactive message.

The dispatcher (`scheduler/outbox.py`) knows rows, batches and channels; the features know
their kinds: how to load what a row is about (its subject), whether it is still wanted at
delivery, how it reads, and whether it is bulk. The dialog features declare that on their
`Feature`; `dialogs/notices.py` gathers it into one `Notices` object handed to the dispatcher.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.common.clock import Clock
from bot.core.common.messages import Reply
from bot.core.common.outbox import NoticeKind, OutboxItem
from bot.core.communities.domain import Community
from bot.core.meetups.domain import Meetup
from bot.core.members.domain import Member
from bot.core.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class NoticeContext:
    member: Member
    item: OutboxItem
    meetup: Meetup | None
    community: Community | None
    #: The kind's own subject (a broadcast, a project update…), loaded by its SubjectLoader.
    subject: object | None = None


#: Loads the subjects of a batch for one kind: subject ids → objects (missing → dropped).
SubjectLoader = Callable[[UnitOfWork, Sequence[int]], Awaitable[dict[int, object]]]
#: Whether a message of one kind is still wanted, beyond the member accepting messages.
Policy = Callable[[NoticeContext, datetime], bool]
#: A step run after the queue is drained (closing finished broadcasts); it opens its own unit
#: of work and returns how many new rows it queued (then the queue is drained again).
AfterDispatch = Callable[[UnitOfWorkFactory, Clock], Awaitable[int]]


class Notices(Protocol):
    """Every feature's kinds at once: render a message, and the tables the dispatcher reads."""

    def __call__(self, context: NoticeContext) -> list[Reply]: ...
    @property
    def subject_loaders(self) -> Mapping[NoticeKind, SubjectLoader]: ...
    @property
    def policies(self) -> Mapping[NoticeKind, Policy]: ...
    @property
    def bulk_kinds(self) -> frozenset[NoticeKind]:
        """Kinds sent as bulk (broadcasts): channels pace them more gently."""
        ...

    @property
    def after_dispatch(self) -> Sequence[AfterDispatch]: ...

"""What the cluster tests and bench/scale.py do and look at: queue a broadcast as its
ambassador would, or make a meetup's reminder due for everyone, and read what the Bot API
emulator received."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from bench.broadcast import AUTHOR, BODY
from bot.app import Core
from bot.core.ambassadors.broadcasts import Broadcasts
from bot.core.ambassadors.domain import AudienceKind
from bot.core.common.domain import Channel, ChannelAddress
from bot.storage.communities.tables import MembershipRow
from bot.storage.meetups.tables import MeetupRow, RsvpRow
from tests.emulators.telegram_bot_api import TelegramBotApiEmulator

MEMBERS = 1000


async def queue_broadcast(core: Core, community: int) -> None:
    """The ambassador's "send now": the broadcast to the whole community is queued."""
    async with core.uow_factory() as uow:
        author = await uow.members.by_address(ChannelAddress(Channel.TELEGRAM, str(AUTHOR)))
        assert author is not None
        flow = Broadcasts(uow, core.clock)
        draft = await flow.draft(author.id, community, AudienceKind.COMMUNITY, None, "en", BODY)
        await flow.queue(author.id, draft.id)
        await uow.commit()


def copies(api: TelegramBotApiEmulator) -> Counter[int]:
    """How many copies of the broadcast each chat received."""
    return Counter(int(m["chat_id"]) for m in api.all_sent() if BODY in (m["plain_text"] or ""))


async def until_everyone_has_it(
    api: TelegramBotApiEmulator,
    within: float,
    members: int = MEMBERS,
    received: Callable[[TelegramBotApiEmulator], Counter[int]] = copies,
) -> float:
    """Wait until `members` chats hold what `received` counts (the broadcast by default)."""
    deadline = time.monotonic() + within
    for _ in range(int(within / 0.2)):  # the emulator records; polled like a dashboard
        if len(received(api)) >= members or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    return time.monotonic()


def most_sends_in_one_second(api: TelegramBotApiEmulator) -> int:
    times = sorted(float(m["time"]) for m in api.all_sent())
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def chats_with_two_within_a_second(api: TelegramBotApiEmulator) -> int:
    per_chat: defaultdict[int, list[float]] = defaultdict(list)
    for message in api.all_sent():
        per_chat[int(message["chat_id"])].append(float(message["time"]))
    return sum(
        1
        for times in per_chat.values()
        if any(b - a < 1.0 for a, b in itertools.pairwise(sorted(times)))
    )


#: The meetup whose reminder the reminder test sends to everyone.
MEETUP_TITLE = "Picnic by the Danube"


async def everyone_going(core: Core, community: int, members: int) -> int:
    """A meetup of `community` in two hours that all its members (the `members` seeded and
    its ambassador) said they would come to: its three-hour reminder is due at once (late, as
    after a restart: the latest one only). Returns how many are going."""
    now = datetime.now(UTC)
    said = now - timedelta(days=10)  # "going" long before any reminder fell due
    row = {"community_id": community, "title": MEETUP_TITLE,
           "starts_at": now + timedelta(hours=2), "status": "scheduled",
           "is_festival": False, "created_at": now, "updated_at": now}  # fmt: skip
    async with core.engine.begin() as connection:
        added = await connection.execute(insert(MeetupRow).values(**row).returning(MeetupRow.id))
        meetup = added.scalar_one()
        going = select(MembershipRow.member_id).where(MembershipRow.community_id == community)
        ids = (await connection.execute(going)).scalars().all()
        assert len(ids) >= members
        await connection.execute(
            insert(RsvpRow),
            [{"meetup_id": meetup, "member_id": member, "status": "going",
              "queued_at": said, "updated_at": said} for member in ids],
        )  # fmt: skip
    return len(ids)


def reminded(api: TelegramBotApiEmulator) -> Counter[int]:
    """How many reminders of the meetup each chat received."""
    return Counter(
        int(m["chat_id"]) for m in api.all_sent() if MEETUP_TITLE in (m["plain_text"] or "")
    )

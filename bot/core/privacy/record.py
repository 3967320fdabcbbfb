"""Everything stored about one member, for /mydata and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.communities.domain import Community, Membership
from bot.core.members.domain import ChannelAccount, Consent, Conversation, Member


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """Everything stored about one member, for /mydata and exports.

    `rsvps` are (meetup id, answer, when); `check_ins` (meetup id, when); `notices` the
    queued or sent proactive messages (kind, meetup id, due, status) — ids and words, no texts.
    """

    member: Member
    accounts: tuple[ChannelAccount, ...]
    memberships: tuple[tuple[Membership, Community], ...]
    consents: tuple[Consent, ...]
    conversation: Conversation | None
    rsvps: tuple[tuple[int, str, datetime], ...] = ()
    check_ins: tuple[tuple[int, datetime], ...] = ()
    notices: tuple[tuple[str, int | None, datetime, str], ...] = ()

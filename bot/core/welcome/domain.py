"""Welcome Groups (the Samen Hier programme): at least five locals accompany one newcomer or
family for twelve months. Plain dataclasses and the fixed vocabularies; no storage types.

A proposal is the pairing of one newcomer's request with one group. It is drafted by the
matching, sent by an ambassador, and becomes the match itself when both sides say yes, so
the whole life of a pairing (answers, contacts shared, closing) lives in one record.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.welcome.topics import NEEDS, TOPICS

#: A group can be matched from this many members (Samen Hier: five is what works).
MIN_MEMBERS = 5
NAME_MAX = 60
#: How many newcomers or families one group may accompany at once (usually one).
CAPACITY_MAX = 3
FAMILY_SIZE_MAX = 12
#: Monthly check-ins run for this many months; at the last one both sides close or continue.
MONTHS = 12
#: A prefix `/start` payloads of group invites carry (`/start wg-<token>`).
INVITE_PREFIX = "wg-"

#: Languages people can say they speak: ISO 639 codes (`prs` is Dari).
LANGUAGES: tuple[str, ...] = (
    "ar", "prs", "fa", "ps", "ku", "ti", "so", "uk", "ru", "tr", "en", "de", "nl", "fr",
)  # fmt: skip
INTERESTS: tuple[str, ...] = TOPICS
NEED_SLUGS: tuple[str, ...] = NEEDS
AVAILABILITY: tuple[str, ...] = ("weekday-daytime", "weekday-evenings", "weekends")
#: Age bands, youngest first; matching compares their positions.
AGE_BANDS: tuple[str, ...] = ("18-25", "26-35", "36-50", "51-65", "66")


class GroupRole(enum.StrEnum):
    COORDINATOR = "coordinator"
    MEMBER = "member"


class RequestStatus(enum.StrEnum):
    WAITING = "waiting"
    MATCHED = "matched"


class ProposalStatus(enum.StrEnum):
    #: Made by the matching; only ambassadors see it until they send it.
    DRAFT = "draft"
    SENT = "sent"
    #: Both sides said yes: the twelve months run.
    MATCHED = "matched"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    #: After twelve months both sides chose to go on (no more check-ins).
    CONTINUED = "continued"
    CLOSED = "closed"


#: The pairing is under way: messages are relayed, the group's place is taken.
ACTIVE = frozenset({ProposalStatus.MATCHED, ProposalStatus.CONTINUED})
#: The newcomer and a place in the group are spoken for.
OPEN = frozenset({ProposalStatus.SENT, *ACTIVE})


class Side(enum.StrEnum):
    NEWCOMER = "newcomer"
    #: The group, represented by its coordinator.
    GROUP = "group"


class CheckinAnswer(enum.StrEnum):
    GOOD = "good"
    PROBLEMS = "problems"
    HELP = "help"


class Closing(enum.StrEnum):
    CLOSE = "close"
    CONTINUE = "continue"


class Rating(enum.StrEnum):
    GREAT = "great"
    GOOD = "good"
    DIFFICULT = "difficult"


@dataclass(slots=True)
class WelcomeGroup:
    id: int
    community_id: int
    name: str
    languages: tuple[str, ...]
    interests: tuple[str, ...]
    #: Needs (NEED_SLUGS) the group can help with.
    offers: tuple[str, ...]
    capacity: int
    invite_token: str
    created_at: datetime
    age_band: str | None = None
    #: The largest family the group can welcome; None: any size.
    family_max: int | None = None
    #: Members who accepted the commitments (the coordinator included).
    member_count: int = 0

    @property
    def ready(self) -> bool:
        return self.member_count >= MIN_MEMBERS


@dataclass(frozen=True, slots=True)
class GroupMembership:
    group_id: int
    member_id: int
    role: GroupRole
    joined_at: datetime


@dataclass(slots=True)
class WelcomeRequest:
    """A newcomer's request. The group sees only their first name, languages, interests and
    needs; ambassadors see all of it; nobody sees a phone number or username."""

    id: int
    member_id: int
    community_id: int
    languages: tuple[str, ...]
    interests: tuple[str, ...]
    needs: tuple[str, ...]
    availability: tuple[str, ...]
    family_size: int
    consented_at: datetime
    created_at: datetime
    age_band: str | None = None
    status: RequestStatus = RequestStatus.WAITING


@dataclass(slots=True)
class Proposal:
    id: int
    community_id: int
    request_id: int
    newcomer_id: int
    group_id: int
    status: ProposalStatus
    score: float
    #: Why the matching proposed it: codes and numbers only (see core.matching.Pairing).
    reasons: dict[str, object] = field(default_factory=dict)
    created_at: datetime | None = None
    newcomer_answer: bool | None = None
    group_answer: bool | None = None
    sent_at: datetime | None = None
    matched_at: datetime | None = None
    ended_at: datetime | None = None
    newcomer_shares_contact: bool = False
    group_shares_contact: bool = False
    newcomer_closing: Closing | None = None
    group_closing: Closing | None = None

    def answer_of(self, side: Side) -> bool | None:
        return self.newcomer_answer if side is Side.NEWCOMER else self.group_answer

    def closing_of(self, side: Side) -> Closing | None:
        return self.newcomer_closing if side is Side.NEWCOMER else self.group_closing


@dataclass(slots=True)
class CheckIn:
    id: int
    proposal_id: int
    member_id: int
    month: int
    asked_at: datetime
    answer: CheckinAnswer | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    """Kept only with consent and without anything that names a person: which side, how it
    went, whether they went on, and the parts of the score the matching gave the pair."""

    community_id: int
    side: Side
    rating: Rating
    closing: Closing
    parts: dict[str, float]
    recorded_at: datetime


class WelcomeProblem(ValueError):
    """Why a Welcome Group action cannot be done; `reason` is a stable code the dialogs and
    the command line turn into words (nothing is stored when it is raised)."""

    def __init__(self, reason: str, limit: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.limit = limit

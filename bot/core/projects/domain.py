"""Projects: members of a community working together on something they need (a language
café, a bike repair workshop, a community garden). Plain dataclasses, no storage types."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

TITLE_MAX = 80
DESCRIPTION_MAX = 1000
#: A project update is a short message to the members, not an article.
UPDATE_MAX = 2000
REASON_MAX = 300
LINK_MAX = 200

#: Languages a project can say it speaks: ours first, then others many of our members speak.
PROJECT_LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "fa": "فارسی",
    "en": "English",
    "de": "Deutsch",
    "nl": "Nederlands",
    "uk": "Українська",
    "ps": "پښتو",
    "ku": "Kurdî",
    "tr": "Türkçe",
    "ru": "Русский",
}


class ProjectStatus(enum.StrEnum):
    #: Copied from another community by an ambassador; only ambassadors see it until published.
    DRAFT = "draft"
    #: Proposed by a member, waiting for an ambassador.
    PROPOSED = "proposed"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(slots=True)
class Project:
    id: int
    community_id: int
    title: str
    topic: str
    status: ProjectStatus
    description: str | None = None
    #: Codes of PROJECT_LANGUAGES, in the order chosen.
    languages: tuple[str, ...] = ()
    #: A Telegram or WhatsApp group link; shown to members after they join.
    group_link: str | None = None
    proposed_by: int | None = None
    lead_id: int | None = None
    #: The ambassador's reason when declined (told to the proposer).
    decline_reason: str | None = None
    #: The project whose format this one copies (another community's).
    source_project_id: int | None = None
    created_at: datetime | None = None

    @property
    def open(self) -> bool:
        """Members can see, join and leave only approved projects."""
        return self.status is ProjectStatus.APPROVED


@dataclass(frozen=True, slots=True)
class ProjectUpdate:
    """What a project lead published to the members. Not a private message: it is the
    lead's public text for the project, so it is stored and rendered at delivery."""

    id: int
    project_id: int
    author_id: int | None
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Interests:
    """Topics a member chose, and when they agreed that we store them."""

    topics: tuple[str, ...]
    consented_at: datetime

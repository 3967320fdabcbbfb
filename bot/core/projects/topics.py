"""Topics: the small fixed taxonomy projects are filed under and members are interested in.

Slugs are stable ids: they are stored, travel in option ids and are what other features
(Welcome Groups matching) compare. Labels are only shown, translated through the catalogs.
A fixed list keeps browsing across communities and languages meaningful: "sport" in Graz
is "sport" in Rotterdam.

Public API for other features:

- `TOPICS`: the slugs in display order; `TOPIC_SLUGS`: the same as a set; `is_topic(slug)`.
- `topic_label(tr, slug)`, `topic_button(tr, slug)`: the translated name (with its icon).
- `await interests_of(uow, member_id)`: the topics a member chose; empty without consent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.core.projects.ports import ProjectsUnit

TOPICS: tuple[str, ...] = (
    "language-practice",
    "jobs-training",
    "housing",
    "children-families",
    "sport",
    "culture-food",
    "legal-paperwork",
    "health",
    "womens-group",
    "gardening",
    "repair-crafts",
    "digital-skills",
)
TOPIC_SLUGS: frozenset[str] = frozenset(TOPICS)

#: Bump when what we say about storing interests changes in substance.
INTERESTS_CONSENT_VERSION = 1

ICONS: dict[str, str] = {
    "language-practice": "🗣",
    "jobs-training": "💼",
    "housing": "🏠",
    "children-families": "👪",
    "sport": "⚽",
    "culture-food": "🍲",
    "legal-paperwork": "📄",
    "health": "🩺",
    "womens-group": "👩",
    "gardening": "🌱",
    "repair-crafts": "🔧",
    "digital-skills": "💻",
}


class Texts(Protocol):
    """What a label needs of a translator (`bot.i18n.catalogs.Translator`)."""

    def text(self, message: str, /, **values: object) -> str: ...


_LABELS: dict[str, Callable[[Texts], str]] = {
    "language-practice": lambda tr: tr.text("Language practice"),
    "jobs-training": lambda tr: tr.text("Jobs and training"),
    "housing": lambda tr: tr.text("Housing"),
    "children-families": lambda tr: tr.text("Kids and families"),
    "sport": lambda tr: tr.text("Sport"),
    "culture-food": lambda tr: tr.text("Culture and food"),
    "legal-paperwork": lambda tr: tr.text("Law and paperwork"),
    "health": lambda tr: tr.text("Health"),
    "womens-group": lambda tr: tr.text("Women's group"),
    "gardening": lambda tr: tr.text("Gardening and nature"),
    "repair-crafts": lambda tr: tr.text("Repair and crafts"),
    "digital-skills": lambda tr: tr.text("Digital skills"),
}
assert set(_LABELS) == TOPIC_SLUGS == set(ICONS)


def is_topic(slug: str) -> bool:
    return slug in TOPIC_SLUGS


def topic_label(tr: Texts, slug: str) -> str:
    """The topic's name in the translator's language (the slug itself if unknown)."""
    label = _LABELS.get(slug)
    return label(tr) if label is not None else slug


def topic_button(tr: Texts, slug: str) -> str:
    """The name with its icon, for buttons and lists."""
    return f"{ICONS.get(slug, '•')} {topic_label(tr, slug)}"


async def interests_of(uow: ProjectsUnit, member_id: int) -> set[str]:
    """The topics a member chose. Empty when they did not agree to us storing interests
    (nothing is stored then) or withdrew (everything was deleted)."""
    interests = await uow.projects.interests(member_id)
    return set(interests.topics) & TOPIC_SLUGS if interests is not None else set()

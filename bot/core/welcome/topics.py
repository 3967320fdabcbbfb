"""The interests taxonomy Welcome Groups use: the slugs of the projects feature's topics
(`bot/core/projects/topics.py`, kept apart so the two features stay independent), so
interests chosen here mean the same as the topics of projects.

Needs (what a newcomer asks help with, what a group offers) are slugs of the same kind: four
are topics of the taxonomy, and `social-contact` is the one need that is not a topic.
"""

from __future__ import annotations

#: Interests a group or a newcomer can choose (the shared topic slugs).
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
)

#: What a newcomer can ask a group for, and what a group can help with.
NEEDS: tuple[str, ...] = (
    "language-practice",
    "legal-paperwork",
    "jobs-training",
    "housing",
    "social-contact",
)

"""Storage interface of projects, topics and interests. Filled in with the feature."""

from __future__ import annotations

from typing import Protocol


class ProjectRepository(Protocol):
    """Projects of communities, their members, leads and reused formats."""

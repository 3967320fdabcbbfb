"""Storage interface of Welcome Groups and matching. Filled in with the feature."""

from __future__ import annotations

from typing import Protocol


class WelcomeRepository(Protocol):
    """Welcome Groups, newcomers' requests, proposals, matches and check-ins."""

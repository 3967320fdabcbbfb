"""Storage interfaces of the ambassador tools (invite links, audit log, community groups,
broadcasts, impact figures). Filled in with the feature."""

from __future__ import annotations

from typing import Protocol


class InviteRepository(Protocol):
    """Invite links (deep-link tokens) and who joined through which."""


class AuditRepository(Protocol):
    """Every administrative action, who did it and when."""


class GroupRepository(Protocol):
    """The Telegram groups linked to communities."""


class BroadcastRepository(Protocol):
    """Broadcasts, their language variants and their per-recipient delivery rows."""


class StatsRepository(Protocol):
    """Counts for /stats and the public impact page."""

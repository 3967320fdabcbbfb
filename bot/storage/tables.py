"""The one metadata of every table: importing this module defines them all, which Alembic
(`migrations/env.py`) and the test comparing tables with migrations rely on. Each feature's
tables live in its own package (`members/tables.py`, `meetups/tables.py`, …)."""

from __future__ import annotations

from bot.storage.ambassadors import tables as ambassador_tables
from bot.storage.common.tables import Base, UTCDateTime
from bot.storage.communities import tables as community_tables
from bot.storage.meetups import tables as meetup_tables
from bot.storage.members import tables as member_tables
from bot.storage.projects import tables as project_tables
from bot.storage.welcome import tables as welcome_tables

__all__ = ["Base", "UTCDateTime"]
#: The feature table modules, imported for their side effect: defining tables on `Base`.
FEATURE_TABLES = (
    ambassador_tables,
    community_tables,
    meetup_tables,
    member_tables,
    project_tables,
    welcome_tables,
)

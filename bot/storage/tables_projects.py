"""Tables of the projects feature. Registered in Base.metadata by the import in tables.py."""

from __future__ import annotations

from bot.storage.tables import Base  # noqa: F401

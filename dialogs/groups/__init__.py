"""The bot in a community's Telegram group: /linkgroup, join requests, greetings, and the
ambassadors' command menus. Channel adapters call the `GroupDesk` directly; group events
are not conversation turns, so this package adds nothing to the engine's routes."""

from __future__ import annotations

from dialogs.groups.desk import GroupAnswer, GroupDesk

__all__ = ["GroupAnswer", "GroupDesk"]

"""Handing a member over to another feature's step, without importing that feature.

The community feature declares the search question (`FIND_COMMUNITY`) and the features that
read `/start` payloads declare their readers; `turn.routes` holds them.
"""

from __future__ import annotations

from dialogs.common.routing import FIND_COMMUNITY
from dialogs.common.turn import Turn


def find_community(turn: Turn) -> None:
    """Ask which city the member lives in (the community search takes the answer)."""
    turn.routes.prompts[FIND_COMMUNITY](turn)


async def open_start_link(turn: Turn, payload: str) -> bool:
    """Act on a deep link's payload (an invite, a group, a community). False (and a kind
    word) if it leads nowhere."""
    for reader in turn.routes.start_payloads:
        handled = await reader(turn, payload)
        if handled is not None:
            return handled
    return False

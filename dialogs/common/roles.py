"""The one-tap question whether a member is new in the country or a supporter.

Asked after consent, and after joining through any deep link (an invite, a community's link)
while the member's role is still empty: the ambassadors' figures and the Welcome Groups
need it. The onboarding feature handles the answer (`role:<role>` and this state).
"""

from __future__ import annotations

from bot.core.common.messages import Option
from dialogs.common.turn import Turn

STATE_ROLE = "onboarding.role"


def ask_role(turn: Turn, *, wait: bool = True) -> None:
    """`wait`: the next text must answer it (first contact); after a deep link the member
    can just as well go on, and the buttons still work later."""
    if wait:
        turn.set_state(STATE_ROLE)
    turn.ask(
        turn.tr.text("Are you new in this country, or a local who wants to support?"),
        [
            Option("role:newcomer", turn.tr.text("I am new here")),
            Option("role:supporter", turn.tr.text("I want to support")),
        ],
    )

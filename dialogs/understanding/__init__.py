"""Understanding free text (intents, "did you mean" buttons) and talking to a person: a
member's message relayed to their ambassadors and the answer back."""

from __future__ import annotations

from dialogs.common.routing import Feature
from dialogs.understanding import free_text, relay

FEATURE = Feature(
    name="understanding",
    options={"nlu": free_text.chosen, "relay": relay.on_option},
    states={relay.STATE_COMPOSE: relay.on_text, relay.STATE_ANSWER: relay.on_text},
    intents=free_text.INTENTS,
    free_text=free_text.understand,
)

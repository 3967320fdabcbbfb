"""First contact: language, the privacy notice, consent, the member's role; then the
community search (through `FIND_COMMUNITY`) or a deep link's community."""

from __future__ import annotations

from dialogs.common.roles import STATE_ROLE, ask_role
from dialogs.common.routing import Feature
from dialogs.onboarding.first_contact import (
    choose_role,
    consent_again,
    handle_before_consent,
    role_state,
)

FEATURE = Feature(
    name="onboarding",
    options={"role": choose_role, "consent": consent_again},
    states={STATE_ROLE: role_state},
    reprompts={STATE_ROLE: ask_role},
    before_consent=handle_before_consent,
)

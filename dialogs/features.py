"""The one ordered list of features the dialog engine routes to (aiogram's routers, in our
terms). The order is what members see: the main menu's buttons, the ambassador tools and
the readers of `/start` payloads follow it (the community's own slug is read last).

To add a feature: build a `Feature` in its package's `__init__` and insert it here.
"""

from __future__ import annotations

from dialogs import (
    ambassadors,
    broadcasts,
    community,
    home,
    invites,
    language,
    meetups,
    network,
    onboarding,
    privacy,
    projects,
    stats,
    understanding,
    welcome,
)
from dialogs.common.routing import Feature, Routes

FEATURES: tuple[Feature, ...] = (
    onboarding.FEATURE,
    meetups.FEATURE,
    understanding.FEATURE,
    projects.FEATURE,
    network.FEATURE,
    broadcasts.FEATURE,
    invites.FEATURE,
    ambassadors.FEATURE,
    stats.FEATURE,
    welcome.FEATURE,
    community.FEATURE,
    language.FEATURE,
    privacy.FEATURE,
    home.FEATURE,
)

#: Everything the engine routes to; a name claimed twice fails at import.
ROUTES = Routes.of(FEATURES)

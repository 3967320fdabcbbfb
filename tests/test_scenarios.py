"""Multi-person scenarios (tests/scenarios/*.yaml) with a controllable clock and the outbox."""

from __future__ import annotations

import pytest

from bot.app import Core
from bot.core.common.clock import FrozenClock
from tests.scenario_runner import Scenario, ScenarioRun, load_scenarios

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.path.stem for s in SCENARIOS])
async def test_scenario(scenario: Scenario, core: Core, clock: FrozenClock) -> None:
    if scenario.start is not None:
        clock.advance(scenario.start - clock.now())
    await ScenarioRun(scenario, core, clock).run()


def test_scenarios_cover_arabic_and_farsi() -> None:
    hints = {str(u.get("locale_hint", ""))[:2] for s in SCENARIOS for u in s.users.values()}
    assert {"ar", "fa"} <= hints

"""Welcome Group conversations as data (tests/welcome/scenarios/*.yaml), in Arabic, Farsi and
German, through the shared scenario runner.

One addition to the shared runner's steps: `say: "/start {invite:jonas}"` sends the invite
payload that `jonas` was last shown. Invite tokens are random (a link must not be guessable),
so a scenario cannot spell them out; everything else is the shared runner's.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app import Core
from bot.core.common.clock import FrozenClock
from tests.scenario_runner import Scenario, ScenarioRun

SCENARIOS = Path(__file__).with_name("scenarios")
_INVITE = re.compile(r"\{invite:([a-z_]+)\}")
_PAYLOAD = re.compile(r"/start (wg-[A-Za-z0-9_-]+)")


def load() -> list[Scenario]:
    found = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        start = data.get("start")
        moment = datetime.fromisoformat(str(start)) if start else None
        found.append(Scenario(path, data["title"], moment, data["users"], data["steps"]))
    return found


class WelcomeScenarioRun(ScenarioRun):
    """The shared runner, plus `{invite:<person>}` in what someone says."""

    async def _act(self, step: dict[str, Any], where: str) -> None:
        said = step.get("say")
        if isinstance(said, str) and _INVITE.search(said):
            step = {**step, "say": _INVITE.sub(lambda m: self._invite_of(m.group(1)), said)}
        await super()._act(step, where)

    def _invite_of(self, name: str) -> str:
        for _, replies in reversed(self.people[name].transcript):
            for reply in reversed(replies):
                found = _PAYLOAD.search(reply.text)
                if found:
                    return found.group(1)
        raise AssertionError(f"{name} was never shown an invite link")


SCENARIO_LIST = load()


@pytest.mark.parametrize("scenario", SCENARIO_LIST, ids=[s.path.stem for s in SCENARIO_LIST])
async def test_welcome_scenario(scenario: Scenario, core: Core, clock: FrozenClock) -> None:
    if scenario.start is not None:
        clock.advance(scenario.start - clock.now())
    await WelcomeScenarioRun(scenario, core, clock).run()


def test_the_scenarios_speak_arabic_farsi_and_german() -> None:
    hints = {str(u.get("locale_hint", ""))[:2] for s in SCENARIO_LIST for u in s.users.values()}
    assert {"ar", "fa", "de"} <= hints

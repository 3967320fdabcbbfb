"""Runs multi-person scenarios written as data (tests/scenarios/*.yaml).

Where `tests/conversations/` holds one person talking to the bot (run on every channel),
scenarios have several people, a controllable clock and the outbox: an ambassador creates
a meetup, members answer, time passes, reminders go out.

    title: ...
    start: 2026-11-23T10:00:00+01:00     # the clock at the beginning (optional)
    users:
      amira: {locale_hint: ar, name: أميرة, script: arabic, ambassador_of: vienna}
      reza:  {locale_hint: fa, name: رضا, script: arabic, joins: vienna}
    projects:                                             # optional: approved projects
      - {community: vienna, title: Sprachcafé, topic: language-practice, members: [reza]}
    groups:                                               # optional: linked Telegram groups
      - {community: vienna, chat: "-1001", invite_link: "https://t.me/+AbC"}
    steps:
      - {as: amira, say: /newmeetup, expect: {...}}      # say / press / press_last / location
      - advance: P1DT2H                                   # move the clock (ISO 8601 duration)
      - sweep: {reza: {says: [...]}, amira: nothing}      # reminders + outbox, then check
                                                          # what each person received
      - materialize: 2                                    # the series job (as after a restart)
                                                          # creates this many occurrences
      - progress: {amira: {says: [...]}}                  # the broadcast progress job, checked
                                                          # like a sweep

A user's `channel` (telegram, whatsapp, webchat) is where they write from (Telegram unless
said). People listed with `joins` or `ambassador_of` have accepted the privacy notice and joined
before the first step; `projects` exist (approved, with those members) before it too.
`expect` uses the checks of `tests/conversation_runner.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.app import Core
from bot.channels.memory import MemoryMember, MemorySender
from bot.core.ambassadors.appoint import AddAmbassador
from bot.core.ambassadors.broadcast_progress import ProgressWatch
from bot.core.common.clock import FrozenClock
from bot.core.common.domain import Channel, ChannelAddress
from bot.core.projects.lifecycle import AddProject, ProjectDraft
from bot.core.projects.membership import JoinProject
from dialogs.notices import NoticeRenderer
from scheduler.jobs import materialize_series, show_broadcast_progress, sweep_outbox
from tests.conversation_runner import check, check_option_count, letters_outside

SCENARIOS = Path(__file__).with_name("scenarios")
_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


@dataclass
class Scenario:
    path: Path
    title: str
    start: datetime | None
    users: dict[str, dict[str, Any]]
    steps: list[dict[str, Any]]
    projects: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)


def load_scenarios() -> list[Scenario]:
    scenarios = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        start = data.get("start")
        scenarios.append(
            Scenario(
                path,
                data["title"],
                datetime.fromisoformat(str(start)) if start else None,
                data["users"],
                data["steps"],
                data.get("projects") or [],
                data.get("groups") or [],
            )
        )
    return scenarios


def _duration(text: str) -> timedelta:
    match = _DURATION.match(text)
    assert match, f"advance takes PnDTnHnM, got {text!r}"
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


class ScenarioRun:
    def __init__(self, scenario: Scenario, core: Core, clock: FrozenClock) -> None:
        self.scenario = scenario
        self.core = core
        self.clock = clock
        self.sender = MemorySender(Channel.TELEGRAM)
        core.senders.add(self.sender)
        self.people: dict[str, MemoryMember] = {}
        self.watch = ProgressWatch(timedelta(seconds=5))

    async def setup(self) -> None:
        for number, (name, spec) in enumerate(self.scenario.users.items(), start=1):
            person = MemoryMember(
                self.core.service,
                str(700_000 + number),
                locale_hint=spec.get("locale_hint"),
                profile_name=spec.get("name"),
                channel=Channel(spec.get("channel", "telegram")),
            )
            self.people[name] = person
            locale = spec.get("locale", str(spec.get("locale_hint", "en"))[:2])
            if "ambassador_of" in spec:
                async with self.core.uow_factory() as uow:
                    await AddAmbassador(uow, self.core.clock)(
                        spec["ambassador_of"], person.address
                    )
                    await uow.commit()
                await person.say("/start")
                await person.press(f"consent:accept:{locale}")
            elif "joins" in spec:
                await person.say(f"/start {spec['joins']}")
                accept = next(o for o in person.last_options if o.startswith("consent:accept"))
                await person.press(accept)
            person.transcript.clear()
        for spec in self.scenario.projects:
            await self._project(spec)
        for spec in self.scenario.groups:
            await self._group(spec)

    async def _group(self, spec: dict[str, Any]) -> None:
        async with self.core.uow_factory() as uow:
            community = await uow.communities.by_slug(spec["community"])
            assert community is not None, spec
            chat = ChannelAddress(Channel.TELEGRAM, str(spec["chat"]))
            group = await uow.groups.link(community.id, chat, None, self.clock.now())
            if spec.get("invite_link"):
                await uow.groups.set_invite_link(group.id, str(spec["invite_link"]))
            await uow.commit()

    async def _project(self, spec: dict[str, Any]) -> None:
        async with self.core.uow_factory() as uow:
            community = await uow.communities.by_slug(spec["community"])
            assert community is not None, spec
            draft = ProjectDraft(str(spec["title"]), str(spec.get("topic", "culture-food")))
            project = await AddProject(uow, self.core.clock)(community.id, draft)
            for name in spec.get("members", []):
                found = await uow.members.by_address(self.people[name].address)
                assert found is not None, name
                await JoinProject(uow, self.core.clock)(found.id, project.id)
            await uow.commit()

    async def run(self) -> None:
        await self.setup()
        for number, step in enumerate(self.scenario.steps, start=1):
            where = f"{self.scenario.path.name} step {number}"
            if "advance" in step:
                self.clock.advance(_duration(str(step["advance"])))
            elif "sweep" in step:
                await self._sweep(step["sweep"] or {}, where)
            elif "progress" in step:
                await show_broadcast_progress(
                    self.core.uow_factory, self.clock, self.core.senders, self.watch,
                    NoticeRenderer(self.core.catalogs),
                )  # fmt: skip
                await self._received(step["progress"] or {}, where)
            elif "materialize" in step:
                created = await materialize_series(self.core.uow_factory, self.clock)
                assert created == int(step["materialize"]), f"{where}: created {created}"
            else:
                await self._act(step, where)

    async def _act(self, step: dict[str, Any], where: str) -> None:
        name = step["as"]
        person = self.people[name]
        if "say" in step:
            replies = await person.say(str(step["say"]))
        elif "press" in step:
            replies = await person.press(str(step["press"]))
        elif "press_last" in step:
            prefix = str(step["press_last"])
            choices = [o for o in person.last_options if o.startswith(prefix)]
            assert choices, f"{where}: {name} was offered no {prefix!r}: {person.last_options}"
            replies = await person.press(choices[0])
        elif "location" in step:
            latitude, longitude = step["location"]
            replies = await person.share_location(float(latitude), float(longitude))
        else:
            raise AssertionError(f"{where}: unknown step {step!r}")
        assert replies, f"{where}: the bot stayed silent"
        check_option_count(replies, where)
        self._check_script(name, replies, where)
        check(step.get("expect") or {}, replies, replies[-1].locale, self.core.catalogs,
              f"{where} ({name})")  # fmt: skip

    async def _sweep(self, expectations: dict[str, Any], where: str) -> None:
        await sweep_outbox(
            self.core.uow_factory, self.clock, self.core.senders,
            NoticeRenderer(self.core.catalogs), self.core.settings.reminders.durations(),
        )  # fmt: skip
        await self._received(expectations, where)

    async def _received(self, expectations: dict[str, Any], where: str) -> None:
        for name, person in self.people.items():
            received = self.sender.take(person.external_id)
            expect = expectations.get(name, "nothing")
            if expect == "nothing":
                assert not received, f"{where}: {name} got {[r.text for r in received]}"
                continue
            assert received, f"{where}: {name} received nothing"
            check_option_count(received, where)
            self._check_script(name, received, where)
            person.transcript.append(("receives", received))
            check(expect, received, received[-1].locale, self.core.catalogs, f"{where} ({name})")

    def _check_script(self, name: str, replies: list[Any], where: str) -> None:
        script = self.scenario.users[name].get("script")
        if not script:
            return
        for reply in replies:
            stray = letters_outside(script, reply.text)
            assert not stray, f"{where}: {name} saw letters outside {script}: {stray!r}"

"""Property-based conversations (issue 16, point 8): several members in several languages
send random texts, valid, stale, forged and huge button ids, locations and stickers in random
order. Whatever they do, the bot never fails inside (no "something went wrong"), always
answers, answers in the member's language (no Latin letters in Arabic, Persian or Ukrainian
outside isolated names, commands and links), and never leaves a conversation in a state the
engine cannot route.

One core for the whole run (members get fresh ids), on SQLite, driven on an event loop of
its own because Hypothesis' state machines are synchronous. The examples and steps are
bounded by the Hypothesis profile (tests/conftest.py): quick by default, more with
HYPOTHESIS_PROFILE=thorough.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from pydantic import SecretStr

from bot.app import Core, build_core, start_understanding
from bot.channels.memory import MemoryMember
from bot.config import NluConfig, Settings, StorageSettings
from bot.core.common.clock import FrozenClock
from bot.core.common.messages import Reply
from dialogs.features import ROUTES
from tests.conftest import START
from tests.conversation_runner import letters_outside

LOCALES = ("ar", "fa", "uk", "de", "en", "nl")
SCRIPT = {"ar": "arabic", "fa": "arabic", "uk": "cyrillic"}
SORRY = "Sorry, something went wrong on my side. Please try again."
_ids = itertools.count(700_000)

TEXTS = st.one_of(
    st.sampled_from(
        [
            "/start",
            "/menu",
            "/help",
            "/mydata",
            "/stop",
            "/cancel",
            "/language",
            "/forget",
            "\u200e/start",
            "\u200f\u200e/menu",
            "/start vienna",
            "/start " + "x" * 80,
            "/newmeetup",
            "/broadcast",
            "/projects",
            "/welcome",
            "/communities",
            "/interests",
            "فيينا",
            "وین",
            "Wien",
            "Ween",
            "Відень",
            "Graz",
            "Berlin",
            "Amsterdam",
            "متى اللقاء الجاي؟",
            "ich komme",
            "ما رح إجي",
            "STOP",
            "I need to talk to someone",
            "Saturday 15:00",
            "السبت ١٥:٠٠",
            "12.12. 15 Uhr",
            "25:00",
            "30",
            "٣٠",
            "²",
            "9" * 5_000,
            "-" + "1" * 30,
            "Wien\ud800",
            "\x00",
            "   ",
            "😀",
            "a" * 4_000,
            "<b>x</b>",
            "\u202eevil",
            "1",
            "2",
            "yes",
            "نعم",
            "так",
            "ja",
        ]
    ),
    st.text(max_size=40),
)
FORGED_SEGMENTS = st.one_of(
    st.integers(min_value=-5, max_value=50).map(str),
    st.integers(min_value=2**31 - 2, max_value=10**25).map(str),
    st.sampled_from(["", "x", "yes", "no", "ar", "fa", "0", "00000000", "20261399", "2460"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", max_size=12),
)


def forged_ids() -> st.SearchStrategy[str]:
    prefixes = st.sampled_from([*sorted(ROUTES.options), "lang", "consent", "role", "zzz"])
    segments = st.lists(FORGED_SEGMENTS, min_size=0, max_size=4)
    return st.builds(lambda p, s: ":".join([p, *s]), prefixes, segments)


class Conversations(RuleBasedStateMachine):
    core: Core
    loop: asyncio.AbstractEventLoop

    members = Bundle("members")

    def __init__(self) -> None:
        super().__init__()
        self.seen_options: list[str] = ["join:1", "rsvp:yes:1", "consent:accept:en"]
        self.locale_of: dict[str, str] = {}

    def run(self, coroutine):  # type: ignore[no-untyped-def]
        return self.loop.run_until_complete(coroutine)

    @rule(
        target=members,
        locale=st.sampled_from(LOCALES),
        stage=st.sampled_from(["new", "searching", "searching", "joined"]),
        name=st.sampled_from(["Sam", "Zainab", "Mi\ud800ra", "\u202e<b>x</b>", "", "a" * 300]),
    )
    def arrive(self, locale: str, stage: str, name: str) -> MemoryMember:
        """Someone new, someone at the city question, or a member of Vienna."""
        member = MemoryMember(
            self.core.service, str(next(_ids)), locale_hint=locale, profile_name=name
        )
        self.locale_of[member.external_id] = locale
        self.check(member, self.run(member.say("/start")))
        if stage != "new":
            self.check(member, self.run(member.press(f"consent:accept:{locale}")))
            self.check(member, self.run(member.press("role:newcomer")))
        if stage == "joined":
            self.check(member, self.run(member.press("join:1")))
        return member

    @rule(member=members, text=TEXTS)
    def say(self, member: MemoryMember, text: str) -> None:
        self.check(member, self.run(member.say(text)))

    @rule(member=members, data=st.data())
    def press_offered(self, member: MemoryMember, data: st.DataObject) -> None:
        offered = member.last_options
        if offered:
            choice = data.draw(st.sampled_from(offered))
            self.check(member, self.run(member.press(choice)))

    @rule(member=members, data=st.data())
    def press_stale_or_someone_elses(self, member: MemoryMember, data: st.DataObject) -> None:
        choice = data.draw(st.sampled_from(self.seen_options))
        self.check(member, self.run(member.press(choice)))

    @rule(member=members, option=forged_ids())
    def press_forged(self, member: MemoryMember, option: str) -> None:
        self.check(member, self.run(member.press(option)))

    @rule(
        member=members,
        latitude=st.floats(min_value=-90, max_value=90),
        longitude=st.floats(min_value=-180, max_value=180),
    )
    def share_location(self, member: MemoryMember, latitude: float, longitude: float) -> None:
        self.check(member, self.run(member.share_location(latitude, longitude)))

    @rule(member=members)
    def send_a_sticker(self, member: MemoryMember) -> None:
        self.check(member, self.run(member.send_unsupported()))

    def check(self, member: MemoryMember, replies: list[Reply]) -> None:
        assert replies, "silence"
        texts = [reply.text for reply in replies]
        assert all(SORRY not in text for text in texts), "the dialog failed inside"
        for reply in replies:
            self.seen_options += [option.id for option in reply.options]
            reply.text.encode("utf-8")
        self.seen_options = self.seen_options[-200:]
        stored_locale, state = self.run(self.stored(member))
        expected = stored_locale or self.locale_of[member.external_id]
        if stored_locale is not None:
            self.locale_of[member.external_id] = stored_locale
            # The member's language, whatever they pressed (a language switch included).
            assert {reply.locale for reply in replies} == {stored_locale}, texts
        assert state == "" or state in ROUTES.states, f"unroutable state {state!r}"
        script = SCRIPT.get(expected)
        if script is not None and {reply.locale for reply in replies} == {expected}:
            for reply in replies:
                # Languages are offered by their own names ("English", "Deutsch") on purpose.
                labels = [o.label for o in reply.options if not o.id.startswith("lang:")]
                for label in [reply.text, *labels]:
                    assert not letters_outside(script, label), (expected, label)

    async def stored(self, member: MemoryMember) -> tuple[str | None, str]:
        async with self.core.uow_factory() as uow:
            found = await uow.members.by_address(member.address)
            if found is None:
                return None, ""
            conversation = await uow.conversations.get(found.id)
        return found.locale, conversation.state if conversation else ""

    @invariant()
    def options_stay_bounded(self) -> None:
        assert len(self.seen_options) <= 200 + 50


def test_random_conversations_never_fail_and_stay_in_language(
    sqlite_template: Path, nlu_cache: Path, tmp_path: Path
) -> None:
    database = tmp_path / "josoor.sqlite3"
    shutil.copy(sqlite_template, database)
    settings = Settings(
        storage=StorageSettings(
            data_dir=tmp_path, database_url=SecretStr(f"sqlite+aiosqlite:///{database}")
        ),
        nlu=NluConfig(cache_dir=nlu_cache),
    )
    loop = asyncio.new_event_loop()
    try:
        # A frozen clock: the same example gives the same answers when Hypothesis replays it.
        clock = FrozenClock(START)
        core = loop.run_until_complete(build_core(settings, clock=clock, migrate=False))
        loop.run_until_complete(start_understanding(core))
        assert loop.run_until_complete(core.understanding.ready())
        Conversations.core, Conversations.loop = core, loop
        try:
            run_state_machine_as_test(Conversations)
        finally:
            loop.run_until_complete(core.close())
    finally:
        loop.close()

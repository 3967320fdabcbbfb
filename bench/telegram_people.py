"""The other side of ``bench.telegram_latency``: the Bot API emulator and the people, in a
process of their own, so that the bot's process CPU time is the bot's alone.

The bot's process starts :func:`serve` in a child process (``multiprocessing``, spawn) and
talks to it over a pipe, one dict per message:

    child  → bot    {"api_root": …}                  the emulator listens
    bot    → child  {"join_ids": {slug: id}}          the channel polls; the reference run goes
    child  → bot    {"ready": {…}}                     reference done, burst about to start
    bot    → child  {"go": True}                       the bot noted its CPU time
    child  → bot    {"burst_done": wall_s}             every member finished (or timed out)
    child  → bot    {"result": {…}}                    a second later: the figures and problems
    bot    → child  {"stop": True}                     the channel stopped

Each member is a task that walks ``/start → consent → role → types a city → join`` and waits
for the bot's complete answer (new messages or edits of the message the button was on) before
the next step, like a person.
"""

from __future__ import annotations

import asyncio
import bisect
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from bench import PERSONAS, ROLES, Persona
from tests.emulators.telegram_bot_api import FileInfo, SentMessage, TelegramBotApiEmulator

TOKEN = "123456:BENCH-token-for-the-emulator-only"
STEPS = ("start", "consent", "role", "city", "join")
#: A reference member's step is complete when the chat stays quiet this long: longer than
#: the second the bot keeps between two messages to one chat (with the limits on, longer
#: than a 429's retry_after too).
QUIET_S = 1.6
QUIET_LIMITS_S = 2.5
#: The methods that deliver something to the chat (an edit replaces a screen in place).
OUTPUT_METHODS = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")

JSONDict = dict[str, Any]


class IndexedEmulator(TelegramBotApiEmulator):
    """The emulator, plus an index of the bot's messages by chat and a wake-up per chat.

    ``wait_for_messages`` rescans every message ever sent on each wake-up; with hundreds of
    members waiting at once that scanning would eat the event loop.
    """

    def __init__(self, token: str) -> None:
        super().__init__(token=token)
        self.by_chat: dict[int, list[SentMessage]] = {}
        self._chat_events: dict[int, asyncio.Event] = {}

    def _record_sent(
        self,
        method: str,
        message: JSONDict,
        text: str | None,
        plain_text: str | None,
        caption: str | None,
        parse_mode: str | None,
        markup: JSONDict | None,
        document: FileInfo | None,
        photo: FileInfo | None,
    ) -> None:
        super()._record_sent(
            method, message, text, plain_text, caption, parse_mode, markup, document, photo
        )
        record = self._sent[-1]  # what the emulator just recorded, with its timestamp
        self.by_chat.setdefault(record["chat_id"], []).append(record)
        event = self._chat_events.get(record["chat_id"])
        if event is not None:
            event.set()

    def chat(self, chat_id: int) -> list[SentMessage]:
        return self.by_chat.get(chat_id, [])

    async def wait_for_count(self, chat_id: int, count: int, within: float) -> None:
        event = self._chat_events.setdefault(chat_id, asyncio.Event())
        try:
            async with asyncio.timeout(within):
                while len(self.chat(chat_id)) < count:
                    event.clear()
                    await event.wait()
        except TimeoutError:
            got = len(self.chat(chat_id))
            raise TimeoutError(
                f"chat {chat_id}: {got} of {count} messages after {within:.0f} s"
            ) from None

    async def wait_until_quiet(self, chat_id: int, at_least: int, quiet: float) -> None:
        await self.wait_for_count(chat_id, at_least, within=60)
        while True:
            seen = len(self.chat(chat_id))
            await asyncio.sleep(quiet)
            if len(self.chat(chat_id)) == seen:
                return


def buttons(message: SentMessage) -> list[str]:
    markup = message["reply_markup"] or {}
    return [b.get("callback_data", "") for row in markup.get("inline_keyboard", []) for b in row]


def find_button(messages: list[SentMessage], wanted: str) -> int:
    """The message_id of the newest message with a button `wanted` (a prefix if it ends ':')."""
    for message in reversed(messages):
        for data in buttons(message):
            if data == wanted or (wanted.endswith(":") and data.startswith(wanted)):
                return message["message_id"]
    shown = [buttons(m) for m in messages]
    raise LookupError(f"no button {wanted!r} in the bot's answer; buttons: {shown!r}")


@dataclass
class Member:
    user_id: int
    persona: Persona
    role: str
    #: (step kind, update_id) in the order they were sent.
    updates: list[tuple[str, int]] = field(default_factory=list)
    error: str | None = None


Expected = dict[tuple[str, str, str], int]


def make_members(first_id: int, count: int) -> list[Member]:
    return [
        Member(first_id + i, PERSONAS[i % len(PERSONAS)], ROLES[(i // len(PERSONAS)) % 2])
        for i in range(count)
    ]


async def walk(
    api: IndexedEmulator,
    member: Member,
    join_data: str,
    expected: Expected | None,
    step_timeout: float,
    quiet: float = QUIET_S,
) -> None:
    """Take one member through onboarding; `expected` None: learn the message counts."""
    uid, locale = member.user_id, member.persona.locale
    api.add_user(uid, first_name=member.persona.first_name, language_code=locale)

    async def step(kind: str, send: Callable[[], JSONDict]) -> list[SentMessage]:
        before = len(api.chat(uid))
        update = send()
        member.updates.append((kind, int(update["update_id"])))
        if expected is None:
            await api.wait_until_quiet(uid, before + 1, quiet)
        else:
            count = expected[(locale, member.role, kind)]
            await api.wait_for_count(uid, before + count, step_timeout)
        return api.chat(uid)

    try:
        answer = await step("start", lambda: api.send_text(uid, "/start"))
        consent = f"consent:accept:{locale}"
        notice = find_button(answer, consent)
        answer = await step("consent", lambda: api.press_button(uid, notice, consent))
        role = f"role:{member.role}"
        question = find_button(answer, role)
        answer = await step("role", lambda: api.press_button(uid, question, role))
        find_button(answer, "community:all")
        answer = await step("city", lambda: api.send_text(uid, member.persona.city))
        found = find_button(answer, join_data)
        answer = await step("join", lambda: api.press_button(uid, found, join_data))
        find_button(answer, "menu:")
    except (LookupError, TimeoutError) as error:
        member.error = str(error)


@dataclass
class UpdateRecord:
    member: Member
    kind: str
    update_id: int
    pushed: float
    #: Seconds to the first message (or edit) after it; None if none came.
    latency: float | None
    #: Messages and edits the bot made in the chat between this update and the next one.
    replies: int
    #: Of those, edits of an earlier message.
    edits: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.member.persona.locale, self.member.role, self.kind)


def records(api: IndexedEmulator, members: list[Member]) -> list[UpdateRecord]:
    result: list[UpdateRecord] = []
    for member in members:
        chat = api.chat(member.user_id)
        times = [m["time"] for m in chat]
        pushes = [api.update_times[update_id] for _, update_id in member.updates]
        for index, (kind, update_id) in enumerate(member.updates):
            pushed = pushes[index]
            first = bisect.bisect_left(times, pushed)
            end = (
                bisect.bisect_left(times, pushes[index + 1])
                if index + 1 < len(pushes)
                else len(times)
            )
            latency = times[first] - pushed if first < len(times) else None
            edits = sum(1 for m in chat[first:end] if m["method"] == "editMessageText")
            result.append(
                UpdateRecord(member, kind, update_id, pushed, latency, end - first, edits)
            )
    return result


async def _run(conn: Connection, options: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()

    async def receive() -> dict[str, Any]:
        message: dict[str, Any] = await loop.run_in_executor(None, conn.recv)
        return message

    async with IndexedEmulator(TOKEN) as api:
        if options["limits"]:
            api.enforce_rate_limits(30, 1)
        conn.send({"api_root": api.api_root})
        ids: dict[str, int] = (await receive())["join_ids"]

        def join_data(member: Member) -> str:
            return f"join:{ids[member.persona.slug]}"

        # Reference run: each (language, role) alone, to learn how many messages every step
        # answers with. It also warms up connections and caches.
        references = make_members(900_000, len(PERSONAS) * len(ROLES))
        quiet = QUIET_LIMITS_S if options["limits"] else QUIET_S
        await asyncio.gather(
            *(walk(api, m, join_data(m), None, options["step_timeout"], quiet) for m in references)
        )
        broken = [f"{m.user_id}: {m.error}" for m in references if m.error]
        expected: Expected = {r.key: r.replies for r in records(api, references)}
        conn.send({"ready": {"broken": broken}})
        if broken:
            await receive()
            return
        await receive()  # go

        members = make_members(100_000, options["members"])
        calls_before = len(api.calls())
        violations_before = api.rate_limit_violations
        started = time.monotonic()  # the emulator's clock
        await asyncio.gather(
            *(walk(api, m, join_data(m), expected, options["step_timeout"]) for m in members)
        )
        conn.send({"burst_done": time.monotonic() - started})
        await asyncio.sleep(1.0)  # late duplicates would arrive now
        result = _result(api, members, expected, calls_before, violations_before, started)
        conn.send({"result": result})
        await receive()  # stop


def _result(
    api: IndexedEmulator,
    members: list[Member],
    expected: Expected,
    calls_before: int,
    violations_before: int,
    started: float,
) -> dict[str, Any]:
    updates = records(api, members)
    problems = [f"member {m.user_id}: {m.error}" for m in members if m.error]
    missing = [u for u in updates if u.replies == 0]
    wrong = [u for u in updates if u.replies not in (0, expected[u.key])]
    problems += [f"update {u.update_id} ({u.kind}): no reply" for u in missing]
    problems += [
        f"update {u.update_id} ({u.kind}): {u.replies} messages, expected {expected[u.key]}"
        for u in wrong
    ]
    presses = sum(1 for u in updates if u.kind in ("consent", "role", "join"))
    calls = api.calls()[calls_before:]
    answered = sum(1 for c in calls if c["method"] == "answerCallbackQuery" and c["status"] == 200)
    if answered != presses:
        problems.append(f"{answered} of {presses} button presses answered")
    # Stopping the updater ends the pending long poll with 409 (expected); 429 is what the
    # emulator's rate limits answer, counted separately.
    refused = Counter(
        f"{c['method']} {c['status']}"
        for c in calls
        if c["status"] not in (200, 429)
        and not (c["method"] == "getUpdates" and c["status"] == 409)
    )
    problems += [f"emulator refused {n}× {what}" for what, n in refused.items()]
    for update in random.Random(1).sample(updates, min(50, len(updates))):
        theirs = api.reply_latency(update.update_id)
        if theirs != update.latency:
            problems.append(f"update {update.update_id}: latency {update.latency} ≠ {theirs}")
    made = Counter(c["method"] for c in calls if c["status"] == 200)
    # When each member had their last answer (the join's), from the start of the burst.
    finished = [api.chat(m.user_id)[-1]["time"] - started for m in members if not m.error]
    return {
        "updates": [
            {"kind": u.kind, "latency": u.latency, "pushed": u.pushed, "edits": u.edits}
            for u in updates
        ],
        "expected": {"|".join(k): n for k, n in expected.items()},
        "problems": problems,
        "calls": {method: made[method] for method in (*OUTPUT_METHODS, "answerCallbackQuery")},
        "http_429": api.rate_limit_violations - violations_before,
        "join_done_s": sorted(finished),
    }


def serve(conn: Connection, options: dict[str, Any]) -> None:
    """The child process's entry point."""
    asyncio.run(_run(conn, options))

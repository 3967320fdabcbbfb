"""Runs conversations written as data (tests/conversations/*.yaml) through a channel.

A file has a `user` (locale_hint, name), an optional `script` every bot text must be
written in (arabic, cyrillic, latin), and `steps`. Each step is one of
`say: TEXT` (with `repeat: N`), `press: OPTION_ID`, `press_last: ID_PREFIX` (the first offered
option with that prefix), `location: [lat, lon]`, `sticker: true`, with `expect:`
  says: [msgid, ...]          each msgid's translation (its literal parts) appears in a reply
  contains: [text, ...]       literal text appears in a reply
  lacks: [text, ...]          literal text appears in no reply
  options: [id, ...]          the last reply with options offers exactly these ids
                              (an id ending in ':' matches by prefix, for ids with a nonce)
  options_first: [id, ...]    the first reply with options offers exactly these ids
  options_include: [id, ...]  ... offers at least these (a trailing ':' matches a prefix)
  no_options: true            no reply offers options
  attachment: MIME            some reply carries a file of this type
  replies: N                  exactly N replies (messages: a regression in the message
                              economy shows here)
  replaces: true|false        whether the first reply replaces the screen the pressed
                              option came from (an edit on Telegram)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.channels.memory import MemoryMember
from bot.core.common.messages import Reply
from bot.i18n.catalogs import Catalogs
from dialogs.common.pages import MAX_OPTIONS

CONVERSATIONS = Path(__file__).with_name("conversations")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
#: What may appear in any script: commands (/start), user strings in isolates, and the
#: product names that Cyrillic and Latin texts keep in Latin (Arabic script texts never
#: do), and links.
_EXEMPT = re.compile(
    r"https?://\S+|/[a-z]+|\u2068[^\u2069]*\u2069|\b(?:WhatsApp|Telegram|Josoor|ID)\b"
)
SCRIPTS = {"arabic": "ARABIC", "cyrillic": "CYRILLIC", "latin": "LATIN"}


@dataclass
class Conversation:
    path: Path
    title: str
    user: dict[str, Any]
    script: str | None
    steps: list[dict[str, Any]]


def load_all() -> list[Conversation]:
    conversations = []
    for path in sorted(CONVERSATIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        conversations.append(
            Conversation(
                path, data["title"], data.get("user", {}), data.get("script"), data["steps"]
            )
        )
    return conversations


def letters_outside(script: str, text: str) -> list[str]:
    """Letters of `text` (outside exempt spans) that are not in `script`."""
    wanted = SCRIPTS[script]
    return [
        char
        for char in _EXEMPT.sub("", text)
        if char.isalpha() and wanted not in unicodedata.name(char, "")
    ]


class Participant(Protocol):
    """A person on some channel: `MemoryMember`, or `tests.whatsapp.harness.WhatsAppMember`."""

    async def say(self, text: str) -> list[Reply]: ...
    async def press(self, option_id: str) -> list[Reply]: ...
    async def share_location(self, latitude: float, longitude: float) -> list[Reply]: ...
    async def send_unsupported(self) -> list[Reply]: ...
    @property
    def last_options(self) -> list[str]: ...


async def run_conversation(conversation: Conversation, member: Participant,
                           catalogs: Catalogs) -> None:  # fmt: skip
    for number, step in enumerate(conversation.steps, start=1):
        where = f"{conversation.path.name} step {number} ({_describe(step)})"
        replies = await _act(member, step)
        assert replies, f"{where}: the bot stayed silent"
        check_option_count(replies, where)
        if conversation.script:
            for reply in replies:
                stray = letters_outside(conversation.script, reply.text)
                assert not stray, (
                    f"{where}: letters outside {conversation.script}: {stray!r} in {reply.text!r}"
                )
        expect = dict(step.get("expect") or {})
        if not isinstance(member, MemoryMember):
            # Read back from what a platform received: WhatsApp cannot edit, so it never
            # replaces (the message counts still hold there).
            expect.pop("replaces", None)
        check(expect, replies, replies[-1].locale, catalogs, where)


def check_option_count(replies: list[Reply], where: str) -> None:
    """No message offers more than ten options: more would be numbered text on WhatsApp."""
    for reply in replies:
        assert len(reply.options) <= MAX_OPTIONS, f"{where}: {len(reply.options)} options"


def _describe(step: dict[str, Any]) -> str:
    for key in ("say", "press", "press_last", "location", "sticker"):
        if key in step:
            return f"{key} {str(step[key])[:40]!r}"
    raise AssertionError(f"unknown step {step!r}")


async def _act(member: Participant, step: dict[str, Any]) -> list[Reply]:
    if "say" in step:
        return await member.say(str(step["say"]) * int(step.get("repeat", 1)))
    if "press" in step:
        return await member.press(str(step["press"]))
    if "press_last" in step:
        prefix = str(step["press_last"])
        choices = [o for o in member.last_options if o.startswith(prefix)]
        assert choices, f"no offered option starts with {prefix!r}: {member.last_options}"
        return await member.press(choices[0])
    if "location" in step:
        latitude, longitude = step["location"]
        return await member.share_location(float(latitude), float(longitude))
    if "sticker" in step:
        return await member.send_unsupported()
    raise AssertionError(f"unknown step {step!r}")


def _matches(option_id: str, wanted: str) -> bool:
    """A wanted id ending in ':' matches by prefix (ids that carry a random nonce)."""
    return option_id.startswith(wanted) if wanted.endswith(":") else option_id == wanted


def check(expect: dict[str, Any], replies: list[Reply], locale: str, catalogs: Catalogs,
          where: str) -> None:  # fmt: skip
    texts = "\n".join(reply.text for reply in replies)
    shown = (
        f"\n--- bot said ---\n{texts}\n--- options: {[o.id for r in replies for o in r.options]}"
    )
    for msgid in expect.get("says", []):
        translated = catalogs.get(locale).text(msgid)
        for fragment in _PLACEHOLDER.split(translated):
            fragment = fragment.strip()
            assert fragment in texts, f"{where}: expected {msgid!r} ({fragment!r}){shown}"
    for literal in expect.get("contains", []):
        assert str(literal) in texts, f"{where}: expected {literal!r}{shown}"
    for literal in expect.get("lacks", []):
        assert str(literal) not in texts, f"{where}: did not expect {literal!r}{shown}"
    with_options = [reply for reply in replies if reply.options]
    offered = [o.id for o in with_options[-1].options] if with_options else []
    first = [o.id for o in with_options[0].options] if with_options else []
    for key, ids in (("options", offered), ("options_first", first)):
        if key in expect:
            wanted_ids = list(expect[key])
            same = len(ids) == len(wanted_ids) and all(
                _matches(o, w) for o, w in zip(ids, wanted_ids, strict=True)
            )
            assert same, f"{where}: {key} {ids}, expected {wanted_ids}{shown}"
    for wanted in expect.get("options_include", []):
        ok = (
            any(o.startswith(wanted) for o in offered)
            if wanted.endswith(":")
            else wanted in offered
        )
        assert ok, f"{where}: option {wanted!r} not offered {offered}{shown}"
    if expect.get("no_options"):
        assert not with_options, f"{where}: unexpected options{shown}"
    if "attachment" in expect:
        mimes = [r.attachment.mime_type for r in replies if r.attachment]
        assert expect["attachment"] in mimes, f"{where}: no {expect['attachment']} file{shown}"
    if "replies" in expect:
        assert len(replies) == expect["replies"], f"{where}: {len(replies)} replies{shown}"
    if "replaces" in expect:
        assert replies[0].replaces is bool(expect["replaces"]), f"{where}: replaces{shown}"

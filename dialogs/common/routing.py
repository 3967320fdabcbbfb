"""How a feature plugs into the dialog engine, and the one table the engine routes with.

A feature package builds one `Feature` in its `__init__`; `dialogs/features.py` lists them
in order and `Routes.of` merges them once at import. A name claimed twice (a command, an
option prefix, a state, an intent, a menu key, a notice kind…) fails at import, so two
features cannot silently take each other's messages. Features never import each other:
what one needs of another (the community search, the main menu's entries, the readers of
`/start` payloads) is declared here and reached through `turn.routes`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from bot.core.common.messages import Reply
from bot.core.common.outbox import NoticeKind
from bot.core.communities.domain import Community
from bot.core.notices import AfterDispatch, NoticeContext, Policy, SubjectLoader
from bot.i18n.catalogs import Translator
from dialogs.common.turn import Turn

Handler = Callable[[Turn], Awaitable[None]]
OptionHandler = Callable[[Turn, str], Awaitable[None]]
#: Says a question and sets its state (synchronous: nothing to load).
Prompt = Callable[[Turn], None]
#: Reads a `/start` payload: True (handled), False (refused, with a word to the person) or
#: None (not this feature's kind of payload).
PayloadReader = Callable[[Turn, str], Awaitable[bool | None]]
#: Renders one kind of outbox message in the reader's language.
NoticeRender = Callable[[Translator, NoticeContext], list[Reply]]

K = TypeVar("K")
V = TypeVar("V")

#: `prompts` key: ask which community the member is looking for (the community feature).
FIND_COMMUNITY = "find_community"


@dataclass(frozen=True, slots=True)
class CommandHelp:
    """How a command is described in /help and in the platforms' command menus (Telegram's
    setMyCommands), in the reader's language. Every command needs one (checked at import),
    so a new command cannot be missing from /help or the menus."""

    describe: Callable[[Translator], str]
    ambassadors_only: bool = False
    #: Where it stands in the lists: lower first (the menu), higher last (help); ties keep
    #: the features' order.
    rank: int = 0


@dataclass(frozen=True, slots=True)
class MenuItem:
    """A main-menu button `menu:<key>`. `label` returns the translated text."""

    key: str
    label: Callable[[Translator], str]
    action: Handler
    ambassadors_only: bool = False
    #: Hidden from ambassadors (whose menu would otherwise hold more than ten entries).
    members_only: bool = False


@dataclass(frozen=True, slots=True)
class Tool:
    """An entry of the ambassador tools menu (`amb:go:<key>`), run for one led community."""

    key: str
    label: Callable[[Translator], str]
    action: Callable[[Turn, Community], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Notice:
    """One kind of proactive message: how it reads, and what the dispatcher must know."""

    kind: NoticeKind
    render: NoticeRender
    #: Loads the subjects (`subject_id`) of a batch; a row whose subject is gone is dropped.
    load: SubjectLoader | None = None
    #: Whether the message is still wanted at delivery, beyond the member accepting messages.
    wanted: Policy | None = None
    #: Sent to many at once (broadcasts, project updates): channels pace it more gently.
    bulk: bool = False


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    commands: Mapping[str, Handler] = field(default_factory=dict)
    #: What each command does, for /help and the command menus: one entry per command.
    help: Mapping[str, CommandHelp] = field(default_factory=dict)
    #: Option ids by their first segment (`rsvp` for `rsvp:yes:12`).
    options: Mapping[str, OptionHandler] = field(default_factory=dict)
    states: Mapping[str, Handler] = field(default_factory=dict)
    #: States in which a shared location answers the state (not a community search).
    location_states: frozenset[str] = frozenset()
    #: How to ask a state's question again (after /language changed the words).
    reprompts: Mapping[str, Prompt] = field(default_factory=dict)
    menu: Sequence[MenuItem] = ()
    tools: Sequence[Tool] = ()
    #: Free-text intents (names from `nlu/intents.py`) this feature answers.
    intents: Mapping[str, Handler] = field(default_factory=dict)
    #: Questions this feature asks on the others' behalf, by name (`FIND_COMMUNITY`).
    prompts: Mapping[str, Prompt] = field(default_factory=dict)
    #: Readers of `/start` payloads, tried in feature order; the first answer counts.
    start_payloads: Sequence[PayloadReader] = ()
    notices: Sequence[Notice] = ()
    #: Steps run after the outbox is drained (see `bot/core/notices.py`).
    after_dispatch: Sequence[AfterDispatch] = ()
    #: The catch-alls, each claimed by one feature: every message before the privacy notice
    #: is accepted, a shared location no state expects, and text no state expects.
    before_consent: Handler | None = None
    location: Handler | None = None
    free_text: Handler | None = None


@dataclass(frozen=True, slots=True)
class Routes:
    """Every feature's entries merged: what the engine, the menu and the outbox look up."""

    commands: Mapping[str, Handler]
    #: Every command's description, in the order /help and the command menus list them.
    help: Mapping[str, CommandHelp]
    options: Mapping[str, OptionHandler]
    states: Mapping[str, Handler]
    location_states: frozenset[str]
    reprompts: Mapping[str, Prompt]
    menu: Mapping[str, MenuItem]
    tools: Mapping[str, Tool]
    intents: Mapping[str, Handler]
    prompts: Mapping[str, Prompt]
    start_payloads: Sequence[PayloadReader]
    notices: Mapping[NoticeKind, Notice]
    after_dispatch: Sequence[AfterDispatch]
    before_consent: Handler | None
    location: Handler | None
    free_text: Handler | None

    @classmethod
    def of(cls, features: Sequence[Feature]) -> Routes:
        """One table of everything, in feature order; a name claimed twice is a bug."""
        commands: dict[str, Handler] = {}
        described: dict[str, CommandHelp] = {}
        options: dict[str, OptionHandler] = {}
        states: dict[str, Handler] = {}
        reprompts: dict[str, Prompt] = {}
        menu: dict[str, MenuItem] = {}
        tools: dict[str, Tool] = {}
        intents: dict[str, Handler] = {}
        prompts: dict[str, Prompt] = {}
        notices: dict[NoticeKind, Notice] = {}
        catch_alls: dict[str, Handler] = {}
        for feature in features:
            _claim(feature.name, commands, feature.commands)
            if set(feature.help) != set(feature.commands):
                odd = sorted(set(feature.help) ^ set(feature.commands))
                raise RuntimeError(f"{feature.name}: commands and their help differ: {odd}")
            _claim(feature.name, described, feature.help)
            _claim(feature.name, options, feature.options)
            _claim(feature.name, states, feature.states)
            _claim(feature.name, reprompts, feature.reprompts)
            _claim(feature.name, menu, {item.key: item for item in feature.menu})
            _claim(feature.name, tools, {tool.key: tool for tool in feature.tools})
            _claim(feature.name, intents, feature.intents)
            _claim(feature.name, prompts, feature.prompts)
            _claim(feature.name, notices, {notice.kind: notice for notice in feature.notices})
            mine = {
                name: handler
                for name, handler in (
                    ("before_consent", feature.before_consent),
                    ("location", feature.location),
                    ("free_text", feature.free_text),
                )
                if handler is not None
            }
            _claim(feature.name, catch_alls, mine)
        ranked = sorted(described.items(), key=lambda item: item[1].rank)
        return cls(
            commands=commands,
            help=dict(ranked),
            options=options,
            states=states,
            location_states=frozenset().union(*(f.location_states for f in features)),
            reprompts=reprompts,
            menu=menu,
            tools=tools,
            intents=intents,
            prompts=prompts,
            start_payloads=tuple(reader for f in features for reader in f.start_payloads),
            notices=notices,
            after_dispatch=tuple(step for f in features for step in f.after_dispatch),
            before_consent=catch_alls.get("before_consent"),
            location=catch_alls.get("location"),
            free_text=catch_alls.get("free_text"),
        )


def _claim(feature: str, table: dict[K, V], entries: Mapping[K, V]) -> None:
    clash = set(table) & set(entries)
    if clash:
        raise RuntimeError(f"{feature} claims {sorted(map(str, clash))} a second time")
    table.update(entries)

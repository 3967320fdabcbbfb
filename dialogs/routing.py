"""How a feature plugs into the dialog engine: its commands, option prefixes, states and menu.

A feature module builds one `Feature`; `dialogs/features.py` lists them. The engine merges
them once at import and refuses duplicates, so two features cannot silently claim the same
command or option prefix.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.i18n.catalogs import Translator
from dialogs.turn import Turn

Handler = Callable[[Turn], Awaitable[None]]
OptionHandler = Callable[[Turn, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class MenuItem:
    """A main-menu button `menu:<key>`. `label` returns the translated text."""

    key: str
    label: Callable[[Translator], str]
    action: Handler
    ambassadors_only: bool = False


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    commands: Mapping[str, Handler] = field(default_factory=dict)
    options: Mapping[str, OptionHandler] = field(default_factory=dict)
    states: Mapping[str, Handler] = field(default_factory=dict)
    #: States in which a shared location answers the state (not a community search).
    location_states: frozenset[str] = frozenset()
    menu: Sequence[MenuItem] = ()


def merge(features: Sequence[Feature]) -> Feature:
    """One table of everything; a name claimed twice is a programming error."""
    commands: dict[str, Handler] = {}
    options: dict[str, OptionHandler] = {}
    states: dict[str, Handler] = {}
    location_states: set[str] = set()
    menu: list[MenuItem] = []
    for feature in features:
        clash = (
            (set(commands) & set(feature.commands))
            | (set(options) & set(feature.options))
            | (set(states) & set(feature.states))
        )
        if clash:
            raise RuntimeError(f"{feature.name} claims {sorted(clash)} a second time")
        commands.update(feature.commands)
        options.update(feature.options)
        states.update(feature.states)
        location_states |= feature.location_states
        menu.extend(feature.menu)
    return Feature("all", commands, options, states, frozenset(location_states), menu)

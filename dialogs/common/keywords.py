"""Whole messages that work like a command in any language: the opt-out words (STOP, stopp,
توقف, لغو, afmelden, відписатися…) and the words for the menu and for help.

People who get messages from organisations type STOP, or its word in their language, to be
left alone, on every channel and whatever question we just asked. The words live in the
catalogs: one message per command whose translation lists that language's words, separated
by commas, so a new language brings its own. Every language's words count for everyone (a
member who chose German may still type STOP or توقف). A message is a keyword only when it is
exactly one of the words, compared after `nlu.normalize.normalize`: case, accents, Arabic
diacritics, alef and yeh variants, punctuation and direction marks do not matter, and
"stop it please" or "bus stop" stay text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from weakref import WeakKeyDictionary

from bot.i18n.catalogs import Catalogs, Translator
from nlu.normalize import normalize

STOP, MENU, HELP = "/stop", "/menu", "/help"
_SEPARATORS = re.compile("[,،;؛\n]")


def word_lists(tr: Translator) -> dict[str, str]:
    """Each keyword command and the words that mean it in the translator's language."""
    return {
        STOP: tr.text("stop, stop all, unsubscribe, opt out"),
        MENU: tr.text("menu, main menu"),
        HELP: tr.text("help, info"),
    }


def words(tr: Translator) -> dict[str, frozenset[str]]:
    """The normalised words of each command in one language."""
    return {
        command: frozenset(key for word in _SEPARATORS.split(listed) if (key := normalize(word)))
        for command, listed in word_lists(tr).items()
    }


class _Table:
    """Every language's words → (command, the languages whose word it is)."""

    def __init__(self, catalogs: Catalogs) -> None:
        table: dict[str, tuple[str, set[str]]] = {}
        for locale, tr in catalogs.all().items():
            for command, keys in words(tr).items():
                for key in keys:
                    found, languages = table.setdefault(key, (command, set()))
                    if found != command:
                        raise ValueError(f"{key!r} means both {found} and {command}")
                    languages.add(locale)
        self.commands: Mapping[str, tuple[str, frozenset[str]]] = {
            key: (command, frozenset(languages)) for key, (command, languages) in table.items()
        }


_TABLES: WeakKeyDictionary[Catalogs, _Table] = WeakKeyDictionary()


def _table(catalogs: Catalogs) -> _Table:
    table = _TABLES.get(catalogs)
    if table is None:
        table = _TABLES[catalogs] = _Table(catalogs)
    return table


def keyword(catalogs: Catalogs, text: str) -> tuple[str, frozenset[str]] | None:
    """(`/stop`, `/menu` or `/help`, the languages the word belongs to), or None."""
    if len(text) > 64:
        return None
    return _table(catalogs).commands.get(normalize(text))


def keyword_command(catalogs: Catalogs, text: str) -> str:
    """The command a whole message stands for (`/stop`, `/menu`, `/help`), or ""."""
    found = keyword(catalogs, text)
    return found[0] if found else ""

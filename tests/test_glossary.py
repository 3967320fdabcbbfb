"""Every catalog uses one term per concept, the one `locales/glossary.yaml` names.

Where the English source text uses a concept (a community, a meetup, a Welcome Group match, …),
each translation must use that language's term and none of the alternatives the glossary
rules out, such as Persian "گروه" for the community (it is the word for Welcome Groups and
group chats) or Ukrainian "поєднання" for a match.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.i18n.locales import SUPPORTED_LOCALES
from tests.test_catalogs import load

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "locales" / "glossary.yaml"
#: Placeholders, commands and links are not words of any language.
NOT_WORDS = re.compile(r"\{[a-z_]+\}|https?://\S+|(?<![\w/])/[a-z]+")
#: Arabic short vowels, tanween, shadda and sukun; tatweel. Removed before matching.
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0640]")


@dataclass(frozen=True)
class Avoid:
    pattern: re.Pattern[str]
    unless_source: re.Pattern[str] | None


@dataclass(frozen=True)
class Term:
    use: tuple[re.Pattern[str], ...]
    avoid: tuple[Avoid, ...]
    exceptions: frozenset[str]


@dataclass(frozen=True)
class Concept:
    name: str
    source: re.Pattern[str]
    source_unless: re.Pattern[str] | None
    terms: dict[str, Term]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.strip(), re.IGNORECASE | re.DOTALL)


def _avoid(entry: str | dict[str, str]) -> Avoid:
    if isinstance(entry, str):
        return Avoid(_compile(entry), None)
    unless = entry.get("unless_source")
    return Avoid(_compile(entry["pattern"]), _compile(unless) if unless else None)


def _term(data: dict[str, Any]) -> Term:
    return Term(
        use=tuple(_compile(p) for p in data["use"]),
        avoid=tuple(_avoid(a) for a in data.get("avoid", [])),
        exceptions=frozenset(e["msgid"] for e in data.get("except", [])),
    )


@cache
def glossary() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return data


def _source(pattern: str | list[str]) -> re.Pattern[str]:
    return _compile(pattern if isinstance(pattern, str) else "|".join(pattern))


def concepts(data: dict[str, Any] | None = None) -> list[Concept]:
    data = glossary() if data is None else data
    return [
        Concept(
            name=name,
            source=_source(entry["source"]),
            source_unless=_compile(entry["source_unless"]) if "source_unless" in entry else None,
            terms={loc: _term(entry[loc]) for loc in SUPPORTED_LOCALES if loc in entry},
        )
        for name, entry in data["concepts"].items()
    ]


def _plain(text: str) -> str:
    return ARABIC_MARKS.sub("", NOT_WORDS.sub(" ", text))


def _uses(concept: Concept, source: str) -> bool:
    plain = _plain(source)
    if concept.source_unless is not None and concept.source_unless.search(plain):
        return False
    return concept.source.search(plain) is not None


def problems(locale: str, catalog: Any, concept_list: list[Concept]) -> list[str]:
    """Every place where a translation in `catalog` breaks the glossary, described."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        key = sources[0]
        source = " ".join(sources)
        for concept in concept_list:
            term = concept.terms.get(locale)
            if term is None or key in term.exceptions or not _uses(concept, source):
                continue
            for form in forms:
                plain = _plain(form)
                if not any(p.search(plain) for p in term.use):
                    found.append(f"{concept.name}: no term in {form!r} ({key!r})")
                for avoid in term.avoid:
                    excused = avoid.unless_source and avoid.unless_source.search(_plain(source))
                    if not excused and (hit := avoid.pattern.search(plain)):
                        found.append(f"{concept.name}: {hit.group()!r} in {form!r} ({key!r})")
    return found


def test_the_glossary_names_every_language_for_every_concept() -> None:
    for concept in concepts():
        assert set(concept.terms) == set(SUPPORTED_LOCALES), concept.name


def test_each_term_passes_its_own_check() -> None:
    for name, entry in glossary()["concepts"].items():
        for locale in SUPPORTED_LOCALES:
            term = _plain(entry[locale]["term"])
            check = _term(entry[locale])
            assert any(p.search(term) for p in check.use), (name, locale, term)
            assert not any(a.pattern.search(term) for a in check.avoid), (name, locale, term)


def test_exceptions_name_messages_that_exist() -> None:
    """An exception for a message that changed or went away must go too."""
    for name, entry in glossary()["concepts"].items():
        for locale in SUPPORTED_LOCALES:
            ids = {m.id if isinstance(m.id, str) else m.id[0] for m in load(locale) if m.id}
            for exception in entry[locale].get("except", []):
                assert exception["msgid"] in ids, (name, locale, exception["msgid"])
                assert exception.get("why"), (name, locale, exception["msgid"])


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_follows_the_glossary(locale: str) -> None:
    found = problems(locale, load(locale), concepts())
    assert not found, f"{locale}: {len(found)} glossary problems:\n" + "\n".join(found)


def test_every_match_in_the_source_is_a_match_or_matching() -> None:
    """New texts about matching must land in one of the two concepts, or the check misses them."""
    pairing, finding = (c for c in concepts() if c.name in ("match", "matching"))
    for message in load("en"):
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        for source in sources:
            if source and re.search(r"\bmatch", _plain(source), re.IGNORECASE):
                assert _uses(pairing, source) or _uses(finding, source), source


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_labels_that_stand_side_by_side_differ(locale: str) -> None:
    strings = {m.id: m.string for m in load(locale) if m.id and isinstance(m.id, str)}
    for labels in glossary()["distinct"]:
        shown = [strings[label].strip("◀▶ ").casefold() for label in labels]
        same = {s for s in shown if shown.count(s) > 1}
        assert not same, f"{locale}: {labels} share a label: {same}"


def _offered_together() -> list[tuple[str, list[str]]]:
    """The literal labels of the options each dialog function builds: `Option(id, tr.text(…))`.
    A function is the nearest thing to a screen that the source shows."""
    screens = []
    for path in sorted((ROOT / "dialogs").rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            labels = {
                call.args[0].value
                for option in ast.walk(function)
                if isinstance(option, ast.Call) and getattr(option.func, "id", None) == "Option"
                for call in ast.walk(option)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "text"
                and call.args
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
            }
            if len(labels) > 1:
                screens.append((f"{path.name}:{function.name}", sorted(labels)))
    return screens


def test_the_source_has_screens_with_several_options() -> None:
    assert len(_offered_together()) > 20


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_options_offered_together_have_different_labels(locale: str) -> None:
    strings = {m.id: m.string for m in load(locale) if m.id and isinstance(m.id, str)}
    for where, labels in _offered_together():
        shown = [strings[label].strip("◀▶ ").casefold() for label in labels]
        same = {s for s in shown if shown.count(s) > 1}
        assert not same, f"{locale}: {where} offers {labels} with the same label {same}"


# The check itself, on made-up catalogs: it must be able to fail.


class _Message:
    def __init__(self, msgid: str, msgstr: str) -> None:
        self.id, self.string = msgid, msgstr


_TOY = {
    "concepts": {
        "community": {
            "source": r"\bcommunit(y|ies)\b",
            "fa": {
                "use": ["جامعه"],
                "avoid": ["گروه\\S* محلی", {"pattern": "گروه", "unless_source": r"\bgroups?\b"}],
            },
        }
    }
}


def test_the_check_finds_a_missing_term_and_a_ruled_out_word() -> None:
    catalog = [
        _Message("Find a community", "پیدا کردن گروه محلی"),
        _Message("Projects in {community}:", "پروژه‌های گروه {community}:"),
        _Message("My communities", "جامعه‌های من"),
    ]
    found = problems("fa", catalog, concepts(_TOY))
    assert len(found) == 3, found  # "گروه محلی": no term, and ruled out twice (both patterns)
    assert all("Find a community" in f for f in found)


def test_a_word_ruled_out_is_allowed_where_the_source_names_the_other_concept() -> None:
    catalog = [
        _Message(
            "Thank you for asking to join the group chat of {community}.",
            "متشکرم که خواستید به گروه گفتگوی جامعه {community} بپیوندید.",
        )
    ]
    assert problems("fa", catalog, concepts(_TOY)) == []


def test_a_placeholder_is_not_the_concept() -> None:
    catalog = [_Message("Everyone in {community}", "همه اعضای {community}")]
    assert problems("fa", catalog, concepts(_TOY)) == []

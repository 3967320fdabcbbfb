"""Every label and text of every catalog fits WhatsApp's limits, uncut, in every language.

WhatsApp refuses a reply button title over 20 characters, a list row title or section title
over 24, a row description over 72, a list button text over 20 and an interactive body over
1,024; our renderer cuts what is too long with "…", which a reader sees as a broken word. So
each label is rendered through the real renderer, checked by the Graph API emulator's own
validation, and must come out whole:

- option labels written in the dialogs (`Option(id, tr.text("…"))`) and the did-you-mean
  labels of free text: reply buttons (≤20), since any of them can be one of three;
- the main menu, the ambassador tools, topics, languages and the Welcome Group forms' choices
  (with their ✓/✅ marks): list rows (≤24), since those lists always have four or more;
- every message: an interactive body (≤1,024) without being split.

Placeholders are filled with nine characters, the length of "Rotterdam".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from bot.channels.whatsapp.rendering import LIST_BUTTON, MAX_BODY, render
from bot.core.common.messages import Option, Reply
from bot.core.projects.domain import PROJECT_LANGUAGES
from bot.core.projects.topics import TOPICS, topic_button
from bot.i18n.catalogs import Catalogs, Translator
from bot.i18n.locales import SUPPORTED_LOCALES
from dialogs.common.languages import NATIVE_NAMES
from dialogs.features import ROUTES
from dialogs.understanding.free_text import label as intent_label
from dialogs.welcome.questions import MULTI, multi_label
from nlu.intents import INTENTS
from tests.emulators.whatsapp_validation import validate_message
from tests.test_catalogs import load

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
SAMPLE = "x" * 9


@cache
def option_msgids() -> tuple[str, ...]:
    """The literal labels of `Option(…)` calls in the dialogs."""
    found: set[str] = set()
    for path in sorted((ROOT / "dialogs").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Option"):
                continue
            for label in node.args[1:2]:
                for call in ast.walk(label):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "text"
                        and call.args
                        and isinstance(call.args[0], ast.Constant)
                        and isinstance(call.args[0].value, str)
                    ):
                        found.add(call.args[0].value)
    return tuple(sorted(found))


def _filled(text: str) -> str:
    return PLACEHOLDER.sub(SAMPLE, text)


def buttons(tr: Translator) -> Iterator[tuple[str, str]]:
    """(what it is, the label) of everything that can be a reply button."""
    for msgid in option_msgids():
        yield msgid, _filled(tr.text(msgid))
    for intent in INTENTS:
        yield f"did you mean: {intent}", intent_label(tr, intent)


def rows(tr: Translator) -> Iterator[tuple[str, str]]:
    """(what it is, the label) of everything that is always a list row."""
    for item in ROUTES.menu.values():
        yield f"menu:{item.key}", item.label(tr)
    for tool in ROUTES.tools.values():
        yield f"tool:{tool.key}", tool.label(tr)
    for slug in TOPICS:
        yield f"topic {slug}", "✅ " + topic_button(tr, slug)
    for code, name in PROJECT_LANGUAGES.items():
        yield f"project language {code}", "✅ " + name
    for code, name in NATIVE_NAMES.items():
        yield f"language {code}", name
    for step, (vocabulary, _) in MULTI.items():
        for code in vocabulary:
            yield f"welcome {step} {code}", "✓ " + multi_label(tr, step, code)


def _sent(reply: Reply) -> dict[str, object]:
    [message] = render(reply).messages
    body = {"messaging_product": "whatsapp", "to": "43660000000", **message}
    validate_message(body, set())
    interactive = message["interactive"]
    assert isinstance(interactive, dict)
    return interactive


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_button_titles_fit_uncut(locale: str) -> None:
    tr = Catalogs().get(locale)
    too_long = []
    for what, label in buttons(tr):
        interactive = _sent(Reply("?", locale, (Option("x:1", label),)))
        title = interactive["action"]["buttons"][0]["reply"]["title"]  # type: ignore[index]
        if title != " ".join(label.split()):
            too_long.append(f"{len(label)}: {label!r} ({what})")
    assert not too_long, f"{locale}: buttons over 20 characters:\n" + "\n".join(too_long)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_list_rows_fit_uncut(locale: str) -> None:
    tr = Catalogs().get(locale)
    fillers = tuple(Option(f"x:{n}", f"{n}") for n in range(3))
    too_long = []
    for what, label in rows(tr):
        interactive = _sent(Reply("?", locale, (Option("x:row", label), *fillers)))
        action = interactive["action"]
        assert isinstance(action, dict) and action["button"] == LIST_BUTTON
        row = action["sections"][0]["rows"][0]
        if row["title"] != " ".join(label.split()) or "description" in row:
            too_long.append(f"{len(label)}: {label!r} ({what})")
    assert not too_long, f"{locale}: list rows over 24 characters:\n" + "\n".join(too_long)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_message_fits_one_interactive_body(locale: str) -> None:
    tr = Catalogs().get(locale)
    for message in load(locale):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            text = _filled(form)
            assert len(text) <= MAX_BODY, f"{locale}: {len(text)} characters: {form[:60]!r}"
            interactive = _sent(Reply(text, locale, (Option("x:1", tr.text("Yes")),)))
            body = interactive["body"]
            assert isinstance(body, dict) and len(str(body["text"])) <= MAX_BODY


def test_the_collections_are_not_empty() -> None:
    """A change in how dialogs write options must not leave this test checking nothing."""
    tr = Catalogs().get("en")
    assert len(option_msgids()) > 100
    assert len(list(rows(tr))) > 50

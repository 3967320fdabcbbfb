"""Every language has every message, nothing empty, and the same placeholders.

The messages the code uses are what `scripts/catalogs.py` extracts (the tool the catalogs are
maintained with), so the test and the tool cannot disagree.
"""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from bot.i18n.locales import SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _catalog_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CATALOGS = _catalog_tool()
SOURCE: dict[str | tuple[str, ...], None] = {
    message.id: None for message in CATALOGS.extract() if message.id
}


def load(locale: str):  # type: ignore[no-untyped-def]
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_the_source_has_messages() -> None:
    assert len(SOURCE) > 50
    assert ("There is {n} community. Do you want to join it?",
            "There are {n} communities. Which one do you want to join?") in SOURCE  # fmt: skip


def _extracted(source: str) -> list[str | tuple[str, ...]]:
    calls = CATALOGS.extract_translation_calls(io.BytesIO(source.encode()), None, [], {})
    return [message for _, _, message, _ in calls]


def test_extraction_reads_calls_not_names() -> None:
    source = '''
def cut(text):
    return text[:5].rstrip() + "…"

def show(turn, tr, ax, n):
    """A docstring is not a message."""
    ax.text(0, 0, "a chart label")
    label = f"({tr.text('expired')})"
    turn.tr.plural("{n} day", "{n} days", n)
    return tr.text("Hello " "there")
'''
    assert sorted(map(str, _extracted(source))) == sorted(
        map(str, ["expired", ("{n} day", "{n} days"), "Hello there"])
    )


def test_a_message_that_is_not_a_literal_is_refused() -> None:
    with pytest.raises(SyntaxError, match="literal"):
        _extracted("def f(tr, key):\n    return tr.text(key)\n")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_catalog_has_every_message_translated(locale: str) -> None:
    catalog = load(locale)
    in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    wanted = {key if isinstance(key, str) else key[0]: key for key in SOURCE}
    missing = sorted(set(wanted) - set(in_catalog))
    assert not missing, f"{locale}: messages missing from the catalog: {missing}"
    unused = sorted(m for m in in_catalog if m not in wanted and not in_catalog[m].obsolete)
    assert not unused, f"{locale}: catalog messages no code uses any more: {unused}"
    for msgid, message in in_catalog.items():
        assert not message.fuzzy, f"{locale}: fuzzy translation for {msgid!r}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == catalog.num_plurals or not isinstance(message.string, tuple)
        for form in forms:
            assert form and form.strip(), f"{locale}: empty translation for {msgid!r}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_placeholders_match(locale: str) -> None:
    for message in load(locale):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            allowed = set(PLACEHOLDER.findall(" ".join(message.id)))
            required = allowed - {"n"}
            for form in message.string:
                used = set(PLACEHOLDER.findall(form))
                assert used <= allowed, f"{locale}: unknown placeholder in {form!r}"
                assert required <= used, f"{locale}: {form!r} lacks {required - used}"
        else:
            expected = set(PLACEHOLDER.findall(message.id))
            used = set(PLACEHOLDER.findall(message.string))
            assert used == expected, f"{locale}: {message.string!r} has {used}, not {expected}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_commands_in_texts_are_kept(locale: str) -> None:
    for message in load(locale):
        if not message.id or isinstance(message.id, tuple):
            continue
        commands = sorted(re.findall(r"/[a-z]+", message.id))
        assert sorted(re.findall(r"/[a-z]+", message.string)) == commands, message.id


@pytest.mark.parametrize("locale", ["ar", "fa"])
def test_right_to_left_catalogs_contain_no_latin_words(locale: str) -> None:
    for message in load(locale):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            stripped = re.sub(r"https?://\S+|\{[a-z_]+\}|/[a-z]+", "", form)
            assert not re.search(r"[A-Za-z]", stripped), f"{locale}: Latin letters in {form!r}"


def test_farsi_uses_persian_yeh_and_kaf() -> None:
    for message in load("fa"):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert "ي" not in form and "ك" not in form, form


#: Words that are the same in another language (product names, international words).
SAME_EVERYWHERE = {
    "Telegram",
    "WhatsApp",
    "Name: {name}",
    "Account: {channel} {id}",
    "Festivals",
    "Sport",
}


@pytest.mark.parametrize("locale", [loc for loc in SUPPORTED_LOCALES if loc != "en"])
def test_no_message_is_left_in_english(locale: str) -> None:
    copies = [
        m.id for m in load(locale) if m.id and m.string == m.id and m.id not in SAME_EVERYWHERE
    ]
    assert not copies, f"{locale}: untranslated (English) messages: {copies}"

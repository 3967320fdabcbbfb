"""Keep the gettext catalogs in step with the code.

    .venv/bin/python scripts/catalogs.py update   # extract messages, merge into every catalog
    .venv/bin/python scripts/catalogs.py check    # what `tests/test_catalogs.py` checks, quickly

`update` keeps existing translations, adds new messages with an empty translation (the
English catalog is filled with the msgid) and keeps each catalog's hand-set Plural-Forms
header (Arabic uses GNU gettext's order; see README, "Languages").
"""

from __future__ import annotations

import ast
import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
PACKAGES = ("bot", "dialogs", "nlu", "scheduler")
#: Translator methods and how many message strings each takes (singular, plural).
METHODS = {"text": 1, "plural": 2}
#: The name a Translator goes by at every call site: `tr.text(…)`, `turn.tr.plural(…)`.
TRANSLATOR = "tr"

Extracted = tuple[int, str, str | tuple[str, ...], list[str]]


def extract_translation_calls(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """A Babel extraction method that reads the syntax tree, not the token stream.

    Babel's own Python extractor matches names, so a variable called `text` that is sliced
    or called made it invent messages (and which ones changed between Babel releases), and
    it skips every call inside an f-string. Here a message is exactly the literal first
    argument(s) of a call `<…>.tr.text(…)` or `<…>.tr.plural(…)`; a translation call whose
    message is not a literal is an error, because no catalog could hold it.
    """
    source = fileobj.read().decode("utf-8")
    filename = getattr(fileobj, "name", "<source>")
    for node in ast.walk(ast.parse(source, filename)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        count = METHODS.get(node.func.attr)
        if count is None or _receiver_name(node.func.value) != TRANSLATOR:
            continue
        strings = node.args[:count]
        if len(strings) != count or not all(
            isinstance(s, ast.Constant) and isinstance(s.value, str) for s in strings
        ):
            raise SyntaxError(f"{filename}:{node.lineno}: the message must be a literal string")
        values = tuple(s.value for s in strings if isinstance(s, ast.Constant))
        yield node.lineno, node.func.attr, values[0] if count == 1 else values, []


def _receiver_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def extract() -> Catalog:
    """Every message the code asks the catalogs for, with where it is used."""
    template = Catalog(project="Josoor", fuzzy=False)
    for package in PACKAGES:
        for filename, lineno, message, comments, _ in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", extract_translation_calls)],
            keywords={"text": None, "plural": (1, 2)},
        ):
            template.add(message, None, [(f"{package}/{filename}", lineno)],
                         auto_comments=comments, flags=("python-brace-format",))  # fmt: skip
    return template


def update() -> None:
    template = extract()
    with (LOCALES / "messages.pot").open("wb") as handle:
        write_po(handle, template, width=99, omit_header=False, no_location=True,
                 sort_output=True)  # fmt: skip
    for po_path in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        locale = po_path.parts[-3]
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        plural_forms = catalog.plural_forms
        # A copy: update() may share message objects with the template, and the English
        # catalog below writes into them.
        catalog.update(
            copy.deepcopy(template), no_fuzzy_matching=True, update_header_comment=False
        )
        catalog._num_plurals, catalog._plural_expr = _split(plural_forms)  # keep hand-set rule
        for message in catalog:
            if locale == "en" and message.id:
                message.string = message.id
            message.flags.discard("fuzzy")
        catalog.obsolete.clear()
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=99, no_location=True, sort_output=True)
        empty = [m.id for m in catalog if m.id and not all(_forms(m.string))]
        print(f"{locale}: {len(catalog)} messages, {len(empty)} untranslated")


def _split(plural_forms: str) -> tuple[int, str]:
    count, expression = plural_forms.split(";", 1)
    return int(count.split("=")[1]), expression.split("=", 1)[1].strip().rstrip(";")


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def check() -> int:
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
    problems = 0
    for po_path in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for missing in sorted(wanted - set(have)):
            print(f"{po_path.parts[-3]}: missing {missing!r}")
            problems += 1
        for msgid, message in have.items():
            if not all(_forms(message.string)):
                print(f"{po_path.parts[-3]}: untranslated {msgid!r}")
                problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)

"""Keep the gettext catalogs in step with the code.

    .venv/bin/python scripts/catalogs.py update   # extract messages, merge into every catalog
    .venv/bin/python scripts/catalogs.py check    # what `tests/test_catalogs.py` checks, quickly

`update` keeps existing translations, adds new messages with an empty translation (the
English catalog is filled with the msgid) and keeps each catalog's hand-set Plural-Forms
header (Arabic uses GNU gettext's order; see README, "Languages").
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
KEYWORDS = {"text": None, "plural": (1, 2)}
METHODS = [("storage/**.py", "ignore"), ("**.py", "python")]


def extract() -> Catalog:
    template = Catalog(project="Josoor", fuzzy=False)
    for package in ("bot", "dialogs"):
        for filename, lineno, message, comments, _ in extract_from_dir(
            ROOT / package, method_map=METHODS, keywords=KEYWORDS
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
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
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

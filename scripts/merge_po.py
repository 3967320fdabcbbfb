"""A git merge driver for gettext catalogs: merges message by message, not line by line.

Branches that add messages to the same sorted catalog conflict line by line although they
never touch the same message. This driver takes the union of the messages; a message changed
on one side only takes that change; one changed differently on both sides is a real conflict
(the driver keeps ours, prints the msgid and exits 1 so git reports the conflict).

Set up once per clone (the attribute is committed in .gitattributes):
    git config merge.po.name "gettext catalogs, message by message"
    git config merge.po.driver ".venv/bin/python scripts/merge_po.py %O %A %B"
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with Path(path).open("rb") as handle:
        return read_po(handle)


def _key(message: Message) -> object:
    return (message.id, message.context)


def _same(a: Message | None, b: Message | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.string == b.string and a.id == b.id


def merge(base_path: str, ours_path: str, theirs_path: str) -> int:
    base, ours, theirs = _read(base_path), _read(ours_path), _read(theirs_path)
    base_messages = {_key(m): m for m in base if m.id}
    our_messages = {_key(m): m for m in ours if m.id}
    their_messages = {_key(m): m for m in theirs if m.id}
    conflicts = 0
    for key, mine in list(our_messages.items()):
        original, other = base_messages.get(key), their_messages.get(key)
        if other is None:
            if original is not None and _same(original, mine):
                ours.delete(mine.id, mine.context)  # they removed it, we did not touch it
            continue
        if _same(mine, other) or _same(original, other):
            continue
        if _same(original, mine):
            mine.string = other.string
            continue
        print(f"merge_po: both sides changed {mine.id!r}", file=sys.stderr)
        conflicts += 1
    for key, other in their_messages.items():
        if key in our_messages:
            continue
        if key in base_messages and _same(base_messages[key], other):
            continue  # we removed it, they did not touch it
        ours[other.id] = other
    with Path(ours_path).open("wb") as handle:
        write_po(handle, ours, width=99, no_location=True, sort_output=True)
    return 1 if conflicts else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(merge(*sys.argv[1:]))

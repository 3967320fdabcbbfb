"""Long pickers a page at a time, so that no message offers more than ten options.

WhatsApp shows at most ten rows in a list message (three reply buttons), and a longer choice
would have to become numbered text. So a picker of more than ten (the topics, the languages of a
project or of a Welcome Group) shows a page of them with "◀ Previous" and "Next ▶" between
pages, on every channel alike (the conversations read the same everywhere). The options that
belong on every page (Done, Delete) stay on each one. Page numbers travel in the option ids, so
nothing is remembered between messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.common.messages import Option
from bot.i18n.catalogs import Translator

#: The most options one message offers (a WhatsApp list holds ten rows in all).
MAX_OPTIONS = 10


def page_size(items: int, fixed: int = 0) -> int:
    """How many items one page shows: all of them when they fit, else what leaves room for
    the fixed options and both page buttons."""
    room = MAX_OPTIONS - fixed
    return items if items <= room else room - 2


def page_of(index: int, items: int, fixed: int = 0) -> int:
    """The page the item at `index` is on."""
    return index // max(page_size(items, fixed), 1)


def paged(
    tr: Translator,
    items: Sequence[Option],
    page: int,
    page_id: Callable[[int], str],
    fixed: Sequence[Option] = (),
) -> list[Option]:
    """One page of `items`, then `fixed`, then the page buttons (`page_id(n)` opens page n).
    A page number out of range shows the nearest page."""
    size = page_size(len(items), len(fixed))
    if size >= len(items):
        return [*items, *fixed]
    last = (len(items) - 1) // size
    page = min(max(page, 0), last)
    shown = [*items[page * size : (page + 1) * size], *fixed]
    return shown + page_buttons(tr, page, last + 1, page_id)


def page_buttons(
    tr: Translator, page: int, pages: int, page_id: Callable[[int], str]
) -> list[Option]:
    """ "◀ Previous" and "Next ▶" where there is a page to go to (for lists shown as text)."""
    buttons = []
    if page > 0:
        buttons.append(Option(page_id(page - 1), tr.text("◀ Previous")))
    if page < pages - 1:
        buttons.append(Option(page_id(page + 1), tr.text("Next ▶")))
    return buttons

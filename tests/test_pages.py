"""Long pickers in pages of at most ten options (a WhatsApp list's ten rows)."""

from __future__ import annotations

from bot.core.common.messages import Option
from bot.i18n.catalogs import Catalogs
from dialogs.common.pages import MAX_OPTIONS, page_of, paged

TR = Catalogs().get("en")
ITEMS = [Option(f"x:t:{n}", f"Item {n}") for n in range(12)]
DONE = Option("x:done", "Done")


def _ids(options: list[Option]) -> list[str]:
    return [o.id for o in options]


def test_short_pickers_stay_whole() -> None:
    assert paged(TR, ITEMS[:9], 0, lambda n: f"x:pg:{n}", [DONE]) == [*ITEMS[:9], DONE]


def test_long_pickers_come_in_pages_with_the_fixed_options_on_each() -> None:
    first = paged(TR, ITEMS, 0, lambda n: f"x:pg:{n}", [DONE])
    second = paged(TR, ITEMS, 1, lambda n: f"x:pg:{n}", [DONE])
    assert _ids(first) == [*(f"x:t:{n}" for n in range(7)), "x:done", "x:pg:1"]
    assert _ids(second) == [*(f"x:t:{n}" for n in range(7, 12)), "x:done", "x:pg:0"]
    assert first[-1].label == TR.text("Next ▶") and second[-1].label == TR.text("◀ Previous")
    assert all(len(page) <= MAX_OPTIONS for page in (first, second))


def test_a_page_out_of_range_shows_the_nearest_and_every_item_has_its_page() -> None:
    assert paged(TR, ITEMS, 9, lambda n: f"x:pg:{n}") == paged(TR, ITEMS, 1, lambda n: f"x:pg:{n}")
    for index, item in enumerate(ITEMS):
        page = paged(TR, ITEMS, page_of(index, len(ITEMS), fixed=1), lambda n: "x:pg", [DONE])
        assert item in page

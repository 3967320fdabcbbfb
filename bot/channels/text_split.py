"""Splitting long texts for platforms with a message size limit, at natural boundaries."""

from __future__ import annotations

from collections.abc import Callable


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Cut `text` into pieces whose `measure` is at most `limit`.

    Prefers paragraph breaks, then line breaks, then spaces; a single overlong word is cut
    hard. `measure` lets a caller count the escaped size (HTML entities grow a text).
    """
    if measure(text) <= limit:
        return [text]
    pieces: list[str] = []
    rest = text
    while rest:
        if measure(rest) <= limit:
            pieces.append(rest)
            break
        cut = _best_cut(rest, limit, measure)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [piece for piece in pieces if piece]


def _best_cut(text: str, limit: int, measure: Callable[[str], int]) -> int:
    # Largest prefix that fits (binary search: measure may not be linear in length).
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    fitting = text[:low]
    for separator in ("\n\n", "\n", " "):
        position = fitting.rfind(separator)
        if position > low // 2:
            return position + len(separator)
    # Never split a surrogate-free code point pair such as an emoji with a modifier.
    while low > 1 and _is_joiner(text[low - 1]):
        low -= 1
    return low


def _is_joiner(char: str) -> bool:
    return char in "\u200d\ufe0f\u2068" or "\U0001f3fb" <= char <= "\U0001f3ff"

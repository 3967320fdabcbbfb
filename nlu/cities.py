"""Find a community from a city typed in any language or script, with typos.

Every name of every community (all locales, aliases, slug) is compared, after normalisation,
with the whole text and with each one- to three-word window of it ("I live in Vienna"),
both letter by letter and by a rough Latin sound key ("Ween" ~ "Wien").

`CityMatcher.mentions` finds cities inside a sentence for the intent parser ("ich wohne in
Wien", "بدي روح على فيينا", "у Відні"): the same names and scores, plus Arabic proclitics
(بفيينا) and Ukrainian case forms, a stricter bar for fuzzy matches, and the span of the text
(in `nlu.mentions`, imported on first use so that importing this module stays light).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from nlu.normalize import normalize, sound_key

if TYPE_CHECKING:
    from nlu.mentions import CityMention, MentionIndex

MIN_SCORE = 80.0
#: A match this far below the best one is not offered.
RUNNER_UP_MARGIN = 8.0


@dataclass(frozen=True, slots=True)
class CityMatch:
    community_id: int
    score: float


@dataclass(frozen=True, slots=True)
class _Name:
    community_id: int
    key: str
    sound: str


Names = tuple[tuple[int, tuple[str, ...]], ...]


@functools.lru_cache(maxsize=16)
def matcher_for(communities: Names) -> CityMatcher:
    """One matcher per set of community names: normalising and sound keys of every name cost
    about a millisecond, and the names change only when an operator edits a community."""
    return CityMatcher(communities)


class CityMatcher:
    def __init__(self, communities: Iterable[tuple[int, Iterable[str]]]) -> None:
        self._names = [
            _Name(community_id, normalize(name), sound_key(name))
            for community_id, names in communities
            for name in names
            if normalize(name)
        ]
        self._mention_index: MentionIndex | None = None

    def match(self, text: str, limit: int = 3) -> list[CityMatch]:
        windows = _windows(normalize(text))
        if not windows:
            return []
        best: dict[int, float] = {}
        for name in self._names:
            score = max(_similarity(window, name) for window in windows)
            if score >= MIN_SCORE and score > best.get(name.community_id, 0.0):
                best[name.community_id] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        if not ranked:
            return []
        top = ranked[0][1]
        return [
            CityMatch(community_id, score)
            for community_id, score in ranked[:limit]
            if score >= top - RUNNER_UP_MARGIN
        ]

    def mentions(self, text: str, ignore: Collection[str] = ()) -> list[CityMention]:
        """Spans of `text` that name a community (see `find_mentions`), best first; words
        whose normalised form is in `ignore` are never cities (Arabic وين is "where")."""
        from nlu.mentions import MentionIndex, find_mentions  # numpy: only when used

        if self._mention_index is None:
            self._mention_index = MentionIndex(self._names)
        return find_mentions(self._mention_index, text, ignore)


def _windows(key: str) -> list[str]:
    words = key.split()
    windows = {key}
    for size in (1, 2, 3):
        for start in range(len(words) - size + 1):
            windows.add(" ".join(words[start : start + size]))
    return [window for window in windows if window]


def _similarity(window: str, name: _Name) -> float:
    if window == name.key:
        return 100.0
    if min(len(window), len(name.key)) < 4:
        # Short strings: a single typo changes too much, only exact (sound) matches count.
        return 95.0 if sound_key(window) == name.sound else 0.0
    letters = fuzz.ratio(window, name.key)
    sounds = fuzz.ratio(sound_key(window), name.sound) - 5.0  # sound keys are coarser
    return max(letters, sounds)

"""Cities mentioned inside a sentence (`CityMatcher.mentions`): which words of a message name
a community, with their spans. Kept apart from `nlu.cities` because it needs numpy."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from nlu.cities import MIN_SCORE, _Name
from nlu.normalize import _LATIN_SOUNDS, normalize

_REPEATS = re.compile(r"(.)\1+")

#: In free text a fuzzy (not exact) match needs a longer word and a higher score than when
#: someone answers "which city?": "wenn" must not become Wenen, "Wiens" may still be Wien.
MENTION_MIN_SCORE = 85.0
MENTION_MIN_FUZZY_LENGTH = 5
_TOKEN = re.compile(r"[^\s.,;:!?؟،؛()\[\]{}\"«»“”/\\|]+")
#: One-letter Arabic proclitics written onto the next word: و (and), ب (in), ل (to), ف (so).
_ARABIC_PROCLITICS = "وبلف"
#: Ukrainian case endings (locative "у Відні", genitive "до Берліна", …): a name is also
#: looked for in these forms.
_UK_CONSONANT_ENDINGS = ("і", "а", "у", "ом", "ові")
_UK_A_ENDINGS = ("і", "у", "и", "ою")
_UK_MUTATION = {"г": "з", "к": "ц", "х": "с"}


@dataclass(frozen=True, slots=True)
class CityMention:
    """A span of the text that names a community."""

    community_id: int
    score: float
    start: int
    end: int
    text: str


def _ukrainian_forms(key: str) -> set[str]:
    """Inflected forms of a (normalised) Cyrillic city name; empty for other scripts."""
    if not key or not ("\u0400" <= key[-1] <= "\u04ff") or " " in key:
        return set()
    forms: set[str] = set()
    if key.endswith("а"):
        stem = key[:-1]
        forms.update(stem + ending for ending in _UK_A_ENDINGS)
        if stem and stem[-1] in _UK_MUTATION:  # Гаага → у Гаазі
            forms.add(stem[:-1] + _UK_MUTATION[stem[-1]] + "і")
    elif key.endswith("ень"):  # Відень → у Відні, до Відня (the e drops)
        stem = key[:-3] + "н"
        forms.update(stem + ending for ending in ("і", "я", "ю", "ем"))
    elif key[-1] not in "аеиіоуюяь":
        forms.update(key + ending for ending in _UK_CONSONANT_ENDINGS)
        if key[-1] == "ц":  # Грац → у Граці (the same), kept for clarity
            forms.add(key + "і")
    return forms


class MentionIndex:
    """Names prepared for scanning sentences: keys, sound keys and inflected forms."""

    def __init__(self, names: list[_Name]) -> None:
        self.ids: list[int] = []
        self.keys: list[str] = []
        self.sounds: list[str] = []
        self.exact: dict[str, int] = {}
        for name in names:
            self.ids.append(name.community_id)
            self.keys.append(name.key)
            self.sounds.append(name.sound)
            self.exact.setdefault(name.key, name.community_id)
            for form in _ukrainian_forms(name.key):
                self.exact.setdefault(form, name.community_id)
        self.short = np.array([len(k) < 4 for k in self.keys], dtype=bool)
        long_names = [len(k) for k in self.keys if len(k) >= 4]
        #: Windows outside these lengths cannot reach MENTION_MIN_SCORE against any name
        #: (ratio ≤ 2·shorter/(sum of lengths)).
        self.min_length = max(MENTION_MIN_FUZZY_LENGTH, int(min(long_names, default=0) * 0.7))
        self.max_length = int(max(long_names, default=0) / 0.7) + 1
        self.ids_array = np.array(self.ids, dtype=np.int64)
        self.sound_exact: dict[str, int] = {}
        for sound, community_id in zip(self.sounds, self.ids, strict=True):
            self.sound_exact.setdefault(sound, community_id)


def _sound_of_key(key: str) -> str:
    if not key.isascii():  # the sound rules are for Latin letters only
        return _REPEATS.sub(r"\1", key)
    for old, new in _LATIN_SOUNDS:
        key = key.replace(old, new)
    return _REPEATS.sub(r"\1", key)


@lru_cache(maxsize=8192)
def _token_keys(token: str) -> tuple[str, str]:
    """Normalised key and sound key of one token (tokens repeat a lot across messages)."""
    key = normalize(token)
    return key, _sound_of_key(key)


def _candidate_windows(text: str) -> list[tuple[str, str, int, int]]:
    """(key, sound key, start, end) of every 1–3-token window and proclitic-less token.

    A window's sound key is its tokens' sound keys joined: no sound rule spans a space."""
    tokens: list[tuple[str, str, int, int]] = []
    for match in _TOKEN.finditer(text):
        key, sound = _token_keys(match.group())
        if key:
            tokens.append((key, sound, match.start(), match.end()))
    windows = list(tokens)
    for size in (2, 3):
        for i in range(len(tokens) - size + 1):
            part = tokens[i : i + size]
            windows.append((
                " ".join(t[0] for t in part), " ".join(t[1] for t in part),
                part[0][2], part[-1][3],
            ))  # fmt: skip
    for key, _, start, end in tokens:
        if len(key) > 3 and key[0] in _ARABIC_PROCLITICS and text[start] == key[0]:
            windows.append((key[1:], _sound_of_key(key[1:]), start + 1, end))
    return windows


def find_mentions(
    index: MentionIndex, text: str, ignore: Collection[str] = ()
) -> list[CityMention]:
    """Non-overlapping spans of `text` naming a community, best first."""
    windows = [w for w in _candidate_windows(text) if w[0] not in ignore]
    if not windows or not index.keys:
        return []
    found: list[CityMention] = []
    fuzzy: list[tuple[str, int, int]] = []
    sounds: list[str] = []
    for key, sound, start, end in windows:
        community_id = index.exact.get(key)
        if community_id is not None:
            found.append(CityMention(community_id, 100.0, start, end, text[start:end]))
            continue
        community_id = index.sound_exact.get(sound)
        if community_id is not None:
            found.append(CityMention(community_id, 95.0, start, end, text[start:end]))
        elif index.min_length <= len(key) <= index.max_length:
            fuzzy.append((key, start, end))
            sounds.append(sound)
    if fuzzy:
        keys = [w[0] for w in fuzzy]
        scores = process.cdist(keys, index.keys, scorer=fuzz.ratio, dtype=np.float32)
        latin = [row for row, key in enumerate(keys) if key.isascii()]
        if latin:  # sound keys only differ from the letters for Latin script
            sound_scores = process.cdist(
                [sounds[row] for row in latin], index.sounds, scorer=fuzz.ratio,
                dtype=np.float32,
            )  # fmt: skip
            scores[latin] = np.maximum(scores[latin], sound_scores - 5.0)
        scores[:, index.short] = 0.0
        columns = scores.argmax(axis=1)
        best = scores[np.arange(len(keys)), columns]
        bar = max(MIN_SCORE, MENTION_MIN_SCORE)
        for row in np.flatnonzero(best >= bar).tolist():
            _, start, end = fuzzy[row]
            community_id = int(index.ids_array[columns[row]])
            score = round(float(best[row]), 1)
            found.append(CityMention(community_id, score, start, end, text[start:end]))
    found.sort(key=lambda m: (-m.score, -(m.end - m.start), m.start))
    chosen: list[CityMention] = []
    for mention in found:
        if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
            chosen.append(mention)
    return chosen

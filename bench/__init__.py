"""Benchmarks of Josoor (see bench/README.md).

* ``python -m bench.startup``: start-up time, memory and shutdown of ``josoor run``.
* ``python -m bench.telegram_latency``: update→reply latency through the real Telegram adapter
  against the Bot API emulator.

This module holds what both share: the simulated people and small statistics helpers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Persona:
    """A kind of person in the scenarios: their app language and the city they type."""

    locale: str
    first_name: str
    city: str
    #: The demo community the typed city must lead to.
    slug: str


#: One persona per supported language; members cycle through them.
PERSONAS: tuple[Persona, ...] = (
    Persona("ar", "ليلى", "فيينا", "vienna"),
    Persona("fa", "داریوش", "برلین", "berlin"),
    Persona("de", "Jonas", "Wien", "vienna"),
    Persona("en", "Alex", "Berlin", "berlin"),
    Persona("uk", "Олена", "Відень", "vienna"),
    Persona("nl", "Sanne", "Den Haag", "the-hague"),
)

ROLES: tuple[str, ...] = ("newcomer", "supporter")


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of already sorted values, linearly interpolated."""
    if not sorted_values:
        return math.nan
    position = (len(sorted_values) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    fraction = position - low
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * fraction


@dataclass(frozen=True, slots=True)
class Spread:
    """Median, minimum and maximum of a few repeated measurements."""

    median: float
    min: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        ordered = sorted(values)
        if not ordered:
            return cls(math.nan, math.nan, math.nan)
        return cls(percentile(ordered, 50), ordered[0], ordered[-1])

    def rounded(self, digits: int) -> dict[str, float | None]:
        """For JSON: rounded, and None instead of NaN (no measurement)."""

        def r(value: float) -> float | None:
            return None if math.isnan(value) else round(value, digits)

        return {"median": r(self.median), "min": r(self.min), "max": r(self.max)}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"

"""How good a pairing of a newcomer and a Welcome Group is, and why: the scoring model the
matching optimises (`matching.py`) and the reasons a proposal explains itself with.

The score of a pair is a weighted sum of four parts, each between 0 and 1: interests (the
share of the newcomer's interests the group shares), needs (the share of the newcomer's needs
the group can help with), age (closeness of the age bands; 0.5 when either is unknown, so not
saying is neither rewarded nor punished) and family (1 when the family fits the group's limit,
else limit/size). The weights come from config.yaml (`welcome_groups.weights`).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

from bot.core.welcome.domain import AGE_BANDS

WEIGHT_NAMES = ("interests", "needs", "age", "family")
AGE_STEPS = len(AGE_BANDS) - 1
#: Unknown age on either side: the middle of the age part.
AGE_UNKNOWN = 0.5


@dataclass(frozen=True, slots=True)
class Weights:
    interests: float
    needs: float
    age: float
    family: float

    def __post_init__(self) -> None:
        for name in WEIGHT_NAMES:
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"the weight {name!r} must be a number ≥ 0, got {value!r}")

    @property
    def most(self) -> float:
        """The highest score a pair can have."""
        return self.interests + self.needs + self.age + self.family


@dataclass(frozen=True, slots=True)
class Seeker:
    """A newcomer's request, as the matching sees it (age band: its index in AGE_BANDS)."""

    id: int
    community_id: int
    languages: frozenset[str]
    interests: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    age_band: int | None = None
    family_size: int = 1


@dataclass(frozen=True, slots=True)
class Host:
    """A Welcome Group with its free places (`capacity`; 0 when full or not ready yet)."""

    id: int
    community_id: int
    languages: frozenset[str]
    interests: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()
    age_band: int | None = None
    family_max: int | None = None
    capacity: int = 1


@dataclass(frozen=True, slots=True)
class Parts:
    interests: float
    needs: float
    age: float
    family: float

    def score(self, weights: Weights) -> float:
        return (
            weights.interests * self.interests
            + weights.needs * self.needs
            + weights.age * self.age
            + weights.family * self.family
        )


def age_part(seeker_band: int | None, host_band: int | None) -> float:
    if seeker_band is None or host_band is None:
        return AGE_UNKNOWN
    return 1 - abs(seeker_band - host_band) / AGE_STEPS


def family_part(family_size: int, family_max: int | None) -> float:
    if family_max is None or family_size <= family_max:
        return 1.0
    return family_max / family_size


def parts_of(seeker: Seeker, host: Host) -> Parts:
    return Parts(
        interests=len(seeker.interests & host.interests) / max(1, len(seeker.interests)),
        needs=len(seeker.needs & host.offers) / max(1, len(seeker.needs)),
        age=age_part(seeker.age_band, host.age_band),
        family=family_part(seeker.family_size, host.family_max),
    )


@dataclass(frozen=True, slots=True)
class Pairing:
    """One proposed pair and why: what they share, as codes a dialog can translate."""

    seeker_id: int
    host_id: int
    score: float
    parts: Parts
    languages: tuple[str, ...]
    interests: tuple[str, ...]
    needs: tuple[str, ...]
    same_age: bool
    family_fits: bool

    def reasons(self) -> dict[str, object]:
        """JSON-able, for storing with the proposal (codes and numbers, no personal text)."""
        return {
            "languages": list(self.languages),
            "interests": list(self.interests),
            "needs": list(self.needs),
            "same_age": self.same_age,
            "family_fits": self.family_fits,
            "parts": {name: round(getattr(self.parts, name), 4) for name in WEIGHT_NAMES},
        }


def explain(seeker: Seeker, host: Host, weights: Weights) -> Pairing:
    parts = parts_of(seeker, host)
    return Pairing(
        seeker_id=seeker.id,
        host_id=host.id,
        score=parts.score(weights),
        parts=parts,
        languages=tuple(sorted(seeker.languages & host.languages)),
        interests=tuple(sorted(seeker.interests & host.interests)),
        needs=tuple(sorted(seeker.needs & host.offers)),
        same_age=seeker.age_band is not None and seeker.age_band == host.age_band,
        family_fits=seeker.family_size > 1
        and (host.family_max is None or seeker.family_size <= host.family_max),
    )


def compatible(seeker: Seeker, host: Host, declined: Collection[tuple[int, int]]) -> bool:
    """The hard constraints of one pair (capacity is the matching's business)."""
    return (
        seeker.community_id == host.community_id
        and bool(seeker.languages & host.languages)
        and (seeker.id, host.id) not in declined
    )

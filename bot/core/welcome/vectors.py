"""Newcomers and groups as feature vectors, so that the score of every pair is one matrix
product (`bot/core/welcome/matching.py` fills its cost matrix with them). Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core.welcome.scores import Host, Seeker, Weights, age_part, family_part

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Matrix = NDArray[np.float64]


class Features:
    """Everyone as vectors, built once: value(host, seeker) = host features · seeker features.

    Seeker features hold the weights already (interests and needs divided by how many the
    seeker chose); age and family become one table indexed by (host age, host family limit)
    × (seeker age, family size), turned into features by one-hot host codes.
    """

    def __init__(self, seekers: Sequence[Seeker], hosts: Sequence[Host], weights: Weights):
        import numpy as np

        self.most = weights.most
        self.seeker_ids = [s.id for s in seekers]
        self.host_ids = [h.id for h in hosts]
        self.h_capacity = np.array([h.capacity for h in hosts], dtype=np.int64)
        languages = _vocabulary([*(s.languages for s in seekers), *(h.languages for h in hosts)])
        interests = _vocabulary([*(s.interests for s in seekers), *(h.interests for h in hosts)])
        needs = _vocabulary([*(s.needs for s in seekers), *(h.offers for h in hosts)])
        self.s_lang = _indicators([s.languages for s in seekers], languages, np.float32)
        self.h_lang = _indicators([h.languages for h in hosts], languages, np.float32)
        s_int = _indicators([s.interests for s in seekers], interests)
        s_need = _indicators([s.needs for s in seekers], needs)
        s_int *= weights.interests / np.maximum(1, s_int.sum(axis=1, keepdims=True))
        s_need *= weights.needs / np.maximum(1, s_need.sum(axis=1, keepdims=True))
        host_kinds = sorted({(h.age_band, h.family_max) for h in hosts}, key=repr)
        seeker_kinds = sorted({(s.age_band, s.family_size) for s in seekers}, key=repr)
        table = np.array(
            [
                [
                    weights.age * age_part(s_age, h_age)
                    + weights.family * family_part(size, family_max)
                    for s_age, size in seeker_kinds
                ]
                for h_age, family_max in host_kinds
            ]
        )
        s_kind = {kind: i for i, kind in enumerate(seeker_kinds)}
        h_kind = {kind: i for i, kind in enumerate(host_kinds)}
        s_table = table[:, [s_kind[(s.age_band, s.family_size)] for s in seekers]]
        #: Features × seekers and hosts × features.
        self.s_score: Matrix = np.ascontiguousarray(np.vstack([s_int.T, s_need.T, s_table]))
        h_codes = np.zeros((len(hosts), len(host_kinds)))
        h_codes[np.arange(len(hosts)), [h_kind[(h.age_band, h.family_max)] for h in hosts]] = 1
        self.h_score: Matrix = np.hstack(
            [
                _indicators([h.interests for h in hosts], interests),
                _indicators([h.offers for h in hosts], needs),
                h_codes,
            ]
        )

    def shared(self, h_idx: Any, s_idx: Any) -> Any:
        """Which host × seeker pairs share at least one language."""
        return (self.h_lang[h_idx] @ self.s_lang[s_idx].T) > 0


def _vocabulary(sets: Sequence[frozenset[str]]) -> dict[str, int]:
    return {word: i for i, word in enumerate(sorted(set[str]().union(*sets)))}


def _indicators(
    rows: Sequence[frozenset[str]], vocabulary: dict[str, int], dtype: Any = float
) -> Any:
    """A 0/1 matrix people × words."""
    import numpy as np

    matrix = np.zeros((len(rows), max(1, len(vocabulary))), dtype=dtype)
    cells = [(i, vocabulary[word]) for i, words in enumerate(rows) for word in words]
    if cells:
        row_index, column_index = zip(*cells, strict=True)
        matrix[list(row_index), list(column_index)] = 1
    return matrix

"""Matching newcomers to Welcome Groups: an optimal assignment, never greedy. Pure: no I/O.

Hard constraints: the same community, at least one shared language, the group's free places
(a group of capacity c is c identical places), and no pair that was declined before.
Objective, in this order: as many newcomers matched as possible (nobody is left out to make
someone else's match a little better), then the largest total score (`scores.py`).
Every allowed pair is worth `bonus + score`, the bonus larger than any total score, so one
maximum-weight assignment (scipy's `linear_sum_assignment`) gives both at once; a forbidden
pair is worth 0, exactly like leaving both unmatched, so it is never chosen over a real one.

Size: communities never share a match, and inside one, newcomers and groups fall apart into
blocks linked by shared languages (transitively), so each block is solved on its own. A
block's matrix is places × newcomers; it is filled a few hundred places at a time by one
matrix product of feature vectors (interests, needs and an age-and-family table are all
linear in indicator features, `vectors.py`), written straight into the cost matrix.
bench/matching.py has the figures for 10,000 newcomers × 2,000 groups.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.welcome.scores import Host, Pairing, Seeker, Weights, explain
from bot.core.welcome.vectors import Features

#: Matrix cells computed at once (bounds temporaries to a few tens of MB).
_CHUNK_CELLS = 2_000_000


class Unmatched(enum.StrEnum):
    """Why a newcomer stays in the queue."""

    #: No group of the community speaks any of their languages.
    NO_SHARED_LANGUAGE = "no_shared_language"
    #: Every group that shares a language was declined before.
    DECLINED_BEFORE = "declined_before"
    #: Groups share a language, but their places went to others (or are not free yet).
    NO_CAPACITY = "no_capacity"


@dataclass(frozen=True, slots=True)
class Solution:
    pairings: tuple[Pairing, ...]
    unmatched: dict[int, Unmatched]

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.pairings)


def solve(
    seekers: Sequence[Seeker],
    hosts: Sequence[Host],
    weights: Weights,
    declined: Collection[tuple[int, int]] = frozenset(),
) -> Solution:
    """The optimal proposals: most newcomers matched, then the highest total score."""
    declined = frozenset(declined)
    pairings: list[Pairing] = []
    if seekers and hosts:
        features = Features(seekers, hosts, weights)
        for s_idx, h_idx in _blocks(seekers, hosts):
            for s, h in _solve_block(features, s_idx, h_idx, declined):
                pairings.append(explain(seekers[s], hosts[h], weights))
    return _solution(seekers, hosts, pairings, declined)


def solve_greedy(
    seekers: Sequence[Seeker],
    hosts: Sequence[Host],
    weights: Weights,
    declined: Collection[tuple[int, int]] = frozenset(),
) -> Solution:
    """The baseline the benchmark compares with: the best-scoring pair first, until full."""
    import numpy as np

    declined = frozenset(declined)
    pairings: list[Pairing] = []
    features = Features(seekers, hosts, weights) if seekers and hosts else None
    for s_idx, h_idx in _blocks(seekers, hosts) if features else ():
        assert features is not None
        value = features.h_score[h_idx] @ features.s_score[:, s_idx]
        allowed = features.shared(h_idx, s_idx) & _not_declined(
            seekers, hosts, s_idx, h_idx, declined
        )
        hs, ss = np.nonzero(allowed)
        order = np.lexsort((ss, hs, -value[hs, ss]))
        free = [hosts[h].capacity for h in h_idx]
        places, taken = sum(free), np.zeros(len(s_idx), dtype=bool)
        for index in order:
            h, s = int(hs[index]), int(ss[index])
            if taken[s] or not free[h]:
                continue
            taken[s], free[h], places = True, free[h] - 1, places - 1
            pairings.append(explain(seekers[s_idx[s]], hosts[h_idx[h]], weights))
            if not places:
                break
    return _solution(seekers, hosts, pairings, declined)


def _blocks(seekers: Sequence[Seeker], hosts: Sequence[Host]) -> list[tuple[Any, Any]]:
    """Index arrays of the independent parts: per community, per linked languages."""
    import numpy as np

    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def find(node: tuple[int, str]) -> tuple[int, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    people: list[Seeker | Host] = [*seekers, *hosts]
    kinds = {(p.community_id, p.languages) for p in people if p.languages}
    for community_id, languages in kinds:
        first, *others = sorted(languages)
        for language in others:
            parent[find((community_id, language))] = find((community_id, first))
    grouped: dict[tuple[int, str], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for index, seeker in enumerate(seekers):
        if seeker.languages:
            grouped[find((seeker.community_id, min(seeker.languages)))][0].append(index)
    for index, host in enumerate(hosts):
        if host.languages and host.capacity > 0:
            grouped[find((host.community_id, min(host.languages)))][1].append(index)
    return [(np.array(s), np.array(h)) for s, h in grouped.values() if s and h]


def _not_declined(
    seekers: Sequence[Seeker], hosts: Sequence[Host], s_idx: Any, h_idx: Any,
    declined: frozenset[tuple[int, int]],
) -> Any:  # fmt: skip
    import numpy as np

    mask = np.ones((len(h_idx), len(s_idx)), dtype=bool)
    if declined:
        s_pos = {seekers[s].id: i for i, s in enumerate(s_idx)}
        h_pos = {hosts[h].id: i for i, h in enumerate(h_idx)}
        for seeker_id, host_id in declined:
            if seeker_id in s_pos and host_id in h_pos:
                mask[h_pos[host_id], s_pos[seeker_id]] = False
    return mask


def _solve_block(
    features: Features, s_idx: Any, h_idx: Any, declined: frozenset[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(seeker index, host index) pairs of one block's optimal assignment."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    capacity = features.h_capacity[h_idx]
    place_host = np.repeat(h_idx, capacity)  # the host of every place
    # More newcomers matched beats any better total score: the bonus exceeds every total.
    bonus = features.most * min(len(s_idx), len(place_host)) + 1.0
    # Places × newcomers, negated for a minimum-cost assignment. Places ≤ newcomers is the
    # usual case, and then scipy works on this array without copying it.
    seeker_side = -np.vstack([features.s_score[:, s_idx], np.full((1, len(s_idx)), bonus)])
    host_side = np.hstack([features.h_score[place_host], np.ones((len(place_host), 1))])
    place_lang = features.h_lang[place_host]
    seeker_lang = np.ascontiguousarray(features.s_lang[s_idx].T)
    cost = np.empty((len(place_host), len(s_idx)))
    step = max(1, _CHUNK_CELLS // len(s_idx))
    for start in range(0, len(place_host), step):
        rows = slice(start, min(len(place_host), start + step))
        np.matmul(host_side[rows], seeker_side, out=cost[rows])
        cost[rows][(place_lang[rows] @ seeker_lang) == 0] = 0.0  # no shared language
    if declined:  # declined pairs: like no shared language
        s_pos = {features.seeker_ids[s]: i for i, s in enumerate(s_idx)}
        places_of: dict[int, list[int]] = defaultdict(list)
        for place, host in enumerate(place_host):
            places_of[features.host_ids[host]].append(place)
        for seeker_id, host_id in declined:
            if seeker_id in s_pos and host_id in places_of:
                cost[places_of[host_id], s_pos[seeker_id]] = 0.0
    places, chosen = linear_sum_assignment(cost)
    return [
        (int(s_idx[s]), int(place_host[p]))
        for p, s in zip(places, chosen, strict=True)
        if cost[p, s] < 0
    ]


def _solution(
    seekers: Sequence[Seeker],
    hosts: Sequence[Host],
    pairings: list[Pairing],
    declined: frozenset[tuple[int, int]],
) -> Solution:
    matched = {p.seeker_id for p in pairings}
    waiting = [s for s in seekers if s.id not in matched]
    pairings.sort(key=lambda p: (-p.score, p.seeker_id))
    return Solution(tuple(pairings), _reasons(waiting, hosts, declined))


def _reasons(
    waiting: Sequence[Seeker], hosts: Sequence[Host], declined: frozenset[tuple[int, int]]
) -> dict[int, Unmatched]:
    """Why each waiting newcomer has no proposal. Full and not-ready groups count as
    sharing a language (their places may come), so the reason is then capacity."""
    speakers: dict[tuple[int, str], list[int]] = defaultdict(list)
    for host in hosts:
        for language in host.languages:
            speakers[(host.community_id, language)].append(host.id)
    declined_by: dict[int, set[int]] = defaultdict(set)
    for seeker_id, host_id in declined:
        declined_by[seeker_id].add(host_id)
    reasons: dict[int, Unmatched] = {}
    for seeker in waiting:
        keys = [(seeker.community_id, language) for language in seeker.languages]
        if not any(speakers.get(key) for key in keys):
            reasons[seeker.id] = Unmatched.NO_SHARED_LANGUAGE
        elif (
            seeker.id in declined_by
            and {host_id for key in keys for host_id in speakers.get(key, ())}
            <= declined_by[seeker.id]
        ):
            reasons[seeker.id] = Unmatched.DECLINED_BEFORE
        else:
            reasons[seeker.id] = Unmatched.NO_CAPACITY
    return reasons

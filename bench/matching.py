"""Matching newcomers to Welcome Groups: time, memory, optimality, and the gain over greedy.

    .venv/bin/python -m bench.matching [--newcomers 10000] [--groups 2000] [--communities 8]
        [--repeat 3] [--tiny 300] [--medium 30] [--seed 7] [--balanced 2500]

Instances are random but shaped like the real thing: eight communities of different sizes
(German- or Dutch-speaking), newcomers speaking Arabic, Dari, Farsi, Pashto, Kurdish,
Tigrinya, Somali, Ukrainian, Russian or Turkish (a third also English or French), groups
speaking the local language, mostly English and often one newcomer language; interests,
needs, age bands and family sizes drawn per person; capacities 1 (80 %), 2 or 3; one newcomer
in a hundred declined a group before. Weights are the defaults of config.yaml.

Measured, each in a fresh process (so the memory figures belong to that case alone):
* **main**: `solve` on the whole instance — wall time (median of --repeat), the peak memory
  the solve allocated (tracemalloc; numpy reports its arrays to it) and the process's RSS
  high-water mark (interpreter, numpy/scipy and the instance included);
* **one community**: the same people all in one community — the largest single block;
* **greedy**: the best-pair-first baseline on the main instance, and the optimum's gain in
  total score (and in newcomers matched) over it;
* **balanced** / **balanced greedy**: the same groups with only --balanced newcomers, about
  as many as there are places: there every place matters and greedy choices cost matches;
* **exactness**: `solve` against brute force on --tiny small instances and against an
  integer program (HiGHS through scipy.optimize.milp) on --medium larger ones; the result
  must match the optimum's number of matches and total score (100 % of the optimum).

Prints a table and, as its last line, one JSON object with every figure.

Over 300 lines on purpose: a self-contained benchmark script, read from top to bottom.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

from bench import verdict
from bot.core.welcome.domain import AGE_BANDS
from bot.core.welcome.matching import Solution, solve, solve_greedy
from bot.core.welcome.scores import Host, Seeker, Weights, compatible, parts_of
from bot.core.welcome.topics import NEEDS, TOPICS

DEFAULT_WEIGHTS = Weights(interests=1.0, needs=2.0, age=0.5, family=1.0)
TIME_TARGET_S = 2.0
MEMORY_TARGET_MIB = 1024.0
NEWCOMER_LANGUAGES = {
    "ar": 30, "prs": 14, "fa": 10, "ps": 5, "ku": 7, "ti": 6, "so": 4, "uk": 15, "ru": 5,
    "tr": 4,
}  # fmt: skip
GROUP_EXTRA_LANGUAGES = ("ar", "prs", "fa", "uk", "ru", "tr", "fr", "ku")
COMMUNITY_SHARES = (25, 20, 15, 12, 10, 8, 6, 4)
Instance = tuple[list[Seeker], list[Host], frozenset[tuple[int, int]]]


def _pick(rng: random.Random, weighted: dict[str, int]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def instance(
    newcomers: int, groups: int, communities: int, seed: int, *, one_community: bool = False
) -> Instance:
    rng = random.Random(seed)
    shares = list(COMMUNITY_SHARES[:communities]) or [1]
    community_ids = list(range(1, len(shares) + 1))

    def community() -> int:
        return 1 if one_community else rng.choices(community_ids, weights=shares)[0]

    def local(community_id: int) -> str:
        return "de" if community_id <= len(shares) // 2 else "nl"

    seekers = []
    for i in range(newcomers):
        languages = {_pick(rng, NEWCOMER_LANGUAGES)}
        if rng.random() < 0.3:
            languages.add(rng.choice(("en", "en", "en", "fr")))
        if rng.random() < 0.1:
            languages.add(_pick(rng, NEWCOMER_LANGUAGES))
        seekers.append(
            Seeker(
                id=i + 1,
                community_id=community(),
                languages=frozenset(languages),
                interests=frozenset(rng.sample(TOPICS, rng.randint(1, 4))),
                needs=frozenset(rng.sample(NEEDS, rng.randint(1, 3))),
                age_band=None if rng.random() < 0.2 else rng.randrange(len(AGE_BANDS)),
                family_size=rng.choice((1, 1, 1, 1, 2, 2, 3, 4, 5, 6)),
            )
        )
    hosts = []
    for j in range(groups):
        community_id = community()
        languages = {local(community_id)}
        if rng.random() < 0.7:
            languages.add("en")
        if rng.random() < 0.35:
            languages.add(rng.choice(GROUP_EXTRA_LANGUAGES))
        hosts.append(
            Host(
                id=j + 1,
                community_id=community_id,
                languages=frozenset(languages),
                interests=frozenset(rng.sample(TOPICS, rng.randint(2, 5))),
                offers=frozenset(rng.sample(NEEDS, rng.randint(2, 4))),
                age_band=None if rng.random() < 0.3 else rng.randrange(len(AGE_BANDS)),
                family_max=rng.choice((1, 4, 4, None)),
                capacity=rng.choices((1, 2, 3), weights=(80, 15, 5))[0],
            )
        )
    declined = frozenset(
        (s.id, rng.choice(hosts).id) for s in seekers if hosts and rng.random() < 0.01
    )
    return seekers, hosts, declined


def brute_force(
    seekers: Sequence[Seeker], hosts: Sequence[Host], weights: Weights,
    declined: frozenset[tuple[int, int]],
) -> tuple[int, float]:  # fmt: skip
    """The optimum (matches, total score) by trying every assignment (tiny instances)."""
    free = [h.capacity for h in hosts]
    best = (0, 0.0)

    def better(a: tuple[int, float], b: tuple[int, float]) -> bool:
        return a[0] > b[0] or (a[0] == b[0] and a[1] > b[1] + 1e-12)

    def walk(i: int, count: int, score: float) -> None:
        nonlocal best
        if i == len(seekers):
            if better((count, score), best):
                best = (count, score)
            return
        walk(i + 1, count, score)
        for j, host in enumerate(hosts):
            if free[j] and compatible(seekers[i], host, declined):
                free[j] -= 1
                walk(i + 1, count + 1, score + parts_of(seekers[i], host).score(weights))
                free[j] += 1

    walk(0, 0, 0.0)
    return best


def integer_program(
    seekers: Sequence[Seeker], hosts: Sequence[Host], weights: Weights,
    declined: frozenset[tuple[int, int]],
) -> tuple[int, float]:  # fmt: skip
    """The optimum (matches, total score) from an ILP solver, lexicographically: first the
    most matches, then, with that number fixed, the best total score."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

    edges = [
        (i, j, parts_of(s, h).score(weights))
        for i, s in enumerate(seekers)
        for j, h in enumerate(hosts)
        if h.capacity and compatible(s, h, declined)
    ]
    if not edges:
        return 0, 0.0
    a = np.zeros((len(seekers) + len(hosts), len(edges)))
    for k, (i, j, _) in enumerate(edges):
        a[i, k] = 1
        a[len(seekers) + j, k] = 1
    upper = [1] * len(seekers) + [h.capacity for h in hosts]
    rows = [LinearConstraint(a, 0, upper)]
    integral, bounds = np.ones(len(edges)), Bounds(0, 1)
    first = milp(-np.ones(len(edges)), constraints=rows, integrality=integral, bounds=bounds)
    count = round(-first.fun)
    rows.append(LinearConstraint(np.ones((1, len(edges))), count, count))
    scores = np.array([score for _, _, score in edges])
    second = milp(-scores, constraints=rows, integrality=integral, bounds=bounds)
    return count, float(-second.fun)


def _small(rng: random.Random, seekers: int, hosts: int, places: int) -> Instance:
    languages = ("ar", "prs", "en")
    made = [
        Seeker(
            i + 1,
            1,
            frozenset(rng.sample(languages, rng.randint(1, 2))),
            frozenset(rng.sample(TOPICS, rng.randint(0, 3))),
            frozenset(rng.sample(NEEDS, rng.randint(0, 3))),
            rng.choice((None, 0, 1, 2, 3, 4)),
            rng.randint(1, 6),
        )
        for i in range(seekers)
    ]
    groups = [
        Host(
            j + 1,
            1,
            frozenset(rng.sample(languages, rng.randint(1, 2))),
            frozenset(rng.sample(TOPICS, rng.randint(0, 4))),
            frozenset(rng.sample(NEEDS, rng.randint(0, 4))),
            rng.choice((None, 0, 2, 4)),
            rng.choice((None, 1, 3)),
            rng.randint(1, places),
        )
        for j in range(hosts)
    ]
    declined = frozenset((s.id, rng.choice(groups).id) for s in made if rng.random() < 0.15)
    return made, groups, declined


def exactness(tiny: int, medium: int, seed: int) -> dict[str, Any]:
    """Share of the optimum `solve` reaches, against brute force and an ILP solver."""
    rng = random.Random(seed)
    results: dict[str, Any] = {}
    for name, runs, sizes, exact in (
        ("brute_force", tiny, (2, 7, 1, 4, 2), brute_force),
        ("ilp", medium, (20, 60, 5, 20, 3), integer_program),
    ):
        worst, same_count, total_opt, total_ours = 100.0, 0, 0.0, 0.0
        for _ in range(runs):
            seekers, hosts, declined = _small(
                rng, rng.randint(sizes[0], sizes[1]), rng.randint(sizes[2], sizes[3]), sizes[4]
            )
            weights = Weights(*(rng.choice((0.0, 0.5, 1.0, 2.0, 3.0)) for _ in range(4)))
            count, optimum = exact(seekers, hosts, weights, declined)
            ours = solve(seekers, hosts, weights, declined)
            same_count += len(ours.pairings) == count
            if optimum > 0:
                worst = min(worst, 100 * ours.total_score / optimum)
            total_opt += optimum
            total_ours += ours.total_score
        results[name] = {
            "instances": runs,
            "same_number_of_matches": same_count,
            "worst_percent_of_optimum": round(worst, 6),
            "percent_of_optimum_overall": round(100 * total_ours / total_opt, 6)
            if total_opt
            else 100.0,
        }
    return results


def _summary(solution: Solution) -> dict[str, Any]:
    return {"matched": len(solution.pairings), "total_score": round(solution.total_score, 3)}


def _rss_high_water_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure(case: str, args: dict[str, Any], queue: Any) -> None:
    """Runs in a fresh process: build the instance, then time and measure one case."""
    newcomers = args["balanced"] if case.startswith("balanced") else args["newcomers"]
    seekers, hosts, declined = instance(
        newcomers, args["groups"], args["communities"], args["seed"],
        one_community=case == "one_community",
    )  # fmt: skip
    solver = solve_greedy if case.endswith("greedy") else solve
    solver(seekers[:50], hosts[:20], DEFAULT_WEIGHTS, declined)  # imports and warm-up
    times = []
    for _ in range(args["repeat"]):
        started = time.perf_counter()
        solution = solver(seekers, hosts, DEFAULT_WEIGHTS, declined)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    solver(seekers, hosts, DEFAULT_WEIGHTS, declined)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    queue.put(
        {
            "case": case,
            "seconds": round(statistics.median(times), 3),
            "seconds_all": [round(t, 3) for t in times],
            "solve_peak_mib": round(peak / 2**20, 1),
            "rss_high_water_mib": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
            "places": sum(h.capacity for h in hosts),
            **_summary(solution),
        }
    )


def _run_case(case: str, args: dict[str, Any]) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(case, args, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--newcomers", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=2_000)
    parser.add_argument("--communities", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tiny", type=int, default=300, help="brute-force checked instances")
    parser.add_argument("--medium", type=int, default=30, help="ILP-checked instances")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--balanced", type=int, default=2_500,
        help="newcomers of the balanced case (about as many as there are places)",
    )  # fmt: skip
    args = vars(parser.parse_args(argv))
    names = ("main", "one_community", "greedy", "balanced", "balanced_greedy")
    cases = {case: _run_case(case, args) for case in names}
    main_case, greedy = cases["main"], cases["greedy"]
    gain = 100 * (main_case["total_score"] - greedy["total_score"]) / greedy["total_score"]
    tight, tight_greedy = cases["balanced"], cases["balanced_greedy"]
    tight_gain = (
        100 * (tight["total_score"] - tight_greedy["total_score"]) / tight_greedy["total_score"]
    )
    exact = exactness(args["tiny"], args["medium"], args["seed"])
    print(f"{args['newcomers']:,} newcomers × {args['groups']:,} groups "
          f"({main_case['places']:,} places), {args['communities']} communities")  # fmt: skip
    print(f"{'case':<15}{'time s':>9}{'solve MiB':>11}{'RSS MiB':>9}{'matched':>9}{'score':>12}")
    for case, row in cases.items():
        print(
            f"{case:<15}{row['seconds']:>9.3f}{row['solve_peak_mib']:>11.1f}"
            f"{row['rss_high_water_mib']:>9.1f}{row['matched']:>9,}{row['total_score']:>12.1f}"
        )
    for case in ("main", "one_community"):
        row = cases[case]
        ok = row["seconds"] <= TIME_TARGET_S and row["rss_high_water_mib"] <= MEMORY_TARGET_MIB
        print(f"{case}: ≤{TIME_TARGET_S} s and ≤{MEMORY_TARGET_MIB:.0f} MiB: {verdict(ok)}")
    for label, ours, theirs, percent in (
        ("main", main_case, greedy, gain),
        ("balanced", tight, tight_greedy, tight_gain),
    ):
        print(
            f"gain over greedy ({label}): {percent:+.2f} % total score, "
            f"{ours['matched'] - theirs['matched']:+d} newcomers matched"
        )
    for name, row in exact.items():
        print(f"exact ({name}): {row['instances']} instances, same number of matches in "
              f"{row['same_number_of_matches']}, worst {row['worst_percent_of_optimum']} % "
              "of the optimum")  # fmt: skip
    print(json.dumps({"parameters": args, "cases": cases, "gain_percent": round(gain, 3),
                      "balanced_gain_percent": round(tight_gain, 3),
                      "exactness": exact}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

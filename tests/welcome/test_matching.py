"""The matching on its own: optimal against exact solvers, hard constraints, fairness."""

from __future__ import annotations

import random

import pytest

from bench.matching import _small, brute_force, instance, integer_program
from bot.core.welcome.matching import Unmatched, solve, solve_greedy
from bot.core.welcome.scores import Host, Seeker, Weights, compatible, parts_of

WEIGHTS = Weights(interests=1.0, needs=2.0, age=0.5, family=1.0)


def seeker(id_: int, *languages: str, community: int = 1, **more: object) -> Seeker:
    return Seeker(id_, community, frozenset(languages), **more)  # type: ignore[arg-type]


def host(id_: int, *languages: str, community: int = 1, **more: object) -> Host:
    return Host(id_, community, frozenset(languages), **more)  # type: ignore[arg-type]


def test_solve_reaches_the_brute_force_optimum_on_300_small_instances() -> None:
    rng = random.Random(11)
    for _ in range(300):
        seekers, hosts, declined = _small(rng, rng.randint(1, 7), rng.randint(1, 4), 2)
        weights = Weights(*(rng.choice((0.0, 0.5, 1.0, 3.0)) for _ in range(4)))
        count, optimum = brute_force(seekers, hosts, weights, declined)
        ours = solve(seekers, hosts, weights, declined)
        assert len(ours.pairings) == count
        assert ours.total_score == pytest.approx(optimum, abs=1e-9)


def test_solve_reaches_the_integer_program_optimum_on_larger_instances() -> None:
    rng = random.Random(5)
    for _ in range(8):
        seekers, hosts, declined = _small(rng, rng.randint(20, 50), rng.randint(5, 15), 3)
        count, optimum = integer_program(seekers, hosts, WEIGHTS, declined)
        ours = solve(seekers, hosts, WEIGHTS, declined)
        assert len(ours.pairings) == count
        assert ours.total_score == pytest.approx(optimum, abs=1e-6)


def test_hard_constraints_hold_on_a_large_instance() -> None:
    seekers, hosts, declined = instance(1500, 300, 4, seed=3)
    solution = solve(seekers, hosts, WEIGHTS, declined)
    by_id = {h.id: h for h in hosts}
    seekers_by_id = {s.id: s for s in seekers}
    used: dict[int, int] = {}
    for pairing in solution.pairings:
        assert compatible(seekers_by_id[pairing.seeker_id], by_id[pairing.host_id], declined)
        used[pairing.host_id] = used.get(pairing.host_id, 0) + 1
    assert all(used[h] <= by_id[h].capacity for h in used)
    assert len({p.seeker_id for p in solution.pairings}) == len(solution.pairings)
    assert set(solution.unmatched) | {p.seeker_id for p in solution.pairings} == set(seekers_by_id)


def test_the_vectorised_scores_are_the_scores_of_the_explanation() -> None:
    seekers, hosts, declined = instance(400, 80, 2, seed=9)
    for pairing in solve(seekers, hosts, WEIGHTS, declined).pairings:
        s = next(x for x in seekers if x.id == pairing.seeker_id)
        h = next(x for x in hosts if x.id == pairing.host_id)
        assert pairing.score == pytest.approx(parts_of(s, h).score(WEIGHTS))


def test_matching_more_people_comes_before_a_better_score() -> None:
    # Amal fits the bilingual group best, but only that group speaks Tigrinya.
    amal = seeker(1, "ar", interests=frozenset({"sport"}), needs=frozenset({"housing"}))
    tesfay = seeker(2, "ti")
    both = host(10, "ar", "ti", interests=frozenset({"sport"}), offers=frozenset({"housing"}))
    arabic = host(11, "ar")
    optimal = solve([amal, tesfay], [both, arabic], WEIGHTS)
    assert {(p.seeker_id, p.host_id) for p in optimal.pairings} == {(1, 11), (2, 10)}
    greedy = solve_greedy([amal, tesfay], [both, arabic], WEIGHTS)
    assert {(p.seeker_id, p.host_id) for p in greedy.pairings} == {(1, 10)}
    assert greedy.unmatched == {2: Unmatched.NO_CAPACITY}


def test_when_there_is_room_for_everyone_no_language_group_is_left_out() -> None:
    """Twelve newcomers in each of five languages and exactly sixty places: per language a
    plain group with nine places and an attractive one with three that also speaks Arabic.
    Greedy gives the attractive places to Arabic speakers first and leaves Dari, Tigrinya and
    Somali speakers out; the optimum matches every newcomer of every language."""
    rng = random.Random(2)
    topics = ("sport", "culture-food", "health", "housing", "jobs-training")
    seekers, hosts = [], []
    for language in ("ar", "prs", "ti", "so", "uk"):
        for _ in range(12):
            seekers.append(
                seeker(
                    len(seekers) + 1,
                    language,
                    interests=frozenset(rng.sample(topics, 2)),
                    needs=frozenset({"legal-paperwork"}),
                )
            )
        hosts.append(host(len(hosts) + 1, "de", language, capacity=9))
    for language in ("ar", "prs", "ti", "so", "uk"):
        # Attractive groups that also speak Arabic: greedy gives them to Arabic speakers.
        hosts.append(
            host(
                len(hosts) + 1,
                "de",
                "ar",
                language,
                capacity=3,
                interests=frozenset(topics),
                offers=frozenset({"legal-paperwork"}),
            )
        )
    assert sum(h.capacity for h in hosts) == len(seekers)
    solution = solve(seekers, hosts, WEIGHTS)
    assert solution.unmatched == {}
    matched_languages = {
        next(iter(s.languages)) for s in seekers if s.id not in solution.unmatched
    }
    assert matched_languages == {"ar", "prs", "ti", "so", "uk"}
    greedy = solve_greedy(seekers, hosts, WEIGHTS)
    left_out = {next(iter(s.languages)) for s in seekers if s.id in greedy.unmatched}
    assert left_out == {"prs", "ti", "so"}


def test_why_newcomers_stay_in_the_queue() -> None:
    seekers = [seeker(1, "so"), seeker(2, "ar"), seeker(3, "ar"), seeker(4, "uk")]
    hosts = [host(10, "ar"), host(11, "uk", capacity=0), host(12, "so", community=2)]
    solution = solve(seekers, hosts, WEIGHTS, declined={(4, 11)})
    assert len(solution.pairings) == 1
    assert solution.unmatched[1] is Unmatched.NO_SHARED_LANGUAGE  # the Somali group is elsewhere
    [arabic_waiting] = {2, 3} & set(solution.unmatched)
    assert solution.unmatched[arabic_waiting] is Unmatched.NO_CAPACITY
    assert solution.unmatched[4] is Unmatched.DECLINED_BEFORE


def test_the_explanation_names_what_the_pair_shares() -> None:
    newcomer = seeker(
        1, "prs", "en", interests=frozenset({"sport", "health"}),
        needs=frozenset({"legal-paperwork", "housing"}), age_band=1, family_size=4,
    )  # fmt: skip
    group = host(
        9, "prs", "de", interests=frozenset({"sport"}), offers=frozenset({"legal-paperwork"}),
        age_band=1, family_max=None,
    )  # fmt: skip
    [pairing] = solve([newcomer], [group], WEIGHTS).pairings
    assert pairing.languages == ("prs",)
    assert pairing.interests == ("sport",)
    assert pairing.needs == ("legal-paperwork",)
    assert pairing.same_age and pairing.family_fits
    assert pairing.score == pytest.approx(1.0 * 0.5 + 2.0 * 0.5 + 0.5 * 1 + 1.0 * 1)
    assert pairing.reasons()["parts"] == {"interests": 0.5, "needs": 0.5, "age": 1.0,
                                          "family": 1.0}  # fmt: skip


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_weights_must_be_finite_and_not_negative(bad: float) -> None:
    with pytest.raises(ValueError, match="needs"):
        Weights(interests=1.0, needs=bad, age=0.5, family=1.0)


def test_nothing_to_match_is_no_problem() -> None:
    assert solve([], [], WEIGHTS).pairings == ()
    assert solve([seeker(1, "ar")], [], WEIGHTS).unmatched == {1: Unmatched.NO_SHARED_LANGUAGE}

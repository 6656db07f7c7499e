"""More than one link per school (a school offering several classes): the b-matching engine
against brute force on real schools, and plan_links with capacities, fixed pairs and exclusions."""

import itertools
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from commonground.schoolmix.linking import b_matching, matching, plan_links, shares
from commonground.schoolmix.reader import read_schools

pytestmark = pytest.mark.engine


def _best_b_matching(edges: dict[tuple[int, int], float], capacity: dict[int, int]) -> float:
    """Largest total over every set of distinct edges using school i at most capacity[i] times."""
    keys = list(edges)
    best = 0.0
    for size in range(len(keys) + 1):
        for chosen in itertools.combinations(keys, size):
            used = Counter(s for pair in chosen for s in pair)
            if all(used[s] <= capacity[s] for s in used):
                best = max(best, sum(edges[k] for k in chosen))
    return best


def _district(table, phase: str) -> list[int]:
    return [i for i, p in enumerate(table.phase) if p == phase and table.in_district[i]]


def test_b_matching_equals_brute_force_on_real_schools(schools_csv: Path) -> None:
    """Groups of 6 real secondary schools, every pair a candidate, capacities 1–3: every subset
    of pairs is tried (2**15 each) and the engine's total is the largest feasible one."""
    table = read_schools(schools_csv)
    p = shares(table.groups)
    rows = _district(table, "secondary")
    rng = np.random.default_rng(16)
    checked = 0
    for start in range(0, 30, 6):
        group = rows[start : start + 6]
        pairs = np.array(list(itertools.combinations(group, 2)))
        diff = 0.5 * np.abs(p[pairs[:, 0]] - p[pairs[:, 1]]).sum(axis=1)
        capacity = np.ones(len(table.urns), dtype=np.int64)
        capacity[group] = rng.integers(1, 4, size=len(group))
        chosen = b_matching(pairs, diff, capacity)
        used = Counter(int(s) for e in chosen for s in pairs[e])
        assert all(used[s] <= capacity[s] for s in used)
        assert len({tuple(pairs[e]) for e in chosen}) == len(chosen)
        best = _best_b_matching(
            {tuple(map(int, pr)): float(d) for pr, d in zip(pairs, diff, strict=True)},
            {int(s): int(capacity[s]) for s in group},
        )
        assert float(diff[chosen].sum()) == pytest.approx(best, abs=1e-9)
        checked += 1
    assert checked == 5


def test_capacity_one_is_ordinary_matching(schools_csv: Path) -> None:
    table = read_schools(schools_csv)
    p = shares(table.groups)
    group = _district(table, "primary")[:40]
    pairs = np.array(list(itertools.combinations(group, 2)))
    diff = 0.5 * np.abs(p[pairs[:, 0]] - p[pairs[:, 1]]).sum(axis=1)
    ones = np.ones(len(table.urns), dtype=np.int64)
    assert b_matching(pairs, diff, ones) == matching(pairs, diff)


def test_plan_links_gives_a_school_as_many_partners_as_classes(schools_csv: Path) -> None:
    table = read_schools(schools_csv)
    urns = [table.urns[i] for i in _district(table, "secondary")]
    capacity = {urns[0]: 3, urns[1]: 2}
    plan = plan_links(table, max_km=30, phases=("secondary",), capacity=capacity)
    single = plan_links(table, max_km=30, phases=("secondary",))
    links = Counter(table.urns[r] for link in plan.links for r in (link.a, link.b))
    assert links[urns[0]] == 3 and links[urns[1]] == 2
    assert all(n == 1 for u, n in links.items() if u not in capacity)
    assert len({(link.a, link.b) for link in plan.links}) == len(plan.links)
    # more room can only add difference
    assert plan.total_difference > single.total_difference


def test_fixed_pairs_use_one_of_a_schools_links(schools_csv: Path) -> None:
    table = read_schools(schools_csv)
    urns = [table.urns[i] for i in _district(table, "secondary")]
    fixed = (urns[0], urns[5])
    plan = plan_links(table, max_km=30, phases=("secondary",), capacity={urns[0]: 2}, fixed=[fixed])
    partners = [
        {table.urns[link.a], table.urns[link.b]} - {urns[0]}
        for link in plan.links
        if urns[0] in (table.urns[link.a], table.urns[link.b])
    ]
    assert len(partners) == 2 and {urns[5]} in partners  # the fixed pair and one more, not twice
    assert sum(1 for link in plan.links if urns[5] in (table.urns[link.a], table.urns[link.b])) == 1


def test_a_capacity_below_one_is_refused(schools_csv: Path) -> None:
    table = read_schools(schools_csv)
    urn = table.urns[_district(table, "primary")[0]]
    with pytest.raises(ValueError, match="at least 1"):
        plan_links(table, max_km=5, phases=("primary",), capacity={urn: 0})

"""Linking pairs: constraints on the real file, and the optimum against brute force."""

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from commonground.schoolmix import cli_link
from commonground.schoolmix.geo import haversine_km
from commonground.schoolmix.linking import matching, max_weight_pairs, plan_links
from commonground.schoolmix.reader import read_schools

pytestmark = pytest.mark.engine


def _best_brute_force(n: int, edges: dict[tuple[int, int], float]) -> float:
    """Largest total weight of any matching, by trying every set of disjoint edges."""
    best = 0.0
    keys = list(edges)

    def grow(start: int, used: frozenset, total: float) -> None:
        nonlocal best
        best = max(best, total)
        for e in range(start, len(keys)):
            a, b = keys[e]
            if a not in used and b not in used:
                grow(e + 1, used | {a, b}, total + edges[keys[e]])

    grow(0, frozenset(), 0.0)
    return best


def test_real_file_pairs_respect_the_contract(schools_csv: Path, capsys) -> None:
    assert cli_link.main([str(schools_csv), "--max-km", "4", "--phase", "secondary", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    table = read_schools(schools_csv)
    row = {int(u): i for i, u in enumerate(table.urns)}
    seen: set[int] = set()
    for a, b, difference, km in got["pairs"]:
        i, j = row[a], row[b]
        assert table.in_district[i] and table.in_district[j]
        assert table.phase[i] == table.phase[j] == "secondary"
        assert km <= 4 and km == pytest.approx(
            haversine_km(table.lat[i], table.long[i], table.lat[j], table.long[j])
        )
        p, q = table.groups[i] / table.groups[i].sum(), table.groups[j] / table.groups[j].sum()
        assert difference == pytest.approx(0.5 * np.abs(p - q).sum(), abs=1e-12)
        assert not {a, b} & seen
        seen |= {a, b}
    assert got["total_difference"] == pytest.approx(sum(p[2] for p in got["pairs"]), abs=1e-12)
    assert len(got["pairs"]) >= 5


def test_optimum_equals_brute_force_on_real_subsets(schools_csv: Path) -> None:
    """District secondary schools, in groups of 10 (pairs within 12 km): every matching tried."""
    table = read_schools(schools_csv)
    rows = [i for i, p in enumerate(table.phase) if p == "secondary" and table.in_district[i]]
    share = table.groups / table.groups.sum(axis=1, keepdims=True)
    for start in range(0, 30, 10):
        chunk = rows[start : start + 10]
        edges = {}
        for a, b in itertools.combinations(chunk, 2):
            if haversine_km(table.lat[a], table.long[a], table.lat[b], table.long[b]) <= 12:
                edges[(a, b)] = 0.5 * float(np.abs(share[a] - share[b]).sum())
        pairs = np.array(list(edges), dtype=np.int64).reshape(-1, 2)
        best = _best_brute_force(len(chunk), edges)
        for solver in (matching, max_weight_pairs):  # ours (rustworkx) and NetworkX
            chosen = solver(pairs, np.array(list(edges.values())))
            total = sum(edges[tuple(pairs[e])] for e in chosen)
            assert total == pytest.approx(best, abs=1e-9), solver.__name__


def test_maximises_total_not_pairs() -> None:
    """Path a–b–c–d with a heavy middle edge: one pair (0.9) beats two pairs (0.4 + 0.4)."""
    pairs = np.array([[0, 1], [1, 2], [2, 3]])
    assert max_weight_pairs(pairs, np.array([0.4, 0.9, 0.4])) == [1]
    assert matching(pairs, np.array([0.4, 0.9, 0.4])) == [1]


def test_avoid_and_fixed_pairs(schools_csv: Path) -> None:
    table = read_schools(schools_csv)
    plan = plan_links(table, max_km=4, phases=("secondary",))
    first = plan.links[0]
    a, b = table.urns[first.a], table.urns[first.b]
    again = plan_links(table, max_km=4, phases=("secondary",), avoid=[(a, b)])
    assert all({table.urns[k.a], table.urns[k.b]} != {a, b} for k in again.links)
    assert again.total_difference <= plan.total_difference + 1e-12
    with pytest.raises(ValueError, match="above 0"):
        plan_links(table, max_km=0, phases=("secondary",))


def test_highs_agrees_with_networkx_on_real_file(schools_csv: Path) -> None:
    """The large-graph solver gives NetworkX's optimum (156 primary schools, 6 km)."""
    from commonground.schoolmix.linking import candidate_pairs, milp_pairs

    table = read_schools(schools_csv)
    rows = np.array(
        [i for i, p in enumerate(table.phase) if p == "primary" and table.in_district[i]]
    )
    pairs, diff, _km = candidate_pairs(table, rows, 6.0)
    assert len(pairs) > 1000
    ours = diff[milp_pairs(pairs, diff)].sum()
    theirs = diff[max_weight_pairs(pairs, diff)].sum()
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_rustworkx_agrees_with_networkx_and_highs_on_real_file(schools_csv: Path) -> None:
    """The matching the command uses (rustworkx) reaches NetworkX's and HiGHS's optimum on
    Bradford's 156 primary schools within 6 km, and is a matching."""
    from commonground.schoolmix.linking import candidate_pairs, milp_pairs

    table = read_schools(schools_csv)
    rows = np.array(
        [i for i, p in enumerate(table.phase) if p == "primary" and table.in_district[i]]
    )
    pairs, diff, _km = candidate_pairs(table, rows, 6.0)
    chosen = matching(pairs, diff)
    used = pairs[chosen].ravel()
    assert len(set(used.tolist())) == len(used)
    ours = diff[chosen].sum()
    assert ours == pytest.approx(diff[max_weight_pairs(pairs, diff)].sum(), abs=1e-9)
    assert ours == pytest.approx(diff[milp_pairs(pairs, diff)].sum(), abs=1e-9)


def test_matching_of_no_pairs_is_empty() -> None:
    assert matching(np.zeros((0, 2), dtype=np.int64), np.zeros(0)) == []

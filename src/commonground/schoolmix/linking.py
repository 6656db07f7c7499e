"""School linking: pairs of schools as different as possible, each within a travel distance.

Difference between two schools is the total-variation distance between their pupils'
ethnicity distributions over the 18 DfE groups (unclassified pupils left out): half the sum over
groups of the absolute difference of the two shares, from 0 (same make-up) to 1 (no group in
common).  Pairs are chosen by maximum-weight matching (``maxcardinality=False``): the total
difference is maximised, not the number of pairs.  The matching is rustworkx's blossom
algorithm (Rust; 2,000 schools within 15 km, ~124,000 candidate pairs, in a few seconds) on
integer weights; NetworkX's pure-Python implementation of the same algorithm (minutes on that
graph) and an integer programme solved by HiGHS (SciPy's ``milp``, relative gap 0) are kept as
independent references, checked against it in the tests and in ``benchmarks/school_linking.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np

from .geo import haversine_km, pairs_within
from .reader import SchoolTable

__all__ = [
    "WEIGHT_SCALE",
    "Link",
    "LinkPlan",
    "b_matching",
    "candidate_pairs",
    "matching",
    "max_weight_pairs",
    "milp_pairs",
    "plan_links",
    "shares",
    "total_variation",
]

WEIGHT_SCALE = 2**40
"""Differences are given to the matching as integers (difference × 2**40, rounded): NetworkX's
blossom algorithm is exact on integers and may be slightly suboptimal on floats.  The rounding
(< 1e-12 per pair) cannot change the total by more than 1e-9 for a thousand pairs."""


@dataclass(frozen=True)
class Link:
    """A proposed pair (rows a < b in the file) with its difference and great-circle distance."""

    a: int
    b: int
    difference: float
    km: float


@dataclass(frozen=True)
class LinkPlan:
    """The pairs chosen and what was considered."""

    links: tuple[Link, ...]
    candidates: int  # pairs within the distance
    schools: int  # schools that could take part

    @property
    def total_difference(self) -> float:
        return math.fsum(link.difference for link in self.links)


def shares(groups: np.ndarray) -> np.ndarray:
    """Rows of counts → rows of shares (a row of zeros stays zeros)."""
    groups = np.asarray(groups, dtype=float)
    totals = groups.sum(axis=-1, keepdims=True)
    return np.divide(groups, totals, out=np.zeros_like(groups), where=totals > 0)


def total_variation(a: np.ndarray, b: np.ndarray) -> np.ndarray | float:
    """Half the sum of absolute differences of two share vectors (last axis)."""
    d = 0.5 * np.abs(np.asarray(a) - np.asarray(b)).sum(axis=-1)
    return float(d) if np.ndim(d) == 0 else d


def candidate_pairs(
    table: SchoolTable, rows: np.ndarray, max_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of ``rows`` within ``max_km``: (m, 2) file rows, differences, km."""
    rows = np.asarray(rows, dtype=np.int64)
    local = pairs_within(table.lat[rows], table.long[rows], max_km)
    pairs = rows[local] if len(local) else np.empty((0, 2), dtype=np.int64)
    p = shares(table.groups)
    diff = total_variation(p[pairs[:, 0]], p[pairs[:, 1]]) if len(pairs) else np.empty(0)
    km = (
        haversine_km(
            table.lat[pairs[:, 0]],
            table.long[pairs[:, 0]],
            table.lat[pairs[:, 1]],
            table.long[pairs[:, 1]],
        )
        if len(pairs)
        else np.empty(0)
    )
    return pairs, np.atleast_1d(diff), np.atleast_1d(km)


def matching(pairs: np.ndarray, weights: np.ndarray) -> list[int]:
    """Edge indices of a maximum-weight matching (rustworkx's blossom algorithm)."""
    import rustworkx as rx

    pairs = np.asarray(pairs, dtype=np.int64)
    scaled = np.rint(np.asarray(weights, dtype=float) * WEIGHT_SCALE).astype(np.int64)
    keep = np.flatnonzero(scaled > 0)  # a pair of identical schools adds nothing
    nodes, local = np.unique(pairs[keep], return_inverse=True)
    local = local.reshape(-1, 2)
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(len(nodes)))
    graph.add_edges_from(
        list(zip(local[:, 0].tolist(), local[:, 1].tolist(), keep.tolist(), strict=True))
    )
    chosen = rx.max_weight_matching(
        graph, max_cardinality=False, weight_fn=lambda e: int(scaled[e])
    )
    return sorted(int(graph.get_edge_data(a, b)) for a, b in chosen)


def milp_pairs(pairs: np.ndarray, weights: np.ndarray) -> list[int]:
    """Maximum-weight matching as a 0–1 programme (each school in at most one pair), by HiGHS.

    Falls back to NetworkX if the solver does not prove optimality or its rounded answer is not
    a matching, so the answer is always an optimum.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    pairs = np.asarray(pairs, dtype=np.int64)
    w = np.asarray(weights, dtype=float)
    nodes, local = np.unique(pairs, return_inverse=True)
    local = local.reshape(pairs.shape)
    m = len(w)
    incidence = coo_array(
        (np.ones(2 * m), (np.concatenate([local[:, 0], local[:, 1]]), np.tile(np.arange(m), 2))),
        shape=(len(nodes), m),
    ).tocsr()
    result = milp(
        -w,
        constraints=LinearConstraint(incidence, 0, 1),
        integrality=np.ones(m),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if result.status != 0 or result.x is None:
        return max_weight_pairs(pairs, w)
    chosen = np.flatnonzero((result.x > 0.5) & (w > 0))
    used = local[chosen].ravel()
    if len(np.unique(used)) != len(used):
        return max_weight_pairs(pairs, w)
    return sorted(int(e) for e in chosen)


def _incidence(local: np.ndarray, nodes: int):
    """School × pair incidence matrix (CSR) of pairs given as local node numbers."""
    from scipy.sparse import coo_array

    m = len(local)
    return coo_array(
        (np.ones(2 * m), (np.concatenate([local[:, 0], local[:, 1]]), np.tile(np.arange(m), 2))),
        shape=(nodes, m),
    ).tocsr()


def _milp_b_matching(local: np.ndarray, w: np.ndarray, capacity: np.ndarray) -> tuple[list, float]:
    """Proven optimum of the 0–1 programme on the pairs given: (edge indices, total)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    result = milp(
        -w,
        constraints=LinearConstraint(_incidence(local, len(capacity)), 0, capacity),
        integrality=np.ones(len(w)),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if result.status != 0 or result.x is None:
        raise RuntimeError(f"HiGHS found no optimal plan: {result.message}")
    chosen = np.flatnonzero(result.x > 0.5)
    return chosen.tolist(), math.fsum(w[chosen])


FIXING_START = 0.005
"""First reduced-cost margin tried by :func:`b_matching` (in units of difference); it grows
fourfold until the optimum is proven.  The integrality gap of school b-matching is about 1e-3
on 2,000 schools, so the first try nearly always proves it."""


def b_matching(pairs: np.ndarray, weights: np.ndarray, capacity: np.ndarray) -> list[int]:
    """Edge indices of a maximum-weight *b*-matching: school ``i`` in at most ``capacity[i]``
    pairs (one per class it offers), each pair at most once, so a school's classes are linked to
    different schools.

    Why an integer programme: the blossom algorithm (rustworkx, NetworkX) only matches each
    school once, and no well-kept Python library has weighted b-matching; as a 0–1 programme
    (incidence ≤ capacity) HiGHS (SciPy) solves it to a proven zero gap.  When every capacity is
    1 this is ordinary matching and the faster blossom algorithm is used.

    Why the linear relaxation first (reduced-cost fixing, exact): branch and bound on all
    ~124,000 candidate pairs of 2,000 schools takes HiGHS ~40 s.  Its LP relaxation takes ~1 s
    and gives school prices ``y ≥ 0``; for any such prices, weak duality bounds every plan's
    total by ``UB = Σ capacity·y + Σ max(0, d)`` with a pair's reduced cost
    ``d = w − y_a − y_b``, and a plan using a pair with ``d < −δ`` totals less than ``UB − δ``.
    So the programme is solved on the pairs with ``d ≥ −δ`` only (a few thousand); if its
    optimum is at least ``UB − δ`` no excluded pair can be in a better plan and it is the
    optimum of the whole; otherwise δ grows fourfold and the programme is solved again (at
    worst on every pair).  ``capacity`` is indexed by the node numbers used in ``pairs``.
    """
    from scipy.optimize import linprog

    pairs = np.asarray(pairs, dtype=np.int64)
    w = np.asarray(weights, dtype=float)
    capacity = np.asarray(capacity, dtype=np.int64)
    keep = np.flatnonzero(np.rint(w * WEIGHT_SCALE) > 0)  # a pair of identical schools adds nothing
    if not len(keep):
        return []
    if capacity[np.unique(pairs[keep])].max() <= 1:
        return matching(pairs, w)
    nodes, local = np.unique(pairs[keep], return_inverse=True)
    local = local.reshape(-1, 2)
    w, cap = w[keep], capacity[nodes].astype(float)
    relaxed = linprog(-w, A_ub=_incidence(local, len(nodes)), b_ub=cap, bounds=(0, 1))
    if relaxed.status != 0:
        raise RuntimeError(f"HiGHS could not solve the relaxation: {relaxed.message}")
    y = np.maximum(0.0, -np.asarray(relaxed.ineqlin.marginals, dtype=float))
    reduced = w - y[local[:, 0]] - y[local[:, 1]]
    bound = math.fsum(cap * y) + math.fsum(np.maximum(reduced, 0.0))
    slack = 1e-9 * max(1.0, bound)  # rounding in the sums above
    delta = FIXING_START
    while True:
        kept = np.flatnonzero(reduced >= -delta)
        if len(kept) == len(w):
            chosen, _total = _milp_b_matching(local, w, cap)
            return sorted(int(keep[e]) for e in chosen)
        chosen, total = _milp_b_matching(local[kept], w[kept], cap)
        if total >= bound - delta + slack:
            return sorted(int(keep[kept[e]]) for e in chosen)
        delta *= 4


def max_weight_pairs(pairs: np.ndarray, weights: np.ndarray) -> list[int]:
    """Indices of the edges of a maximum-weight matching (NetworkX, integer weights)."""
    graph = nx.Graph()
    index: dict[tuple[int, int], int] = {}
    for e, ((a, b), w) in enumerate(zip(pairs.tolist(), weights.tolist(), strict=True)):
        scaled = round(w * WEIGHT_SCALE)
        if scaled <= 0:
            continue  # a pair of identical schools adds nothing
        graph.add_edge(a, b, weight=scaled)
        index[(min(a, b), max(a, b))] = e
    matching = nx.max_weight_matching(graph, maxcardinality=False)
    return sorted(index[(min(a, b), max(a, b))] for a, b in matching)


def plan_links(
    table: SchoolTable,
    *,
    max_km: float,
    phases: Iterable[str],
    exclude: Iterable[str] = (),
    avoid: Iterable[tuple[str, str]] = (),
    fixed: Iterable[tuple[str, str]] = (),
    capacity: Mapping[str, int] | None = None,
) -> LinkPlan:
    """Pairs of district schools of each phase (never across phases), maximising difference.

    ``exclude`` URNs take no part; ``avoid`` pairs are never proposed (linked last year, a known
    conflict); ``fixed`` pairs are kept whatever they cost and use one of each school's links.
    ``capacity`` gives a school's number of links (the classes it offers, each linked to a
    different school; 1 when not given): fixed pairs count against it, and the rest is a
    maximum-weight b-matching (:func:`b_matching`).  Schools with no classified pupils cannot be
    compared and are left out.
    """
    if not (max_km > 0 and math.isfinite(max_km)):
        raise ValueError("the maximum distance must be a number of km above 0")
    row_of = {urn: i for i, urn in enumerate(table.urns)}
    excluded = {row_of[u] for u in exclude if u in row_of}
    avoided = {frozenset((row_of[a], row_of[b])) for a, b in avoid if a in row_of and b in row_of}
    p = shares(table.groups)
    left = np.ones(len(table.urns), dtype=np.int64)
    for urn, count in (capacity or {}).items():
        if urn in row_of:
            if count < 1:
                raise ValueError(f"school {urn}: the number of links must be at least 1")
            left[row_of[urn]] = int(count)
    links: list[Link] = []
    for a, b in fixed:
        i, j = sorted((row_of[a], row_of[b]))
        km = haversine_km(table.lat[i], table.long[i], table.lat[j], table.long[j])
        links.append(Link(i, j, total_variation(p[i], p[j]), km))
        avoided.add(frozenset((i, j)))
        left[[i, j]] -= 1
    excluded |= {int(i) for i in np.flatnonzero(left <= 0)}
    classified = table.classified
    candidates = schools = 0
    for phase in phases:
        rows = np.array(
            [
                i
                for i, ph in enumerate(table.phase)
                if ph == phase and table.in_district[i] and classified[i] > 0 and i not in excluded
            ],
            dtype=np.int64,
        )
        schools += len(rows)
        pairs, diff, km = candidate_pairs(table, rows, max_km)
        if avoided and len(pairs):
            keep = np.array([frozenset(pr) not in avoided for pr in pairs.tolist()], dtype=bool)
            pairs, diff, km = pairs[keep], diff[keep], km[keep]
        candidates += len(pairs)
        for e in b_matching(pairs, diff, left):
            links.append(Link(int(pairs[e, 0]), int(pairs[e, 1]), float(diff[e]), float(km[e])))
    links.sort(key=lambda link: (link.a, link.b))
    return LinkPlan(tuple(links), candidates, schools)

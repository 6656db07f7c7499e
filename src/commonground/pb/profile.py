"""The rules' view of an election: per-project supporter lists with satisfaction values.

Satisfaction conventions (identical to our reference runs of pabutools):

* approval and choose-1 ballots: *cost satisfaction* — a supporter of ``p`` gets ``cost(p)``;
  greedy therefore orders projects by their number of approvals;
* cumulative and scoring ballots: *additive cardinal satisfaction* (the points) in MES, and
  points × cost in greedy (so greedy orders projects by their total points);
* ordinal ballots are first turned into points, ``max_length − rank index`` (Kraków's 3-2-1),
  where ``max_length`` comes from META (else the longest ballot), and then count as cumulative.

The supporter lists are a CSR transpose of the ballots (``sup_ptr``/``sup_voter``/``sup_util``),
so that a rule touches only the voters who support a project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np

from .election import Election, parse_number


@dataclass
class Profile:
    """Per-project supporters of an election, ready for the rules."""

    ids: list[str]
    costs: list[Fraction]
    cost_f: np.ndarray
    budget: Fraction
    n: int
    approval_like: bool
    sup_ptr: np.ndarray
    sup_voter: np.ndarray
    sup_points: np.ndarray
    exact_point: dict[float, Fraction] = field(default_factory=dict)

    @property
    def m(self) -> int:
        return len(self.ids)

    def supporters(self, j: int) -> np.ndarray:
        return self.sup_voter[self.sup_ptr[j] : self.sup_ptr[j + 1]]

    def points(self, j: int) -> np.ndarray:
        """Points each supporter gives ``j`` (1 for approval-type ballots)."""
        return self.sup_points[self.sup_ptr[j] : self.sup_ptr[j + 1]]

    def to_exact(self, value: float) -> Fraction:
        """The exact value of a points entry (points are integers except in rare files)."""
        exact = self.exact_point.get(value)
        return exact if exact is not None else Fraction(int(value))

    @cached_property
    def num_supporters(self) -> np.ndarray:
        return np.diff(self.sup_ptr)

    @cached_property
    def scores(self) -> list[Fraction]:
        """Exact greedy score per project: approvals, or total points."""
        out = []
        for j in range(self.m):
            pts = self.points(j)
            if self.approval_like:
                out.append(Fraction(len(pts)))
            elif self.exact_point:
                out.append(sum((self.to_exact(float(x)) for x in pts), Fraction(0)))
            else:
                out.append(Fraction(int(pts.sum())))
        return out

    @cached_property
    def mes_util(self) -> np.ndarray:
        """Satisfaction per supporter entry used by MES (cost for approval, else points)."""
        if self.approval_like:
            return np.repeat(self.cost_f, self.num_supporters)
        return self.sup_points

    @cached_property
    def cosupport(self) -> list[np.ndarray]:
        """For each project, the projects that share at least one supporter with it."""
        m = self.m
        owners = np.repeat(np.arange(m, dtype=np.int64), self.num_supporters)
        order = np.argsort(self.sup_voter, kind="stable")
        voters = self.sup_voter[order]
        projects = owners[order]
        starts = np.flatnonzero(np.r_[True, voters[1:] != voters[:-1]])
        lengths = np.diff(np.r_[starts, len(voters)])
        matrix = np.zeros((m, m), dtype=bool)
        for d in range(1, int(lengths.max(initial=1))):
            same = voters[d:] == voters[:-d]
            a, b = projects[:-d][same], projects[d:][same]
            matrix[a, b] = True
            matrix[b, a] = True
        np.fill_diagonal(matrix, True)
        return [np.flatnonzero(row) for row in matrix]


def ordinal_length(election: Election) -> int:
    """``max_length`` used to turn ranks into points (META value, else the longest ballot)."""
    value = election.meta.get("max_length", "").strip()
    if value:
        length = parse_number(value)
        if length.denominator != 1 or length < 1:
            raise ValueError(f"META max_length {value!r} is not a whole number of at least 1")
        return int(length)
    lengths = np.diff(election.indptr)
    return int(lengths.max(initial=0))


def _by_project(items: np.ndarray, m: int) -> np.ndarray:
    """The order that groups ballot entries by project, voters ascending within a project.

    Entries are in voter order already, so a stable sort by project is enough; with fewer
    than 32,768 projects it sorts 16-bit keys, which NumPy does by radix sort (ten times
    faster than a comparison sort on the largest files; the same order as ``lexsort``)."""
    keys = items.astype(np.int16) if m < 2**15 else items
    return np.argsort(keys, kind="stable")


def build_profile(election: Election) -> Profile:
    """Transpose an election's ballots into per-project supporter lists."""
    n, m = election.num_voters, election.num_projects
    indptr, items = election.indptr, election.items
    voter_of = np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))
    vote_type = election.vote_type
    approval_like = vote_type in ("approval", "choose-1")
    exact_point: dict[float, Fraction] = {}
    if approval_like:
        points = np.ones(len(items), dtype=np.float64)
    elif vote_type == "ordinal":
        length = ordinal_length(election)
        rank = np.arange(len(items), dtype=np.int64) - np.repeat(indptr[:-1], np.diff(indptr))
        points = (length - rank).astype(np.float64)
    else:
        points = election.points
        if election.exact_points is not None:
            exact_point = {float(x): x for x in election.exact_points}
    keep = points > 0  # only voters with positive satisfaction support a project
    items, voter_of, points = items[keep], voter_of[keep], points[keep]
    order = _by_project(items, m)
    sup_voter = voter_of[order].astype(np.int32)
    sup_points = points[order]
    counts = np.bincount(items, minlength=m)
    sup_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(counts, out=sup_ptr[1:])
    costs = election.costs
    return Profile(
        ids=[p.id for p in election.projects],
        costs=costs,
        cost_f=np.array([float(c) for c in costs], dtype=np.float64),
        budget=election.budget,
        n=n,
        approval_like=approval_like,
        sup_ptr=sup_ptr,
        sup_voter=sup_voter,
        sup_points=sup_points,
        exact_point=exact_point,
    )

"""A pool of people with quotas, reduced to *types* of interchangeable people.

Two people with the same value of every feature (and no housemate in the pool when the
one-per-household rule is on) are interchangeable: any panel with one can swap in the other, so
every fair distribution here (maximin, Nash, leximin — each has a unique or symmetric optimum)
gives them the same probability.  The optimisation therefore runs over types with integer counts
``y[t]`` (how many of type ``t`` sit on the panel), which is much smaller than one binary
variable per person, and the draw picks the people within each type uniformly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Quota:
    """At least ``min`` and at most ``max`` panel members with ``feature`` equal to ``value``."""

    feature: str
    value: str
    min: int
    max: int

    @property
    def label(self) -> str:
        return f"{self.feature}={self.value}"


@dataclass
class Instance:
    """People (ids and one value per feature), quotas, a panel size, and optional households.

    ``codes[i, f]`` is the index into ``values[features[f]]`` of person ``i``'s value.
    ``households[i]`` is an address key or ``None``; people sharing a key may not both sit.
    """

    ids: list[str]
    features: list[str]
    values: dict[str, list[str]]
    codes: np.ndarray
    quotas: list[Quota]
    size: int
    households: list[str | None] | None = None
    # derived: filled by __post_init__
    type_of: np.ndarray = field(init=False, repr=False)
    members: list[np.ndarray] = field(init=False, repr=False)
    counts: np.ndarray = field(init=False, repr=False)
    incidence: np.ndarray = field(init=False, repr=False)
    lower: np.ndarray = field(init=False, repr=False)
    upper: np.ndarray = field(init=False, repr=False)
    household_rows: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        self.codes = np.asarray(self.codes, dtype=np.int64).reshape(n, len(self.features))
        shared: dict[str, list[int]] = {}
        if self.households is not None:
            for i, key in enumerate(self.households):
                if key:
                    shared.setdefault(key, []).append(i)
        in_shared = {i for group in shared.values() if len(group) > 1 for i in group}
        keys: dict[tuple, int] = {}
        type_of = np.empty(n, dtype=np.int64)
        for i in range(n):
            key = ("person", i) if i in in_shared else tuple(self.codes[i].tolist())
            type_of[i] = keys.setdefault(key, len(keys))
        self.type_of = type_of
        order = np.argsort(type_of, kind="stable")
        bounds = np.searchsorted(type_of[order], np.arange(len(keys) + 1))
        self.members = [order[bounds[t] : bounds[t + 1]] for t in range(len(keys))]
        self.counts = np.diff(bounds).astype(np.int64)
        first = np.array([m[0] for m in self.members], dtype=np.int64) if keys else np.zeros(0, int)
        rows = []
        for quota in self.quotas:
            f = self.features.index(quota.feature)
            v = self.values[quota.feature].index(quota.value)
            rows.append((self.codes[first, f] == v).astype(float) if len(first) else np.zeros(0))
        self.incidence = np.array(rows, dtype=float).reshape(len(self.quotas), len(keys))
        self.lower = np.array([q.min for q in self.quotas], dtype=float)
        self.upper = np.array([q.max for q in self.quotas], dtype=float)
        hh = []
        for group in shared.values():
            if len(group) > 1:
                row = np.zeros(len(keys))
                row[type_of[group]] = 1.0
                hh.append(row)
        self.household_rows = np.array(hh, dtype=float).reshape(len(hh), len(keys))

    @property
    def n_people(self) -> int:
        return len(self.ids)

    @property
    def n_types(self) -> int:
        return len(self.counts)

    def person_probabilities(self, type_probabilities: np.ndarray) -> np.ndarray:
        """Each person's probability from their type's (already per person)."""
        return np.asarray(type_probabilities, dtype=float)[self.type_of]

    def panel_counts(self, people: Sequence[int]) -> np.ndarray:
        """How many of each quota's value sit on a panel given as person indices."""
        y = np.bincount(self.type_of[np.asarray(people, dtype=np.int64)], minlength=self.n_types)
        return self.incidence @ y

    def meets_quotas(self, people: Sequence[int]) -> bool:
        """Whether a panel (person indices) has the right size, every quota and household rule."""
        people = list(people)
        if len(set(people)) != len(people) or len(people) != self.size:
            return False
        counts = self.panel_counts(people)
        if np.any(counts < self.lower - 1e-9) or np.any(counts > self.upper + 1e-9):
            return False
        if self.households is not None:
            keys = [self.households[i] for i in people if self.households[i]]
            if len(keys) != len(set(keys)):
                return False
        return True

"""The public draw: a panel chosen from a distribution with an announced seed, and its figures.

The distribution does not depend on the seed (the solvers are deterministic), and the draw uses
NumPy's ``default_rng(seed)``: first a panel of the distribution by its probability, then, for
each type, that many of its people uniformly.  Anyone with the pool, the quotas and the seed can
therefore repeat the draw and get the same panel.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import numpy as np

from .distributions import Distribution, Progress, find_distribution
from .instance import Instance, Quota
from .legacy import legacy_panel


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 when all equal)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0 or x.sum() <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * x.sum()) - (n + 1) / n)


def new_seed() -> int:
    """A fresh seed to announce before the draw (from the operating system's randomness)."""
    return secrets.randbelow(2**31)


def draw_panel(distribution: Distribution, seed: int) -> list[int]:
    """Person indices of the panel drawn with ``seed`` (sorted)."""
    instance = distribution.instance
    rng = np.random.default_rng(seed)
    if distribution.algorithm == "legacy":
        return legacy_panel(instance, rng)
    k = int(rng.choice(len(distribution.panels), p=distribution.weights))
    y = distribution.panels[k]
    people: list[int] = []
    for t in np.flatnonzero(y):
        people.extend(
            int(i) for i in rng.choice(instance.members[t], size=int(y[t]), replace=False)
        )
    return sorted(people)


@dataclass
class Selection:
    """A drawn panel with the distribution's probabilities and fairness figures."""

    distribution: Distribution
    seed: int
    panel: list[int]
    extra: dict = field(default_factory=dict)

    @property
    def algorithm(self) -> str:
        return self.distribution.algorithm

    @property
    def panel_ids(self) -> list[str]:
        return [self.distribution.instance.ids[i] for i in self.panel]

    @property
    def probabilities(self) -> dict[str, float]:
        probs = self.distribution.probabilities
        return {pid: float(p) for pid, p in zip(self.distribution.instance.ids, probs, strict=True)}

    @property
    def min_probability(self) -> float:
        return self.distribution.min_probability

    @property
    def gini(self) -> float:
        return gini(self.distribution.probabilities)

    def as_json(self) -> dict:
        """The contract's JSON object."""
        return {
            "panel": self.panel_ids,
            "probabilities": self.probabilities,
            "min_probability": self.min_probability,
            "algorithm": self.algorithm,
            "seed": self.seed,
        }


def select(
    instance: Instance,
    algorithm: str = "maximin",
    seed: int | None = None,
    progress: Progress | None = None,
) -> Selection:
    """Compute the distribution (raising ``Infeasible``) and draw a panel with ``seed``."""
    seed = new_seed() if seed is None else int(seed)
    distribution = find_distribution(instance, algorithm, progress)
    return Selection(distribution=distribution, seed=seed, panel=draw_panel(distribution, seed))


def replacement_instance(
    instance: Instance, kept: list[int], needed: int
) -> tuple[Instance, list[int]]:
    """The pool and quotas for replacing members who dropped out, keeping every quota.

    The candidates are everyone not already on the panel (nor sharing a household with someone
    kept); each quota is shifted by the kept members' counts.  Returns the new instance and, for
    each of its people, their index in ``instance``.
    """
    kept_set = set(kept)
    kept_houses = {
        instance.households[i] for i in kept if instance.households and instance.households[i]
    }
    candidates = [
        i
        for i in range(instance.n_people)
        if i not in kept_set and not (instance.households and instance.households[i] in kept_houses)
    ]
    counts = instance.panel_counts(kept) if kept else np.zeros(len(instance.quotas))
    quotas = [
        Quota(q.feature, q.value, max(0, q.min - int(c)), max(0, q.max - int(c)))
        for q, c in zip(instance.quotas, counts, strict=True)
    ]
    sub = Instance(
        ids=[instance.ids[i] for i in candidates],
        features=instance.features,
        values=instance.values,
        codes=instance.codes[candidates],
        quotas=quotas,
        size=needed,
        households=None
        if instance.households is None
        else [instance.households[i] for i in candidates],
    )
    return sub, candidates

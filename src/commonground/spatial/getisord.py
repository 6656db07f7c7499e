"""The Getis-Ord Gi* local statistic with binary weights, each area its own neighbour.

For area i with neighbour set N(i) (including i itself, weight 1), counts y over n areas:

    G*_i = sum_{j in N(i)} y_j / sum_j y_j
    E[G*_i] = k_i / n                      where k_i = |N(i)|
    Var[G*_i] = k_i (n - k_i) / (n - 1) / n^2 * s^2 / ybar^2

with ybar the mean and s^2 the population variance (divided by n) of y: the analytical
moments under normality (Getis and Ord 1992; Ord and Getis 1995), exactly as PySAL's
``esda.G_Local(y, w, transform="B", star=True)`` computes them, so the z-scores agree with
it. The p-value here is two-sided, 2 * (1 - Phi(|z|)); esda's ``p_norm`` is one-sided.
When every area has the same count (or all are zero) the variance is zero and z is undefined:
we return NaN and the caller shows "no value", never a hot or cold spot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

__all__ = ["CRITICAL_Z", "GiStar", "classify", "gi_star"]

CRITICAL_Z = 1.96
"""|z| above this is a hot (z > 0) or cold (z < 0) spot: two-sided 5 % without correction."""


@dataclass(frozen=True)
class GiStar:
    """Gi* per area, in the order of the input: statistic, z-score, two-sided p."""

    g: np.ndarray
    z: np.ndarray
    p: np.ndarray


def gi_star(counts: Sequence[float] | np.ndarray, neighbours: Sequence[Sequence[int]]) -> GiStar:
    """Gi* of ``counts`` given each area's neighbours (indices, not including itself)."""
    y = np.asarray(counts, dtype=float)
    n = len(y)
    if n != len(neighbours):
        raise ValueError(f"{n} counts but {len(neighbours)} neighbour lists")
    if n < 2:
        raise ValueError("Gi* needs at least two areas")
    lag = y.copy()  # the self-weight of 1
    cardinality = np.ones(n)
    for i, others in enumerate(neighbours):
        if others:
            idx = np.fromiter(others, dtype=np.intp, count=len(others))
            lag[i] += y[idx].sum()
            cardinality[i] += len(idx)
    total = y.sum()
    mean = total / n
    variance = (y**2).sum() / n - mean**2
    with np.errstate(divide="ignore", invalid="ignore"):
        g = lag / total
        expected = cardinality / n
        var_g = cardinality * (n - cardinality) / (n - 1) / n**2 * variance / mean**2
        z = (g - expected) / np.sqrt(var_g)
    z = np.where(np.isfinite(z), z, np.nan)
    p = 2.0 * ndtr(-np.abs(z))  # == 2 * scipy.stats.norm.sf(|z|), without importing stats
    return GiStar(g=g, z=z, p=p)


def classify(z: float) -> str | None:
    """ "hot" when z > 1.96, "cold" when z < -1.96, else None (also for an undefined z)."""
    if z > CRITICAL_Z:
        return "hot"
    if z < -CRITICAL_Z:
        return "cold"
    return None

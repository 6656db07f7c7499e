"""Bootstrap percentile intervals for segregation indices.

Census counts are a complete enumeration, so the uncertainty worth showing is that of the
*process* that placed people in areas: how much would an index move if each area's residents
were a fresh draw from the same composition?  Each replicate therefore resamples individuals
within every area, ``t*_i· ~ Multinomial(t_i, p_i·)`` (area totals fixed, seeded generator), and
the interval is the ``(1 − c)/2`` and ``(1 + c)/2`` percentiles of the replicate indices (Efron &
Tibshirani 1993, ch. 13).  All replicates are drawn and scored as one (replicates, areas, groups)
array, in chunks that bound memory.

Resampling adds noise, and noise reads as unevenness, so unevenness indices (D, H) are biased
upwards in replicates, most for small areas and small groups (Allen et al. 2015, "More reliable
inference for the dissimilarity index of segregation").  ``Interval.bias`` reports the mean
replicate minus the estimate so this is visible rather than hidden.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .indices import MULTIGROUP_INDICES, TWO_GROUP_INDICES

__all__ = [
    "Interval",
    "bootstrap",
    "bootstrap_multigroup",
    "bootstrap_two_group",
    "resample",
]

# Largest number of count cells drawn at once (replicates × areas × groups): about 32 MB of int64.
_CHUNK_CELLS = 4_000_000

Seed = int | np.random.Generator | None
Statistic = Callable[[np.ndarray], float | np.ndarray]


@dataclass(frozen=True)
class Interval:
    """A point estimate with its bootstrap percentile interval.

    ``bias`` is the mean of the defined replicates minus ``estimate``; ``undefined`` counts the
    replicates in which the index could not be computed (e.g. a rare group drawn empty).
    """

    estimate: float
    low: float
    high: float
    confidence: float
    replicates: int
    bias: float
    undefined: int = 0


def _whole_counts(counts: ArrayLike) -> np.ndarray:
    """Validate an (areas, groups) matrix of non-negative whole-number counts."""
    array = np.asarray(counts, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"counts must be a non-empty (areas, groups) matrix, got {array.shape}")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError("counts must be finite and non-negative")
    if (array != np.round(array)).any():
        raise ValueError("bootstrap resamples people, so counts must be whole numbers")
    return array


def _generator(seed: Seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def resample(counts: ArrayLike, replicates: int, seed: Seed = 0) -> np.ndarray:
    """Draw ``replicates`` resampled count matrices, shape (replicates, areas, groups).

    Each area keeps its total and redraws its residents' groups from its observed composition,
    ``Multinomial(t_i, t_ik / t_i)``; empty areas stay empty.  The default seed makes results
    reproducible; pass ``None`` for fresh entropy or a ``Generator`` to continue a stream.
    """
    c = _whole_counts(counts)
    if replicates < 0:
        raise ValueError("replicates must be non-negative")
    totals = c.sum(axis=1)
    safe = np.where(totals > 0, totals, 1.0)[:, None]
    # An empty area draws 0 people from any valid distribution; use the uniform one.
    shares = np.where(totals[:, None] > 0, c / safe, 1.0 / c.shape[1])
    shares = shares / shares.sum(axis=1, keepdims=True)
    n = totals.astype(np.int64)
    return _generator(seed).multinomial(n, shares, size=(replicates, c.shape[0]))


def _percentile_interval(
    estimate: float, values: np.ndarray, confidence: float, replicates: int
) -> Interval:
    defined = values[np.isfinite(values)]
    undefined = int(values.size - defined.size)
    if defined.size == 0:
        return Interval(estimate, np.nan, np.nan, confidence, replicates, np.nan, undefined)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    bias = float(defined.mean() - estimate)
    return Interval(estimate, float(low), float(high), confidence, replicates, bias, undefined)


def bootstrap(
    statistics: Mapping[str, Statistic],
    counts: ArrayLike,
    *,
    replicates: int = 1000,
    confidence: float = 0.95,
    seed: Seed = 0,
) -> dict[str, Interval]:
    """Percentile intervals for several statistics on the same resampled replicates.

    Each statistic maps a (…, areas, groups) count array to one value per leading index (the
    indices in :mod:`.indices` do); they all see the same replicates, so their intervals are
    jointly consistent.  ``counts`` must partition each area's residents into groups.
    """
    c = _whole_counts(counts)
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be strictly between 0 and 1")
    if replicates < 1:
        raise ValueError("need at least one replicate")
    rng = _generator(seed)
    chunk = max(1, _CHUNK_CELLS // c.size)
    values = {name: np.empty(replicates) for name in statistics}
    for start in range(0, replicates, chunk):
        stop = min(start + chunk, replicates)
        draws = resample(c, stop - start, rng)
        for name, statistic in statistics.items():
            values[name][start:stop] = statistic(draws)
    return {
        name: _percentile_interval(float(statistic(c)), values[name], confidence, replicates)
        for name, statistic in statistics.items()
    }


def _as_two_group(function: Callable[[ArrayLike, ArrayLike], float | np.ndarray]) -> Statistic:
    """Adapt a (group, total) index to (…, areas, [group, rest]) count arrays."""

    def statistic(counts: np.ndarray) -> float | np.ndarray:
        return function(counts[..., 0], counts.sum(axis=-1))

    return statistic


def bootstrap_two_group(
    group: ArrayLike,
    total: ArrayLike,
    *,
    replicates: int = 1000,
    confidence: float = 0.95,
    seed: Seed = 0,
) -> dict[str, Interval]:
    """Intervals for every two-group index: each area's residents are redrawn as group / rest."""
    x = np.asarray(group, dtype=np.float64)
    t = np.asarray(total, dtype=np.float64)
    if x.shape != t.shape or x.ndim != 1:
        raise ValueError("group and total must be 1-D arrays of the same length")
    if (x > t).any():
        raise ValueError("a group count exceeds its area's total")
    counts = np.stack([x, t - x], axis=1)
    statistics = {name: _as_two_group(fn) for name, fn in TWO_GROUP_INDICES.items()}
    return bootstrap(statistics, counts, replicates=replicates, confidence=confidence, seed=seed)


def bootstrap_multigroup(
    counts: ArrayLike,
    *,
    replicates: int = 1000,
    confidence: float = 0.95,
    seed: Seed = 0,
) -> dict[str, Interval]:
    """Intervals for every multigroup index of an (areas, groups) partition of residents."""
    return bootstrap(
        MULTIGROUP_INDICES, counts, replicates=replicates, confidence=confidence, seed=seed
    )

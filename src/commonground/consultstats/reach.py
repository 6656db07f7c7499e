"""Reach: who took part against the population, and weights that correct for it.

Public API::

    compare(
        sample: Mapping[str, Mapping[str, float]],      # dimension -> category -> respondents
        population: Mapping[str, Mapping[str, float]],  # dimension -> category -> people/share
        *,
        threshold: float = 0.8,
        confidence: float = 0.95,
    ) -> list[ReachRow]
    raking_weights(
        respondents: Sequence[Mapping[str, str | None]],  # one {dimension: category} each
        margins: Mapping[str, Mapping[str, float]],       # population counts or shares
        *,
        max_iter: int = 100,
        tol: float = 1e-6,
        cap: float | None = 5.0,
    ) -> RakingResult
    weighted_shares(
        values: Sequence[str | None],
        weights: ArrayLike | None = None,
        *,
        categories: Sequence[str] | None = None,
        missing: Collection[str] = MISSING,
    ) -> list[ShareRow]
    sample_counts(respondents, dimensions=None, weights=None) -> dict[str, dict[str, float]]

**Representation.**  For each category, the sample share p̂ = x / n (n: respondents who
answered that question, "prefer not to say" left out) is compared with the population share
P.  The ratio p̂ / P reads "for every 100 residents of this group we would expect, we heard
from r×100".  A group is **under-represented** when the ratio is below ``threshold`` (0.8)
*and* the Wilson interval of p̂ lies wholly below P (so the shortfall is more than chance);
**over-represented** mirrors it: ratio above 1/threshold (1.25) and the interval wholly above P.

**Raking** (iterative proportional fitting, Deming & Stephan 1940) gives every respondent a
weight so that the weighted sample matches the population on each dimension at once: it
scales the weights of each category in turn to the population share, dimension after
dimension, until every weighted share is within ``tol`` of its target.  A respondent with no
answer for a dimension ("prefer not to say", missing) is left out of that dimension's step;
the shares are matched among those who answered.  Weights are then capped at ``cap`` times
the mean (trimming: a few people should not speak for hundreds) and rescaled to mean one, so
with a cap the margins may be matched only approximately (``converged`` says which).  A
population group with nobody in the sample cannot be weighted up from nothing: it is reported
in ``RakingResult.unreached`` and the other categories' targets are rescaled to add to one.

The **Kish effective sample size** (Σw)² / Σw² says how many unweighted respondents the
weighted sample is worth; the design effect n / n_eff is how much weighting widens intervals.

Library note: ``weightipy`` (RIM raking, maintained, 2026) and ``samplics`` do this; the NumPy
version here is a few dozen lines, has no pandas dependency, and reports what we show.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike

from .categories import PREFER_NOT_TO_SAY

__all__ = [
    "MISSING",
    "RakingResult",
    "ReachRow",
    "ShareRow",
    "compare",
    "kish_effective_n",
    "raking_weights",
    "sample_counts",
    "weighted_shares",
    "wilson_interval",
]

# Answers that say nothing about the category: left out of shares, comparison and raking.
MISSING: frozenset[str] = frozenset({PREFER_NOT_TO_SAY.code, ""})


@dataclass(frozen=True)
class ReachRow:
    """One category of one dimension: who we heard against who lives there.

    ``population_share``, ``ratio`` are None for answers with no population figure (they are
    listed so nothing is hidden, but take no part in the shares).
    """

    dimension: str
    category: str
    sample_count: float
    sample_share: float | None
    low: float | None
    high: float | None
    population_share: float | None
    ratio: float | None
    under_represented: bool
    over_represented: bool

    def to_dict(self) -> dict:
        return vars(self).copy()


@dataclass
class RakingResult:
    """Weights (mean 1, in respondent order) and how well they fit the margins."""

    weights: np.ndarray
    iterations: int
    converged: bool
    max_error: float  # largest |weighted share − target| over all dimensions and categories
    effective_n: float  # Kish: (Σw)² / Σw²
    design_effect: float  # n / effective_n
    trimmed: int  # respondents whose weight was capped in the last iteration
    dimensions: list[str]
    unreached: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready summary (weights as a list)."""
        data = {k: v for k, v in vars(self).items() if k != "weights"}
        return {**data, "weights": self.weights.tolist()}


@dataclass(frozen=True)
class ShareRow:
    """Unweighted and weighted count and share of one answer."""

    category: str
    count: int
    share: float
    weighted_count: float
    weighted_share: float


def wilson_interval(count: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion count / n (good near 0 and 1 and for small n,
    unlike the normal approximation); ``(0, 1)`` when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def compare(
    sample: Mapping[str, Mapping[str, float]],
    population: Mapping[str, Mapping[str, float]],
    *,
    threshold: float = 0.8,
    confidence: float = 0.95,
) -> list[ReachRow]:
    """Compare respondents with the population, dimension by dimension.

    ``sample`` holds respondent counts (weighted counts are accepted: the interval then uses
    their sum as n, which overstates precision — pass unweighted counts for the flags);
    ``population`` counts or shares, normalised per dimension.  Only dimensions in both are
    compared; every population category appears (with 0 respondents if none were heard) and
    sample answers without a population figure are listed with ``population_share`` None.
    Rows come dimension by dimension, population categories in the order given.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    rows: list[ReachRow] = []
    for dimension, pop in population.items():
        if dimension not in sample:
            continue
        counts = sample[dimension]
        pop_total = float(sum(pop.values()))
        if pop_total <= 0:
            raise ValueError(f"population for {dimension!r} has no people")
        n = float(sum(v for k, v in counts.items() if k in pop))
        for category, people in pop.items():
            x = float(counts.get(category, 0.0))
            p_share = people / pop_total
            if n > 0:
                share = x / n
                low, high = wilson_interval(x, n, confidence)
                ratio = share / p_share if p_share > 0 else None
            else:
                share = low = high = ratio = None
            under = ratio is not None and ratio < threshold and high < p_share
            over = ratio is not None and ratio > 1 / threshold and low > p_share
            rows.append(
                ReachRow(dimension, category, x, share, low, high, p_share, ratio, under, over)
            )
        for category, x in counts.items():
            if category not in pop:
                rows.append(
                    ReachRow(dimension, category, float(x), None, None, None, None, None,
                             False, False)
                )  # fmt: skip
    return rows


def kish_effective_n(weights: ArrayLike) -> float:
    """Kish's effective sample size (Σw)² / Σw²: equal weights give n, uneven ones less."""
    w = np.asarray(weights, dtype=np.float64)
    square = float((w * w).sum())
    return float(w.sum()) ** 2 / square if square > 0 else 0.0


def _codes(
    respondents: Sequence[Mapping[str, str | None]],
    dimension: str,
    targets: Mapping[str, float],
) -> tuple[np.ndarray, list[str]]:
    """Category index per respondent (−1 when not answered) and the category order."""
    names = list(targets)
    position = {name: i for i, name in enumerate(names)}
    codes = np.full(len(respondents), -1, dtype=np.int64)
    for r, answers in enumerate(respondents):
        value = answers.get(dimension)
        if value is None or value in MISSING:
            continue
        try:
            codes[r] = position[value]
        except KeyError:
            raise ValueError(
                f"respondent {r + 1}: {dimension} {value!r} has no population share "
                f"(known: {', '.join(names)})"
            ) from None
    return codes, names


def _trim(weights: np.ndarray, cap: float) -> tuple[np.ndarray, int]:
    """Weights (mean 1) capped at ``cap`` with the excess spread over the others in proportion:
    the exact solution of mean(min(s·w, cap)) = 1 for the scale s, found on the sorted
    weights (capping then rescaling in rounds only approaches it)."""
    n = weights.size
    if weights.max() <= cap:
        return weights, 0
    ordered = np.sort(weights)[::-1]
    rest = np.cumsum(ordered[::-1])[::-1]  # rest[k]: sum of all but the k largest
    for k in range(1, n):
        scale = (n - k * cap) / rest[k]
        if ordered[k] * scale <= cap:
            return np.minimum(weights * scale, cap), k
    return np.full(n, 1.0), n  # unreachable for cap > 1, kept for safety


def raking_weights(
    respondents: Sequence[Mapping[str, str | None]],
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-6,
    cap: float | None = 5.0,
) -> RakingResult:
    """Raking weights matching ``margins`` (see the module docstring for the method).

    Every dimension in ``margins`` is raked; respondents without an answer for it are left out
    of its step.  Raises ``ValueError`` naming the respondent, dimension and category when an
    answer has no population share, and when no respondent answered a dimension.
    """
    n = len(respondents)
    if n == 0:
        raise ValueError("no respondents to weight")
    if cap is not None and cap <= 1:
        raise ValueError("cap must be above 1 (it is a multiple of the mean weight)")
    plans: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
    unreached: dict[str, list[str]] = {}
    for dimension, target_counts in margins.items():
        codes, names = _codes(respondents, dimension, target_counts)
        answered = codes >= 0
        if not answered.any():
            raise ValueError(f"no respondent answered {dimension!r}: it cannot be raked")
        target = np.asarray([float(target_counts[c]) for c in names])
        heard = np.bincount(codes[answered], minlength=len(names)) > 0
        empty = [c for c, h, t in zip(names, heard, target, strict=True) if not h and t > 0]
        if empty:
            unreached[dimension] = empty
        target = np.where(heard, target, 0.0)
        if target.sum() <= 0:
            raise ValueError(f"the population of {dimension!r} has no people in the sample's "
                             "categories")  # fmt: skip
        plans.append((dimension, codes, answered, target / target.sum()))

    weights = np.ones(n)

    def error(w: np.ndarray) -> float:
        worst = 0.0
        for _, codes, answered, target in plans:
            totals = np.bincount(codes[answered], weights=w[answered], minlength=target.size)
            worst = max(worst, float(np.abs(totals / totals.sum() - target).max()))
        return worst

    iterations, converged, trimmed = 0, False, 0
    worst = error(weights)
    while iterations < max_iter and worst >= tol:
        iterations += 1
        for _, codes, answered, target in plans:
            w = weights[answered]
            totals = np.bincount(codes[answered], weights=w, minlength=target.size)
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(totals > 0, target * w.sum() / totals, 1.0)
            weights[answered] = w * factor[codes[answered]]
        weights /= weights.mean()
        if cap is not None:
            weights, trimmed = _trim(weights, cap)
        worst = error(weights)
    converged = worst < tol
    effective = kish_effective_n(weights)
    return RakingResult(
        weights=weights,
        iterations=iterations,
        converged=converged,
        max_error=worst,
        effective_n=effective,
        design_effect=n / effective,
        trimmed=trimmed,
        dimensions=[p[0] for p in plans],
        unreached=unreached,
    )


def weighted_shares(
    values: Sequence[str | None],
    weights: ArrayLike | None = None,
    *,
    categories: Sequence[str] | None = None,
    missing: Collection[str] = MISSING,
) -> list[ShareRow]:
    """Each answer's count and share, unweighted and weighted side by side.

    ``values`` is one answer per respondent (None or a ``missing`` answer: left out of the
    shares); ``weights`` from :func:`raking_weights` (all 1 if None).  Rows follow
    ``categories`` when given (listing ones nobody chose) and then any other answers in order
    of first appearance.
    """
    w = np.ones(len(values)) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (len(values),):
        raise ValueError(f"{w.size} weights for {len(values)} answers")
    order: list[str] = list(categories or [])
    seen = set(order)
    count: dict[str, int] = dict.fromkeys(order, 0)
    weighted: dict[str, float] = dict.fromkeys(order, 0.0)
    for value, weight in zip(values, w, strict=True):
        if value is None or value in missing:
            continue
        if value not in seen:
            seen.add(value)
            order.append(value)
            count[value], weighted[value] = 0, 0.0
        count[value] += 1
        weighted[value] += float(weight)
    n, wn = sum(count.values()), sum(weighted.values())
    return [
        ShareRow(
            c,
            count[c],
            count[c] / n if n else 0.0,
            weighted[c],
            weighted[c] / wn if wn else 0.0,
        )
        for c in order
    ]


def sample_counts(
    respondents: Sequence[Mapping[str, str | None]],
    dimensions: Iterable[str] | None = None,
    weights: ArrayLike | None = None,
) -> dict[str, dict[str, float]]:
    """Respondent counts per dimension and answer (the ``sample`` argument of :func:`compare`),
    including "prefer not to say" so it is visible; weighted if ``weights`` is given."""
    w = np.ones(len(respondents)) if weights is None else np.asarray(weights, dtype=np.float64)
    if dimensions is None:
        dimensions = sorted({d for r in respondents for d in r})
    result: dict[str, dict[str, float]] = {}
    for dimension in dimensions:
        counts: dict[str, float] = {}
        for answers, weight in zip(respondents, w, strict=True):
            value = answers.get(dimension)
            if value is None or value == "":
                continue
            counts[value] = counts.get(value, 0.0) + float(weight)
        result[dimension] = counts
    return result

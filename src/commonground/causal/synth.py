"""Synthetic control (Abadie, Diamond and Hainmueller 2010) with in-space placebos.

The treated unit's pre-period path is matched by a weighted average of untreated units: weights
non-negative and summing to one.

Without covariates the weights are chosen by least squares on every pre-period outcome.

With covariates the predictors are each covariate's pre-period mean (blank cells ignored, so a
covariate blank outside a window is averaged over that window) and the outcome in chosen
pre-periods (``outcome_periods``; by default every pre-period), and the weights minimise the
V-weighted distance between the treated unit's predictors and the synthetic one's, with the
diagonal V chosen, as Synth does, to minimise the mean squared prediction error of the
pre-period outcomes: a nested optimisation, V outside on the simplex, W inside.  Each predictor
is first divided by its standard deviation across all units (Synth's scaling).  The outer
problem is not convex and V is often not unique (the W it yields usually is), so V is searched
from a seeded Dirichlet sample of the simplex, its vertices and the equal weights, and the best
start is polished by SciPy's Nelder-Mead on the square roots of V; the seed makes the result
repeatable.  With every pre-period outcome among the predictors the covariates cannot change
the answer (V on the outcomes alone already minimises the outer loss; Kaul et al. 2022), so an
analysis with covariates names a few outcome periods, as the published Proposition 99 analysis
does (1975, 1980 and 1988).

Inference is by placebos: every unit is in turn treated as if it had been treated, fitted the
same way (its own V search included) on the untreated units other than itself, and the share of
all units (the treated one included) whose post/pre RMSPE ratio is at least the treated unit's
is the ``placebo_p``.

The weights start from SciPy's non-negative least squares with the sum-to-one row appended at a
large weight, and a small active-set method then solves the exact problem to its optimality
conditions, so the weights sum to one to rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize, nnls

from .panel import Panel, PanelError, _label

__all__ = [
    "Balance",
    "SynthResult",
    "VSearch",
    "simplex_least_squares",
    "synthetic_control",
    "v_search",
]


def _on_support(donors: np.ndarray, target: np.ndarray, support: list[int]) -> np.ndarray:
    """min ‖A_S w − t‖² subject to Σw = 1 (no sign constraint), by its KKT system."""
    sub = donors[:, support]
    k = len(support)
    kkt = np.zeros((k + 1, k + 1))
    kkt[:k, :k] = 2 * sub.T @ sub
    kkt[:k, k] = 1.0
    kkt[k, :k] = 1.0
    rhs = np.append(2 * sub.T @ target, 1.0)
    return np.linalg.lstsq(kkt, rhs, rcond=None)[0][:k]


def simplex_least_squares(donors: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Weights w ≥ 0 with Σw = 1 minimising ‖donors·w − target‖² (donors: predictors × units).

    A start from SciPy's NNLS with the sum-to-one row appended at a large weight, then a
    primal active-set method on the exact problem until its optimality (KKT) conditions hold,
    so the result does not depend on how large that weight was.
    """
    n = donors.shape[1]
    if n == 1:
        return np.ones(1)
    scale = max(1.0, float(np.abs(donors).max()), float(np.abs(target).max()))
    big = 1e3 * scale
    start, _ = nnls(
        np.vstack([donors, np.full((1, n), big)]), np.append(target, big), maxiter=50 * n
    )
    w = start / start.sum() if start.sum() > 0 else np.full(n, 1.0 / n)
    support = sorted(np.nonzero(w > 0)[0].tolist())
    tolerance = 1e-10 * scale * scale * max(1, donors.shape[0])
    for _ in range(10 * n):
        z = _on_support(donors, target, support)
        if np.all(z > 0):
            w = np.zeros(n)
            w[support] = z
            gradient = 2 * donors.T @ (donors @ w - target)
            multiplier = -float(np.mean(gradient[support]))
            slack = gradient + multiplier
            slack[support] = np.inf
            j = int(np.argmin(slack))
            if slack[j] >= -tolerance:
                break
            support = sorted([*support, j])
            continue
        # Step from w towards z until the first weight reaches zero; drop the zeros.
        current = w[support]
        falling = z <= 0
        step = float(np.min(current[falling] / (current[falling] - z[falling])))
        current = current + step * (z - current)
        w = np.zeros(n)
        w[support] = np.clip(current, 0.0, None)
        support = [i for i in support if w[i] > 1e-14]
        w[[i for i in range(n) if i not in support]] = 0.0
        if not support:  # pragma: no cover - cannot happen with Σw = 1
            break
    w = np.clip(w, 0.0, None)
    return w / w.sum()


@dataclass(frozen=True)
class Balance:
    """One predictor in the balance table (ADH 2010's Table 1): the treated unit's value, the
    synthetic control's (the weighted donors'), the plain average of the donors, and the
    spread across all units that standardises the differences."""

    name: str
    treated: float
    synthetic: float
    donor_mean: float
    spread: float

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "treated": self.treated,
            "synthetic": self.synthetic,
            "donor_mean": self.donor_mean,
            "spread": self.spread,
        }


@dataclass(frozen=True)
class SynthResult:
    """The synthetic control's weights, its path, the gaps and the placebo ranking."""

    treated_unit: str
    weights: dict[str, float]
    periods: list[str]
    start_index: int
    treated_path: list[float]
    synthetic_path: list[float]
    gaps: list[float]
    pre_rmspe: float
    post_rmspe: float
    estimate: float
    ratios: dict[str, float]  # post/pre RMSPE ratio of every unit (placebos and the treated)
    rank: int  # the treated unit's rank by ratio, 1 = largest
    placebo_p: float
    # With covariates: each predictor's weight in V (covariate means, then outcome periods).
    predictor_weights: dict[str, float] = field(default_factory=dict)
    # With covariates: the balance table, one row per predictor in its own units.
    balance: list[Balance] = field(default_factory=list)

    def as_json(self) -> dict:
        """The contract's JSON."""
        return {
            "design": "synthetic-control",
            "weights": dict(self.weights),
            "pre_rmspe": self.pre_rmspe,
            "estimate": self.estimate,
            "gaps": dict(zip(self.periods, self.gaps, strict=True)),
            "placebo_p": self.placebo_p,
        }


def _covariate_means(panel: Panel) -> np.ndarray:
    """(covariates × units): each covariate's mean over the pre-period cells that have one."""
    rows = []
    for c, name in enumerate(panel.covariate_names):
        values = panel.x[c][:, : panel.start_index]  # type: ignore[index]
        counts = np.isfinite(values).sum(axis=1)
        empty = np.nonzero(counts == 0)[0]
        if len(empty):
            raise PanelError(
                f"{panel.name}: covariate {name!r} has no value before the start for unit "
                f"{panel.units[empty[0]]!r}"
            )
        rows.append(np.nansum(values, axis=1) / counts)
    return np.vstack(rows)


def _outcome_rows(panel: Panel, outcome_periods: Sequence[str] | None) -> np.ndarray:
    """(periods × units): the outcome in the named pre-periods (default: every pre-period)."""
    pre = panel.periods[: panel.start_index]
    if not outcome_periods:
        return panel.y[:, : panel.start_index].T
    chosen = []
    for label in outcome_periods:
        key = _label(label)
        if key not in panel.periods:
            raise PanelError(f"{panel.name}: --outcome-periods {key!r} is not a period in the data")
        if key not in pre:
            raise PanelError(
                f"{panel.name}: --outcome-periods {key!r} is not before the start ({panel.start!r})"
            )
        chosen.append(pre.index(key))
    return panel.y[:, sorted(set(chosen))].T


@dataclass(frozen=True)
class VSearch:
    """The outcome of the nested search: donor weights, predictor weights and the outer loss."""

    w: np.ndarray
    v: np.ndarray
    mspe: float


def v_search(
    predictors: np.ndarray,
    outcomes: np.ndarray,
    target: int,
    donors: np.ndarray,
    *,
    seed: int = 0,
    samples: int = 150,
    max_evaluations: int = 600,
) -> VSearch:
    """Nested synthetic-control fit (Abadie, Diamond and Hainmueller 2010; Synth's ``synth``).

    ``predictors`` (predictors × units) are already scaled; ``outcomes`` (pre-periods × units)
    define the outer loss, the mean squared pre-period prediction error of the target.  For a
    diagonal V on the simplex the inner W minimises (X₁ − X₀W)ᵀV(X₁ − X₀W) on the simplex; V is
    chosen by a seeded sample of the simplex (its vertices, the centre and ``samples`` Dirichlet
    draws) whose best point is polished by Nelder-Mead on √V.  The defaults reproduce the
    published Proposition 99 weights (tests) while keeping a 39-unit placebo run to seconds.
    """
    x1, x0 = predictors[:, target], predictors[:, donors]
    z1, z0 = outcomes[:, target], outcomes[:, donors]
    k = predictors.shape[0]

    def inner(v: np.ndarray) -> np.ndarray:
        root = np.sqrt(v)
        return simplex_least_squares(x0 * root[:, None], x1 * root)

    def loss(v: np.ndarray) -> float:
        w = inner(v)
        return float(np.mean((z1 - z0 @ w) ** 2))

    def on_roots(theta: np.ndarray) -> float:
        v = theta**2
        total = float(v.sum())
        return loss(v / total) if total > 0 else np.inf

    if k == 1:
        v = np.ones(1)
        w = inner(v)
        return VSearch(w, v, loss(v))
    rng = np.random.default_rng(seed)
    starts = [np.full(k, 1.0 / k), *np.eye(k), *rng.dirichlet(np.full(k, 0.5), samples)]
    values = [loss(v) for v in starts]
    best = starts[int(np.argmin(values))]
    result = minimize(
        on_roots,
        np.sqrt(best),
        method="Nelder-Mead",
        options={"maxfev": max_evaluations, "xatol": 1e-4, "fatol": 1e-8, "adaptive": True},
    )
    # Nelder-Mead never returns worse than its start; keep the start if it ties.
    v = result.x**2 / float(np.sum(result.x**2)) if result.fun <= min(values) else best
    w = inner(v)
    return VSearch(w, v, loss(v))


def _rmspe(gaps: np.ndarray) -> float:
    return float(np.sqrt(np.mean(gaps**2))) if len(gaps) else 0.0


def _ratio(post: float, pre: float) -> float:
    if pre > 0:
        return post / pre
    return np.inf if post > 0 else 0.0


def synthetic_control(
    panel: Panel, *, outcome_periods: Sequence[str] | None = None, seed: int = 0
) -> SynthResult:
    """Fit the one treated unit and run a placebo for every unit (see module doc).

    With covariates, V is searched for the treated unit and again for every placebo;
    ``outcome_periods`` names the pre-periods whose outcomes are predictors beside the
    covariates (default: every pre-period) and ``seed`` fixes the search's sample.
    """
    if outcome_periods and not panel.covariate_names:
        raise PanelError(f"{panel.name}: --outcome-periods applies with --covariates only")
    treated = np.nonzero(panel.treated)[0]
    if len(treated) != 1:
        names = ", ".join(repr(panel.units[i]) for i in treated[:5])
        raise PanelError(
            f"{panel.name}: synthetic control needs exactly one treated unit; "
            f"{len(treated)} are treated ({names}{' …' if len(treated) > 5 else ''})"
        )
    missing = panel.missing_cells()
    if missing:
        unit, period = missing[0]
        raise PanelError(
            f"{panel.name}: synthetic control needs every unit in every period; unit {unit!r} "
            f"has no row for period {period!r}"
            + (f" ({len(missing)} cells missing)" if len(missing) > 1 else "")
        )
    controls = np.nonzero(~panel.treated)[0]
    if len(controls) < 2:
        raise PanelError(f"{panel.name}: synthetic control needs at least two untreated units")
    y = panel.y
    s = panel.start_index
    nested = bool(panel.covariate_names)
    predictor_names: list[str] = []
    if nested:
        rows = _outcome_rows(panel, outcome_periods)
        predictors = np.vstack([_covariate_means(panel), rows])
        labels = (
            [_label(p) for p in outcome_periods] if outcome_periods else list(panel.periods[:s])
        )
        predictor_names = list(panel.covariate_names) + [
            f"outcome {label}" for label in sorted(set(labels), key=panel.periods.index)
        ]
        raw_predictors = predictors
        spread = predictors.std(axis=1, ddof=1)
        spread[~(spread > 0)] = 1.0
        predictors = predictors / spread[:, None]
        pre_outcomes = y[:, :s].T
    else:
        predictors = y[:, :s].T
    searches: dict[int, VSearch] = {}

    def fit(target: int, donors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if nested:
            found = v_search(predictors, pre_outcomes, target, donors, seed=seed)
            searches[target] = found
            w = found.w
        else:
            w = simplex_least_squares(predictors[:, donors], predictors[:, target])
        return w, y[target] - w @ y[donors]

    treated_index = int(treated[0])
    weights, gaps = fit(treated_index, controls)
    v_weights = searches[treated_index].v if nested else None
    pre_rmspe, post_rmspe = _rmspe(gaps[:s]), _rmspe(gaps[s:])
    ratios = {panel.units[treated_index]: _ratio(post_rmspe, pre_rmspe)}
    for j in controls:
        _, placebo = fit(int(j), controls[controls != j])
        ratios[panel.units[j]] = _ratio(_rmspe(placebo[s:]), _rmspe(placebo[:s]))
    own = ratios[panel.units[treated_index]]
    at_least = sum(1 for r in ratios.values() if r >= own)
    synthetic = weights @ y[controls]
    return SynthResult(
        treated_unit=panel.units[treated_index],
        weights={panel.units[j]: float(w) for j, w in zip(controls, weights, strict=True)},
        periods=list(panel.periods),
        start_index=s,
        treated_path=[float(v) for v in y[treated_index]],
        synthetic_path=[float(v) for v in synthetic],
        gaps=[float(g) for g in gaps],
        pre_rmspe=pre_rmspe,
        post_rmspe=post_rmspe,
        estimate=float(np.mean(gaps[s:])),
        ratios=ratios,
        rank=at_least,
        placebo_p=at_least / len(ratios),
        predictor_weights=(
            {n: float(x) for n, x in zip(predictor_names, v_weights, strict=True)}
            if v_weights is not None
            else {}
        ),
        balance=(
            [
                Balance(
                    name=name,
                    treated=float(row[treated_index]),
                    synthetic=float(row[controls] @ weights),
                    donor_mean=float(row[controls].mean()),
                    spread=float(scale),
                )
                for name, row, scale in zip(predictor_names, raw_predictors, spread, strict=True)
            ]
            if nested
            else []
        ),
    )

"""Synthetic control (Abadie, Diamond and Hainmueller 2010) with in-space placebos.

The treated unit's pre-period path is matched by a weighted average of untreated units: weights
non-negative and summing to one, chosen by least squares on the pre-period outcomes (and, when
given, each covariate's pre-period mean).  Covariates are put on the outcomes' scale: each is
multiplied so that its spread across units equals the average spread of a pre-period outcome,
so one covariate counts like one pre-period year; the published analyses' nested V-matrix search
is not attempted (it is slow and its optimum is often not unique).

Inference is by placebos: every unit is in turn treated as if it had been treated, fitted on
the untreated units other than itself, and the share of all units (the treated one included)
whose post/pre RMSPE ratio is at least the treated unit's is the ``placebo_p``.

The weights start from SciPy's non-negative least squares with the sum-to-one row appended at a
large weight, and a small active-set method then solves the exact problem to its optimality
conditions, so the weights sum to one to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import nnls

from .panel import Panel, PanelError

__all__ = ["SynthResult", "simplex_least_squares", "synthetic_control"]


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


def _predictors(panel: Panel) -> np.ndarray:
    """(predictors × units): the pre-period outcomes, then the scaled covariate means."""
    pre = panel.y[:, : panel.start_index].T
    rows = [pre]
    if panel.x is not None and panel.covariate_names:
        spread = float(np.mean(np.std(pre, axis=1))) or 1.0
        for c, name in enumerate(panel.covariate_names):
            values = panel.x[c][:, : panel.start_index]
            counts = np.isfinite(values).sum(axis=1)
            empty = np.nonzero(counts == 0)[0]
            if len(empty):
                raise PanelError(
                    f"{panel.name}: covariate {name!r} has no value before the start for unit "
                    f"{panel.units[empty[0]]!r}"
                )
            means = np.nansum(values, axis=1) / counts
            sd = float(np.std(means))
            if sd > 0:
                rows.append((means * (spread / sd))[None, :])
    return np.vstack(rows)


def _rmspe(gaps: np.ndarray) -> float:
    return float(np.sqrt(np.mean(gaps**2))) if len(gaps) else 0.0


def _ratio(post: float, pre: float) -> float:
    if pre > 0:
        return post / pre
    return np.inf if post > 0 else 0.0


def synthetic_control(panel: Panel) -> SynthResult:
    """Fit the one treated unit and run a placebo for every unit (see module doc)."""
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
    predictors = _predictors(panel)
    y = panel.y
    s = panel.start_index

    def fit(target: int, donors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w = simplex_least_squares(predictors[:, donors], predictors[:, target])
        return w, y[target] - w @ y[donors]

    treated_index = int(treated[0])
    weights, gaps = fit(treated_index, controls)
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
    )

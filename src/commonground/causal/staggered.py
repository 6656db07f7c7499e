"""Staggered adoption: Callaway and Sant'Anna's (2021) group-time effects against never-treated
or not-yet-treated units, with or without covariates.

When wards start at different periods, the two-way fixed-effects regression compares late
starters with early ones already treated and, if effects grow or differ between groups, its
estimate is a weighted average with some negative weights (Goodman-Bacon 2021; de Chaisemartin
and D'Haultfœuille 2020).  Callaway and Sant'Anna avoid that by estimating one
difference in differences per group g (the units first treated in period g) and period t:

    ATT(g, t) = E[Y_t − Y_{g−1} | G = g] − E[Y_t − Y_{g−1} | never treated],

always against the period before the group started (R's ``did`` with ``base_period =
"universal"``), so pre-period ATT(g, t) are placebo checks and ATT(g, g−1) = 0 is the
reference, like the event study's −1.

The comparison (``control``) is either the units never treated (``control_group =
"nevertreated"``) or those not yet treated by period t (``"notyettreated"``): the never-treated
and the units whose own start comes after both t and g − 1, the group itself left out, as
``did`` picks them.  Not-yet-treated comparisons use more units (late starters stand in for the
never-treated until they start), so the errors are smaller, at the price of assuming the late
starters would have moved like the group had nobody started.

Without covariates each ATT(g, t) is the coefficient of an OLS of the change on a group
indicator over the group and its comparison units, and its analytic standard error is that
regression's HC0 error (the tests check both against statsmodels).  With covariates it is the
outcome-regression estimator (Heckman, Ichimura and Todd 1997; ``did``'s ``est_method = "reg"``,
DRDID's ``reg_did_panel``): statsmodels' OLS of the change on the covariates, taken at the base
period g − 1, over the comparison units; ATT(g, t) is the group's mean change less the mean of
that regression's predictions for the group, and its influence function includes the
regression's own estimation.  The parallel trends then need only hold for wards alike on the
covariates.  Without covariates the two coincide.

The effects are combined as ``did``'s ``aggte`` does: by event time e = t − g
(``type = "dynamic"``), weighting groups by their size among those seen e periods after their
start, and overall (``type = "simple"``): every post-period ATT(g, t) weighted by its group's
size.  Standard errors come from the influence functions, including the part from estimating
the weights, with 95 % intervals from the normal distribution, as ``did`` reports analytic
errors.  ``pre_trend_p`` tests that the pre-period ATT(g, t), averaged with the overall ATT's
weights, is zero: one linear combination, because a joint Wald test of every pre-period cell
rejects far too often with few wards (its covariance is then nearly singular), the caution
the common-start pre-trend check follows too.  With the base period just before each group's
start, a differential trend makes those cells all of one sign, which the average catches.

Units need the base period g − 1 and period t to count in ATT(g, t); a panel may be unbalanced.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import stats

from .panel import Panel, PanelError

__all__ = ["CONTROLS", "NEVER", "NOT_YET", "GroupTime", "StaggeredResult", "callaway_santanna"]

NEVER, NOT_YET = "never", "not-yet"
CONTROLS = (NEVER, NOT_YET)

Z95 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class GroupTime:
    """One ATT(g, t): the group's first treated period, the period, the estimate, its error."""

    group: str
    period: str
    event_time: int
    estimate: float
    se: float
    n_group: int
    n_control: int


@dataclass(frozen=True)
class StaggeredResult:
    """Group-time effects and their event-time and overall aggregates."""

    cells: list[GroupTime]
    groups: dict[str, int]  # first treated period → number of units
    n_never: int
    event_times: list[int]
    coefficients: list[float]  # ATT(e), the reference e = −1 left out
    se: list[float]
    ci: list[tuple[float, float]]
    estimate: float  # the overall ATT
    estimate_se: float
    estimate_ci: tuple[float, float]
    pre_trend_p: float | None
    n_units: int
    n_periods: int
    control: str = NEVER  # "never" or "not-yet"
    covariate_names: tuple[str, ...] = ()

    def did_json(self) -> dict:
        """The contract's DiD JSON, its estimate the overall ATT."""
        return {
            "design": "did",
            "estimate": self.estimate,
            "se": self.estimate_se,
            "ci": list(self.estimate_ci),
            "n_units": self.n_units,
            "n_periods": self.n_periods,
            "pre_trend_p": self.pre_trend_p,
        }

    def event_json(self) -> dict:
        """The contract's event-study JSON, keyed by event time."""
        return {
            "design": "event-study",
            "coefficients": {
                str(e): b for e, b in zip(self.event_times, self.coefficients, strict=True)
            },
            "se": {str(e): s for e, s in zip(self.event_times, self.se, strict=True)},
        }


def _aggregate(
    att: np.ndarray, influence: np.ndarray, member: np.ndarray, keep: np.ndarray
) -> tuple[float, float]:
    """Weighted mean of the kept cells, weights ∝ their group's share of all units, with its
    standard error from the influence functions (the weights' own estimation included, as in
    ``did``'s ``get_agg_inf_func`` and ``wif``)."""
    n = influence.shape[0]
    chosen = np.nonzero(keep)[0]
    share = member[:, chosen].mean(axis=0)  # p_g of each kept cell's group
    total = share.sum()
    weights = share / total
    estimate = float(weights @ att[chosen])
    deviations = member[:, chosen] - share  # (units × cells)
    weight_if = deviations / total - np.outer(deviations.sum(axis=1), share) / total**2
    combined = influence[:, chosen] @ weights + weight_if @ att[chosen]
    return estimate, float(np.sqrt(np.sum(combined**2)) / n)


def _cell(
    change: np.ndarray, covariates: np.ndarray, in_group: np.ndarray, in_control: np.ndarray
) -> tuple[float, np.ndarray]:
    """One ATT(g, t) by outcome regression and its influence function over all units (zero
    outside the cell), as DRDID's ``reg_did_panel`` with unit weights, rescaled to all units
    as ``did`` does.  ``covariates`` (units × k) holds the constant first."""
    n = len(change)
    keep = in_group | in_control
    d = in_group[keep].astype(float)
    dy = change[keep]
    xs = covariates[keep]
    n1 = len(dy)
    controls = d == 0
    beta = sm.OLS(dy[controls], xs[controls]).fit().params
    predicted = xs @ beta
    share = d.mean()
    eta_treat = float(np.mean(d * dy) / share)
    eta_cont = float(np.mean(d * predicted) / share)
    inf_treat = (d * dy - d * eta_treat) / share
    inf_cont_1 = d * predicted - d * eta_cont
    xpx = (xs[controls].T @ xs[controls]) / n1
    score = ((1 - d) * (dy - predicted))[:, None] * xs
    inf_cont_2 = score @ np.linalg.solve(xpx, (d[:, None] * xs).mean(axis=0))
    influence = np.zeros(n)
    influence[keep] = (n / n1) * (inf_treat - (inf_cont_1 + inf_cont_2) / share)
    return eta_treat - eta_cont, influence


def _base_covariates(panel: Panel, base: int) -> np.ndarray:
    """(units × 1 + k): a constant, then each covariate at the base period (NaN if missing)."""
    n_units = panel.y.shape[0]
    if panel.x is None or not panel.covariate_names:
        return np.ones((n_units, 1))
    return np.column_stack([np.ones(n_units), panel.x[:, :, base].T])


def _comparison(starts: np.ndarray, g: int, t: int, control: str) -> np.ndarray:
    """The units ATT(g, t) compares with: never treated, or also not yet treated at t and at
    the base period (the group itself left out), as ``did`` chooses them."""
    never = starts < 0
    if control == NEVER:
        return never
    return never | ((starts > max(t, g - 1)) & (starts != g))


def callaway_santanna(panel: Panel, *, control: str = NEVER) -> StaggeredResult:
    """Group-time ATTs against never-treated (``control="never"``) or not-yet-treated
    (``"not-yet"``) units, with the panel's covariates if it has any, and their aggregates
    (see module doc)."""
    if control not in CONTROLS:
        raise PanelError(f"{panel.name}: the comparison must be one of {', '.join(CONTROLS)}")
    if panel.unit_start is None:
        raise PanelError(f"{panel.name}: staggered adoption needs each unit's start")
    starts = panel.unit_start
    never = starts < 0
    n_units, n_periods = panel.y.shape
    if control == NEVER and never.sum() < 2:
        raise PanelError(
            f"{panel.name}: staggered adoption needs at least two never-treated units to compare "
            f"with ({int(never.sum())} here); not-yet-treated units may serve instead"
        )
    names = panel.covariate_names if panel.x is not None else ()
    y = panel.y
    group_starts = sorted(set(starts[~never].tolist()))
    member = np.column_stack([starts == g for g in group_starts]).astype(float)
    cells: list[GroupTime] = []
    columns: list[np.ndarray] = []
    cell_group: list[int] = []
    for k, g in enumerate(group_starts):
        base = g - 1
        covariates = _base_covariates(panel, base)
        known = np.isfinite(covariates).all(axis=1)
        for t in range(n_periods):
            if t == base:
                continue
            change = y[:, t] - y[:, base]
            seen = np.isfinite(change) & known
            in_group = (starts == g) & seen
            in_control = _comparison(starts, g, t, control) & seen
            n_g, n_c = int(in_group.sum()), int(in_control.sum())
            if n_g == 0 or n_c < 1 + covariates.shape[1]:
                continue
            fitted = covariates[in_control]
            if np.linalg.matrix_rank(fitted) < fitted.shape[1]:
                raise PanelError(
                    f"{panel.name}: the covariates ({', '.join(names)}) do not vary enough "
                    f"among the {n_c} units compared with the group starting "
                    f"{panel.periods[g]!r} in period {panel.periods[t]!r} to adjust for them; "
                    "use fewer covariates"
                )
            estimate, influence = _cell(
                np.where(seen, change, 0.0),
                np.where(seen[:, None], covariates, 0.0),
                in_group,
                in_control,
            )
            cells.append(
                GroupTime(
                    group=panel.periods[g],
                    period=panel.periods[t],
                    event_time=t - g,
                    estimate=estimate,
                    se=float(np.sqrt(np.sum(influence**2)) / n_units),
                    n_group=n_g,
                    n_control=n_c,
                )
            )
            columns.append(influence)
            cell_group.append(k)
    if not cells:
        raise PanelError(
            f"{panel.name}: no group has a period to compare with its base period and enough "
            "comparison units"
        )
    influence = np.column_stack(columns)
    att = np.array([c.estimate for c in cells])
    cell_member = member[:, cell_group]
    event = np.array([c.event_time for c in cells])
    event_times = sorted(set(event.tolist()))
    coefficients, errors, intervals = [], [], []
    for e in event_times:
        b, se = _aggregate(att, influence, cell_member, event == e)
        coefficients.append(b)
        errors.append(se)
        intervals.append((b - Z95 * se, b + Z95 * se))
    post = event >= 0
    if not post.any():
        raise PanelError(f"{panel.name}: no group has a post-period with units to compare with")
    estimate, estimate_se = _aggregate(att, influence, cell_member, post)
    pre_trend_p = None
    if (~post).any():
        mean_pre, mean_pre_se = _aggregate(att, influence, cell_member, ~post)
        if mean_pre_se > 0:
            pre_trend_p = float(2 * stats.norm.sf(abs(mean_pre) / mean_pre_se))
    return StaggeredResult(
        cells=cells,
        groups={panel.periods[g]: int((starts == g).sum()) for g in group_starts},
        n_never=int(never.sum()),
        event_times=event_times,
        coefficients=coefficients,
        se=errors,
        ci=intervals,
        estimate=estimate,
        estimate_se=estimate_se,
        estimate_ci=(estimate - Z95 * estimate_se, estimate + Z95 * estimate_se),
        pre_trend_p=pre_trend_p,
        n_units=n_units,
        n_periods=n_periods,
        control=control,
        covariate_names=tuple(names),
    )

"""Difference in differences and event study: two-way fixed-effects OLS, clustered by unit.

The regressions are the ones Stata runs as ``regress y d i.unit i.period, vce(cluster unit)``.
The unit dummies are swept out by demeaning every column within its unit (Frisch–Waugh–Lovell:
the coefficients, the residuals and the cluster "meat" of the remaining columns are exactly
those of the dummy regression), then statsmodels' OLS fits what is left with
``cov_type="cluster"``.  That is about 350 times fewer columns for 312 wards and keeps the
regression under a second, but statsmodels' small-sample factor then counts only the columns it
was given, so it is rescaled to Stata's CR1 factor

    G/(G−1) · (N−1)/(N−K),  K = 1 (intercept) + (G−1) unit dummies + (T−1) period dummies + the
    treatment terms,

the K of the dummy regression (an ``xtreg, fe`` count would leave out the unit dummies).  The
tests check both the factor against a hand-made sandwich and the result against statsmodels'
own dummy regression.  Confidence intervals and tests use Student's t (and F) with G−1 degrees
of freedom, as Stata does after ``vce(cluster)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import statsmodels.api as sm
from scipy import stats
from threadpoolctl import threadpool_limits

from .panel import Panel, PanelError

__all__ = [
    "DidResult",
    "EventStudyResult",
    "did",
    "event_study",
    "pre_trend_test",
    "stata_cr1_factor",
]

LEVEL = 0.95


def stata_cr1_factor(n_groups: int, n_obs: int, k: int) -> float:
    """Stata's small-sample factor for cluster-robust variances: G/(G−1)·(N−1)/(N−K)."""
    return n_groups / (n_groups - 1) * (n_obs - 1) / (n_obs - k)


@dataclass(frozen=True)
class _Design:
    y: np.ndarray  # observed outcomes, demeaned within unit
    unit: np.ndarray  # cluster code of each observation
    period: np.ndarray  # period index of each observation
    columns: np.ndarray  # (obs, k) regressors of interest + period dummies, demeaned within unit
    n_obs: int
    n_units: int
    n_periods: int


def _observations(panel: Panel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    unit, period = np.nonzero(np.isfinite(panel.y))
    return unit, period, panel.y[unit, period]


def _demean(values: np.ndarray, unit: np.ndarray, n_units: int) -> np.ndarray:
    """Subtract each unit's mean from its rows (column by column)."""
    counts = np.bincount(unit, minlength=n_units).astype(float)
    if values.ndim == 1:
        return values - (np.bincount(unit, weights=values, minlength=n_units) / counts)[unit]
    sums = np.zeros((n_units, values.shape[1]))
    np.add.at(sums, unit, values)
    return values - (sums / counts[:, None])[unit]


def _design(panel: Panel, terms: np.ndarray) -> _Design:
    """Demeaned outcome and [terms, period dummies 1..T−1] for the observed cells."""
    unit, period, y = _observations(panel)
    dummies = np.zeros((len(period), panel.n_periods - 1))
    later = period > 0
    dummies[np.nonzero(later)[0], period[later] - 1] = 1.0
    columns = np.column_stack([terms, dummies])
    return _Design(
        y=_demean(y, unit, panel.n_units),
        unit=unit,
        period=period,
        columns=_demean(columns, unit, panel.n_units),
        n_obs=len(y),
        n_units=panel.n_units,
        n_periods=panel.n_periods,
    )


@dataclass(frozen=True)
class _Fit:
    params: np.ndarray
    cov: np.ndarray  # Stata CR1 covariance of params
    k_stata: int
    df: int  # G − 1


def _fit(design: _Design, n_terms: int) -> _Fit:
    """OLS with unit-clustered errors; the covariance rescaled to Stata's K (see module doc)."""
    if design.n_units < 2:
        raise PanelError("need at least two units to cluster by unit")
    # Demeaned columns have no constant (say so: statsmodels would otherwise look for one), and
    # QR is several times faster than the default pseudo-inverse on a tall, thin matrix.
    # One BLAS thread: these matrices are small, and on a busy machine threads only contend
    # (ten times slower on two shared cores).
    with threadpool_limits(limits=1):
        model = sm.OLS(design.y, design.columns, hasconst=False)
        result = model.fit(
            method="qr",
            cov_type="cluster",
            cov_kwds={"groups": design.unit, "use_correction": True, "df_correction": True},
        )
    k_stata = 1 + (design.n_units - 1) + (design.n_periods - 1) + n_terms
    k_given = design.columns.shape[1]
    if design.n_obs <= k_stata:
        raise PanelError(
            f"too few observations ({design.n_obs}) for {k_stata} parameters: add periods or units"
        )
    # statsmodels applied G/(G−1)·(N−1)/(N−k_given); Stata's K also counts the unit dummies
    # and the intercept that demeaning removed.
    rescale = (design.n_obs - k_given) / (design.n_obs - k_stata)
    return _Fit(
        params=np.asarray(result.params),
        cov=np.asarray(result.cov_params()) * rescale,
        k_stata=k_stata,
        df=design.n_units - 1,
    )


def _interval(estimate: float, se: float, df: int) -> tuple[float, float]:
    half = float(stats.t.ppf(0.5 + LEVEL / 2, df)) * se
    return estimate - half, estimate + half


@dataclass(frozen=True)
class EventStudyResult:
    """Coefficients on event time (periods since the start; −1 is the reference, fixed at 0)."""

    event_times: list[int]
    coefficients: list[float]
    se: list[float]
    ci: list[tuple[float, float]]
    pre_trend_p: float | None
    pre_trend_f: float | None
    pre_trend_df: tuple[int, int] | None
    n_units: int
    n_periods: int
    n_obs: int
    k: int

    def as_json(self) -> dict:
        """The contract's JSON: coefficients and standard errors keyed by event time."""
        return {
            "design": "event-study",
            "coefficients": {
                str(e): b for e, b in zip(self.event_times, self.coefficients, strict=True)
            },
            "se": {str(e): s for e, s in zip(self.event_times, self.se, strict=True)},
        }


def event_study(panel: Panel) -> EventStudyResult:
    """Leads and lags of the start for the treated units, period −1 omitted, with a joint test
    that every lead (event time ≤ −2) is zero (the pre-trend check)."""
    unit, period, _ = _observations(panel)
    event = period - panel.start_index
    treated_rows = panel.treated[unit]
    observed = sorted(set(event[treated_rows].tolist()) - {-1})
    if not observed:
        raise PanelError(
            f"{panel.name}: the treated units have no periods besides the one before the start"
        )
    position = {e: j for j, e in enumerate(observed)}
    terms = np.zeros((len(unit), len(observed)))
    rows = np.nonzero(treated_rows & (event != -1))[0]
    terms[rows, [position[e] for e in event[rows].tolist()]] = 1.0
    fit = _fit(_design(panel, terms), len(observed))
    n = len(observed)
    coefficients = fit.params[:n]
    se = np.sqrt(np.diag(fit.cov)[:n])
    leads = [j for j, e in enumerate(observed) if e <= -2]
    p_value = f_value = dof = None
    if leads:
        b = coefficients[leads]
        v = fit.cov[np.ix_(leads, leads)]
        q = int(np.linalg.matrix_rank(v))
        if q > 0:
            f_value = float(b @ np.linalg.pinv(v) @ b) / q
            p_value = float(stats.f.sf(f_value, q, fit.df))
            dof = (q, fit.df)
    return EventStudyResult(
        event_times=observed,
        coefficients=[float(c) for c in coefficients],
        se=[float(s) for s in se],
        ci=[_interval(float(c), float(s), fit.df) for c, s in zip(coefficients, se, strict=True)],
        pre_trend_p=p_value,
        pre_trend_f=f_value,
        pre_trend_df=dof,
        n_units=panel.n_units,
        n_periods=panel.n_periods,
        n_obs=len(unit),
        k=fit.k_stata,
    )


@dataclass(frozen=True)
class DidResult:
    """The treated × post coefficient with its unit-clustered uncertainty."""

    estimate: float
    se: float
    ci: tuple[float, float]
    p_value: float
    n_units: int
    n_periods: int
    n_obs: int
    n_treated: int
    k: int
    pre_trend_p: float | None
    treated_mean: list[float | None]
    comparison_mean: list[float | None]

    def as_json(self) -> dict:
        """The contract's JSON."""
        return {
            "design": "did",
            "estimate": self.estimate,
            "se": self.se,
            "ci": [self.ci[0], self.ci[1]],
            "n_units": self.n_units,
            "n_periods": self.n_periods,
            "pre_trend_p": self.pre_trend_p,
        }


def _means(panel: Panel, rows: np.ndarray) -> list[float | None]:
    block = panel.y[rows]
    counts = np.isfinite(block).sum(axis=0)
    sums = np.nansum(block, axis=0)
    return [float(s / c) if c else None for s, c in zip(sums, counts, strict=True)]


def pre_trend_test(panel: Panel) -> float | None:
    """p-value for a differential linear trend of the treated units before the start.

    The pre-period alone, regressed as the DiD is (unit and period effects, clustered by unit,
    Stata's CR1) on treated × period number: a two-sided t-test of that one slope with G − 1
    degrees of freedom.  One slope rather than a joint test of every lead: with few treated
    units the cluster-robust covariance of many leads is nearly singular and a joint Wald test
    rejects far too often; a single slope is the usual, better-behaved check.  None when there
    are fewer than two pre-periods.
    """
    if panel.start_index < 2:
        return None
    pre = replace(
        panel,
        periods=panel.periods[: panel.start_index],
        y=panel.y[:, : panel.start_index],
        x=None,
    )
    unit, period, _ = _observations(pre)
    if not (pre.treated[unit].any() and (~pre.treated[unit]).any()):
        return None
    slope = (pre.treated[unit] * (period - period.mean())).astype(float)
    try:
        fit = _fit(_design(pre, slope[:, None]), 1)
    except PanelError:
        return None
    se = float(np.sqrt(fit.cov[0, 0]))
    if not se > 0:
        return None
    return float(2 * stats.t.sf(abs(float(fit.params[0]) / se), fit.df))


def did(panel: Panel) -> DidResult:
    """Two-way fixed-effects difference in differences, with :func:`pre_trend_test`."""
    unit, period, _ = _observations(panel)
    treated_post = (panel.treated[unit] & (period >= panel.start_index)).astype(float)
    fit = _fit(_design(panel, treated_post[:, None]), 1)
    estimate = float(fit.params[0])
    se = float(np.sqrt(fit.cov[0, 0]))
    t_value = estimate / se if se > 0 else np.inf
    pre = pre_trend_test(panel)
    return DidResult(
        estimate=estimate,
        se=se,
        ci=_interval(estimate, se, fit.df),
        p_value=float(2 * stats.t.sf(abs(t_value), fit.df)),
        n_units=panel.n_units,
        n_periods=panel.n_periods,
        n_obs=len(unit),
        n_treated=int(panel.treated.sum()),
        k=fit.k_stata,
        pre_trend_p=pre,
        treated_mean=_means(panel, panel.treated),
        comparison_mean=_means(panel, ~panel.treated),
    )

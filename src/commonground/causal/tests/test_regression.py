"""Difference in differences and event study against statsmodels' dummy regression, with
Stata's CR1 cluster correction checked against a sandwich computed by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from commonground.causal import did, event_study, read_panel
from commonground.causal.regression import stata_cr1_factor

from .conftest import simulated_rows, write_rows

pytestmark = pytest.mark.engine


def _frame(rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["ward", "year", "y", "d"])


def _dummy_did(frame: pd.DataFrame, start: int):
    """What Stata runs as `regress y dp i.ward i.year, vce(cluster ward)`."""
    frame = frame.assign(dp=frame["d"] * (frame["year"] >= start))
    groups = pd.factorize(frame["ward"])[0]
    fit = smf.ols("y ~ dp + C(ward) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    return frame, groups, fit


def _panel(tmp_path: Path, rows, start: str = "2018"):
    path = write_rows(tmp_path / "p.csv", ["ward", "year", "y", "d"], rows)
    return read_panel(path, unit="ward", time="year", outcome="y", treated="d", start=start)


def test_statsmodels_cluster_factor_is_statas_cr1_by_hand():
    frame, groups, fit = _dummy_did(_frame(simulated_rows(drop=9)), 2018)
    x = fit.model.exog
    e = fit.resid.to_numpy()
    bread = np.linalg.inv(x.T @ x)
    scores = np.zeros((groups.max() + 1, x.shape[1]))
    np.add.at(scores, groups, x * e[:, None])
    meat = scores.T @ scores
    n, k, g = len(frame), x.shape[1], groups.max() + 1
    # K counts the intercept, the unit and period dummies and the treatment term.
    assert k == 1 + (g - 1) + (frame["year"].nunique() - 1) + 1
    by_hand = stata_cr1_factor(g, n, k) * bread @ meat @ bread
    assert np.allclose(fit.cov_params().to_numpy(), by_hand, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("drop", [0, 9])
def test_did_equals_the_dummy_regression(tmp_path, drop):
    rows = simulated_rows(drop=drop)
    _, groups, fit = _dummy_did(_frame(rows), 2018)
    result = did(_panel(tmp_path, rows))
    assert result.estimate == pytest.approx(fit.params["dp"], rel=1e-9)
    assert result.se == pytest.approx(fit.bse["dp"], rel=1e-9)
    g = groups.max() + 1
    half = stats.t.ppf(0.975, g - 1) * fit.bse["dp"]
    assert result.ci == pytest.approx((fit.params["dp"] - half, fit.params["dp"] + half))
    assert result.k == fit.model.exog.shape[1]
    assert (result.n_units, result.n_periods) == (24, 12)


def test_within_transformation_keeps_statas_k_not_xtreg(tmp_path):
    rows = simulated_rows()
    result = did(_panel(tmp_path, rows))
    _, _, fit = _dummy_did(_frame(rows), 2018)
    # An xtreg-style K (treatment + period dummies only) would give a smaller variance.
    n, g, t = len(rows), 24, 12
    xtreg = stata_cr1_factor(g, n, 1 + (t - 1))
    stata = stata_cr1_factor(g, n, g + t)
    assert stata > xtreg
    assert result.se == pytest.approx(fit.bse["dp"], rel=1e-9)
    assert result.se != pytest.approx(fit.bse["dp"] * np.sqrt(xtreg / stata), rel=1e-6)


def test_did_recovers_the_effect(tmp_path):
    result = did(_panel(tmp_path, simulated_rows(units=60, effect=3.0)))
    assert result.ci[0] < 3.0 < result.ci[1]
    assert result.ci[0] > 1.0


def test_event_study_equals_the_dummy_regression(tmp_path):
    rows = simulated_rows(drop=5)
    frame = _frame(rows)
    event = frame["year"] - 2018
    names = []
    for e in sorted(event.unique()):
        if e == -1:
            continue
        name = f"e{'m' if e < 0 else 'p'}{abs(e)}"
        frame[name] = ((event == e) & (frame["d"] == 1)).astype(float)
        names.append((int(e), name))
    groups = pd.factorize(frame["ward"])[0]
    formula = "y ~ " + " + ".join(n for _, n in names) + " + C(ward) + C(year)"
    fit = smf.ols(formula, frame).fit(cov_type="cluster", cov_kwds={"groups": groups})
    result = event_study(_panel(tmp_path, rows))
    assert result.event_times == [e for e, _ in names]
    for (e, name), b, se in zip(names, result.coefficients, result.se, strict=True):
        assert b == pytest.approx(fit.params[name], rel=1e-8, abs=1e-10), e
        assert se == pytest.approx(fit.bse[name], rel=1e-8), e
    # The pre-trend test: F on the leads with Stata's covariance and G − 1 denominator df.
    leads = [n for e, n in names if e <= -2]
    b = fit.params[leads].to_numpy()
    v = fit.cov_params().loc[leads, leads].to_numpy()
    f_value = b @ np.linalg.solve(v, b) / len(leads)
    assert result.pre_trend_p == pytest.approx(stats.f.sf(f_value, len(leads), 23), rel=1e-6)
    assert result.as_json()["coefficients"].keys() == {str(e) for e, _ in names}
    assert "-1" not in result.as_json()["se"]


def test_pre_trend_check_tells_parallel_from_diverging(tmp_path):
    parallel = did(_panel(tmp_path, simulated_rows(units=45, seed=3)))
    diverging = did(_panel(tmp_path, simulated_rows(units=45, seed=3, trend=1.0)))
    assert parallel.pre_trend_p > 0.05
    assert diverging.pre_trend_p < 0.001
    # The event study's joint test of the leads agrees here (many treated units).
    assert event_study(_panel(tmp_path, simulated_rows(units=45, seed=3))).pre_trend_p > 0.05


def test_pre_trend_slope_equals_the_dummy_regression(tmp_path):
    rows = [r for r in simulated_rows(drop=4) if r[1] < 2018]
    frame = _frame(rows)
    frame["slope"] = frame["d"] * (frame["year"] - 2010 - (frame["year"] - 2010).mean())
    groups = pd.factorize(frame["ward"])[0]
    fit = smf.ols("y ~ slope + C(ward) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    t_value = fit.params["slope"] / fit.bse["slope"]
    expected = 2 * stats.t.sf(abs(t_value), groups.max())
    result = did(_panel(tmp_path, simulated_rows(drop=4)))
    assert result.pre_trend_p == pytest.approx(expected, rel=1e-6)


def test_one_pre_period_has_no_pre_trend_test(tmp_path):
    result = did(_panel(tmp_path, simulated_rows(), start="2011"))
    assert result.pre_trend_p is None
    assert result.as_json()["pre_trend_p"] is None


def test_proposition_99_did_matches_statsmodels(smoking_csv):
    panel = read_panel(
        smoking_csv, unit="state", time="year", outcome="cigsale", treated="treated", start="1989"
    )
    frame = pd.read_csv(smoking_csv)
    frame["dp"] = frame["treated"] * (frame["year"] >= 1989)
    groups = pd.factorize(frame["state"])[0]
    fit = smf.ols("cigsale ~ dp + C(state) + C(year)", frame).fit(
        cov_type="cluster", cov_kwds={"groups": groups}
    )
    result = did(panel)
    assert result.estimate == pytest.approx(fit.params["dp"], rel=1e-9)
    assert result.se == pytest.approx(fit.bse["dp"], rel=1e-9)
    assert result.estimate == pytest.approx(-27.35, abs=0.01)


def test_minimum_detectable_effect_uses_the_pre_period(tmp_path):
    from commonground.causal.power import MULTIPLIER, minimum_detectable_effect

    panel = _panel(tmp_path, simulated_rows(units=30))
    mde = minimum_detectable_effect(panel)
    assert pytest.approx(2.8016, abs=1e-4) == MULTIPLIER
    assert 0 < mde < 5
    assert minimum_detectable_effect(_panel(tmp_path, simulated_rows(), start="2012")) is None


def test_matching_proposes_the_nearest_areas():
    from commonground.causal.matching import propose_comparisons, trend_features

    features = {
        "T": {"deprivation": 30.0, "pakistani": 0.4},
        "near": {"deprivation": 29.0, "pakistani": 0.38},
        "far": {"deprivation": 5.0, "pakistani": 0.02},
        "middle": {"deprivation": 20.0, "pakistani": 0.2},
    }
    matches = propose_comparisons(features, ["T"], count=2)
    assert [m.area for m in matches] == ["near", "middle"]
    assert trend_features({"a": [1.0, 2.0, 3.0]})["a"] == pytest.approx((2.0, 1.0))

"""Synthetic control with covariates and the nested V search, on Proposition 99.

The published table (Abadie, Diamond and Hainmueller 2010, Table 2) gives synthetic
California's donor weights as Utah 0.334, Nevada 0.234, Montana 0.199, Colorado 0.164 and
Connecticut 0.069, every other state 0, from the predictors: log income, the share aged 15–24
and the retail price averaged over 1980–1988, beer over 1984–1988, and cigarette sales in 1975,
1980 and 1988.  V is not identified (very different V give the same W), so the test checks W,
the outer loss and the ranking, not V.

Tolerance 0.005 on each weight: the table is rounded to three decimals, and the published run's
outer optimum is not exactly reached by any software — Stata's ``synth, nested`` today gives
Utah 0.334, Nevada 0.235, Montana 0.202, Colorado 0.161, Connecticut 0.068 (up to 0.003 from
the table) with a pre-period RMSPE of 1.7557; our search finds a slightly lower RMSPE (1.7540,
which the test requires to be no worse than Stata's), whose weights lie within 0.0045 of the
table (Colorado) and 0.0015 of Stata's.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from commonground.causal import PanelError, read_panel, synthetic_control
from commonground.causal.synth import simplex_least_squares, v_search

from .conftest import COVARIATES, SMOKING, SMOKING_COVARIATES, write_smoking_covariates

pytestmark = pytest.mark.engine

PUBLISHED = {
    "Utah": 0.334,
    "Nevada": 0.234,
    "Montana": 0.199,
    "Colorado": 0.164,
    "Connecticut": 0.069,
}
STATA_PRE_RMSPE = 1.755672


LAGS = ["1975", "1980", "1988"]


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    return read_panel(
        write_smoking_covariates(tmp_path_factory.mktemp("prop99") / "smoking.csv"),
        unit="state",
        time="year",
        outcome="cigsale",
        treated="treated",
        start="1989",
        covariates=list(COVARIATES),
    )


def test_covariate_means_match_the_published_balance_table():
    # Table 1 of the paper / Stata's balance table: California and the 38-state average.
    with SMOKING_COVARIATES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def mean(column, states):
        values = [float(r[column]) for r in rows if r["state"] in states and r[column]]
        by_state = {}
        for r in rows:
            if r["state"] in states and r[column]:
                by_state.setdefault(r["state"], []).append(float(r[column]))
        return np.mean([np.mean(v) for v in by_state.values()]), len(values)

    donors = {r["state"] for r in rows} - {"California"}
    assert mean("lnincome", {"California"})[0] == pytest.approx(10.076559, abs=1e-6)
    assert mean("beer", {"California"})[0] == pytest.approx(24.28, abs=1e-6)
    assert mean("age15to24", {"California"})[0] == pytest.approx(0.173532, abs=1e-6)
    assert mean("retprice", {"California"})[0] == pytest.approx(89.422223, abs=1e-5)
    assert mean("lnincome", donors)[0] == pytest.approx(9.829197, abs=1e-6)
    assert mean("beer", donors)[0] == pytest.approx(23.655263, abs=1e-6)
    assert mean("age15to24", donors)[0] == pytest.approx(0.172510, abs=1e-6)
    assert mean("retprice", donors)[0] == pytest.approx(87.266082, abs=1e-5)


@pytest.fixture(scope="module")
def published(panel):
    return synthetic_control(panel, outcome_periods=LAGS)


def test_published_weights_and_first_place_with_covariates(published):
    result = published
    weights = result.weights
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-12)
    for state, published in PUBLISHED.items():
        assert weights[state] == pytest.approx(published, abs=0.005), state
    assert max(w for s, w in weights.items() if s not in PUBLISHED) < 1e-3
    # The search reaches an outer optimum at least as good as Stata's synth, nested.
    assert result.pre_rmspe <= STATA_PRE_RMSPE
    assert result.pre_rmspe == pytest.approx(1.754, abs=0.01)
    # California's post/pre RMSPE ratio is the largest of the 39: p = 1/39.
    assert result.rank == 1
    assert result.placebo_p == pytest.approx(1 / 39)
    assert len(result.ratios) == 39
    # The effect the paper reports: about −19 packs a head over 1989–2000, −25.7 in 2000.
    assert result.estimate == pytest.approx(-19.0, abs=0.3)
    assert result.as_json()["gaps"]["2000"] == pytest.approx(-25.75, abs=0.3)
    # V is reported by name: the covariates, then the outcome periods.
    assert list(result.predictor_weights) == [
        *COVARIATES,
        "outcome 1975",
        "outcome 1980",
        "outcome 1988",
    ]
    assert sum(result.predictor_weights.values()) == pytest.approx(1.0)


def test_balance_table_matches_the_published_table_1(published):
    # Abadie, Diamond and Hainmueller (2010), Table 1: California against synthetic
    # California, predictor by predictor.  The synthetic column within the weights' 0.005 of
    # the published one; the treated and the 38 states' average from the data directly.
    rows = {b.name: b for b in published.balance}
    assert list(rows) == [*COVARIATES, "outcome 1975", "outcome 1980", "outcome 1988"]
    table = {
        "lnincome": (10.08, 9.86, 0.01),
        "beer": (24.28, 24.20, 0.05),
        "age15to24": (0.1740, 0.1740, 0.0005),
        "retprice": (89.42, 89.41, 0.05),
        "outcome 1988": (90.1, 91.62, 0.3),
        "outcome 1980": (120.2, 120.43, 0.3),
        "outcome 1975": (127.1, 126.99, 0.3),
    }
    for name, (treated, synthetic, tolerance) in table.items():
        assert rows[name].treated == pytest.approx(treated, abs=tolerance), name
        assert rows[name].synthetic == pytest.approx(synthetic, abs=tolerance), name
    with SMOKING.open(encoding="utf-8") as handle:
        sales = [r for r in csv.DictReader(handle) if r["state"] != "California"]
    for year in LAGS:
        average = np.mean([float(r["cigsale"]) for r in sales if r["year"] == year])
        assert rows[f"outcome {year}"].donor_mean == pytest.approx(average, abs=1e-9)
    assert rows["retprice"].donor_mean == pytest.approx(87.266082, abs=1e-5)
    assert rows["lnincome"].donor_mean == pytest.approx(9.829197, abs=1e-6)
    assert all(b.spread > 0 for b in published.balance)


def test_v_search_matches_a_brute_force_search_on_a_small_problem():
    # Two predictors: V is one number in [0, 1]; a fine grid is the reference.
    rng = np.random.default_rng(3)
    units, pre = 9, 6
    predictors = rng.normal(0, 1, (2, units))
    outcomes = rng.normal(0, 1, (pre, units)) + predictors[0] * 2
    donors = np.arange(1, units)

    def loss(v0):
        root = np.sqrt([v0, 1 - v0])
        w = simplex_least_squares(predictors[:, donors] * root[:, None], predictors[:, 0] * root)
        return float(np.mean((outcomes[:, 0] - outcomes[:, donors] @ w) ** 2))

    grid = min(loss(v) for v in np.linspace(0, 1, 2001))
    found = v_search(predictors, outcomes, 0, donors)
    assert found.mspe <= grid + 1e-9
    assert found.v.sum() == pytest.approx(1.0)
    assert found.w.sum() == pytest.approx(1.0)


def test_the_search_is_repeatable(panel, published):
    again = synthetic_control(panel, outcome_periods=LAGS)
    assert again.weights == published.weights
    assert again.ratios == published.ratios


def test_outcome_periods_must_be_pre_periods(panel):
    with pytest.raises(PanelError, match="'1990' is not before the start"):
        synthetic_control(panel, outcome_periods=["1975", "1990"])
    with pytest.raises(PanelError, match="'1960' is not a period in the data"):
        synthetic_control(panel, outcome_periods=["1960"])


def test_outcome_periods_need_covariates(smoking_csv):
    plain = read_panel(
        smoking_csv, unit="state", time="year", outcome="cigsale", treated="treated", start="1989"
    )
    with pytest.raises(PanelError, match="--outcome-periods applies with --covariates only"):
        synthetic_control(plain, outcome_periods=["1975"])

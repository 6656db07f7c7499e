"""Synthetic control: Proposition 99 (Abadie, Diamond and Hainmueller 2010), the constrained
least squares against SciPy's SLSQP, and the refusals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from commonground.causal import PanelError, read_panel, synthetic_control
from commonground.causal.panel import Panel, Record
from commonground.causal.synth import simplex_least_squares

pytestmark = pytest.mark.engine


@pytest.fixture
def prop99(smoking_csv):
    panel = read_panel(
        smoking_csv, unit="state", time="year", outcome="cigsale", treated="treated", start="1989"
    )
    return synthetic_control(panel)


def test_california_ranks_third_of_39_outcome_only(prop99):
    assert len(prop99.ratios) == 39
    assert prop99.rank == 3
    assert prop99.placebo_p == pytest.approx(3 / 39)


def test_california_weights_and_fit(prop99):
    weights = prop99.weights
    assert set(weights) == set(prop99.ratios) - {"California"}
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-12)
    assert min(weights.values()) >= 0
    top = sorted(weights, key=weights.get, reverse=True)[:4]
    assert top == ["Utah", "Montana", "Nevada", "Connecticut"]
    assert weights["Utah"] == pytest.approx(0.394, abs=0.005)
    assert prop99.pre_rmspe == pytest.approx(1.66, abs=0.02)
    # Sales fell by about 20 packs a head against the synthetic California after 1988.
    assert -24 < prop99.estimate < -16
    assert prop99.as_json()["gaps"]["2000"] < -20


def test_contract_json_keys(prop99):
    data = prop99.as_json()
    assert set(data) == {"design", "weights", "pre_rmspe", "estimate", "gaps", "placebo_p"}
    assert data["design"] == "synthetic-control"
    assert list(data["gaps"])[:2] == ["1970", "1971"]
    assert len(data["gaps"]) == 31


def _slsqp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    n = a.shape[1]
    result = minimize(
        lambda w: np.sum((a @ w - b) ** 2),
        np.full(n, 1 / n),
        jac=lambda w: 2 * a.T @ (a @ w - b),
        bounds=[(0, 1)] * n,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    return result.x


@pytest.mark.parametrize("seed", range(6))
def test_simplex_least_squares_matches_slsqp(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(100, 20, (19, 25))
    b = rng.normal(100, 20, 19)
    ours = simplex_least_squares(a, b)
    reference = _slsqp(a, b)
    assert ours.sum() == pytest.approx(1.0, abs=1e-12)
    assert ours.min() >= 0
    # SLSQP meets Σw = 1 only to about 1e-5, which can buy it a slightly smaller loss.
    loss = np.sum((a @ ours - b) ** 2)
    assert loss <= np.sum((a @ reference - b) ** 2) * (1 + 1e-4)
    assert np.allclose(ours, reference, atol=1e-2)
    # Ours meets the optimality conditions: equal gradients on the support, no better unit off it.
    gradient = 2 * a.T @ (a @ ours - b)
    support = ours > 0
    multiplier = -gradient[support].mean()
    assert np.allclose(gradient[support] + multiplier, 0, atol=1e-6)
    assert np.all(gradient[~support] + multiplier >= -1e-6)


def _records(treated: set[str], missing: tuple[str, str] | None = None) -> list[Record]:
    rows = []
    for u in "abcde":
        for t in range(6):
            if (u, str(t)) == missing:
                continue
            rows.append(
                Record(
                    u,
                    str(t),
                    float(t * (ord(u) - 96) + (u in treated) * (t >= 4)),
                    int(u in treated),
                )
            )
    return rows


def test_two_treated_units_are_refused():
    panel = Panel.from_records(_records({"a", "b"}), start="4")
    with pytest.raises(PanelError, match="exactly one treated unit; 2 are treated"):
        synthetic_control(panel)


def test_a_missing_cell_is_named():
    panel = Panel.from_records(_records({"a"}, missing=("c", "2")), start="4")
    with pytest.raises(PanelError, match="unit 'c' has no row for period '2'"):
        synthetic_control(panel)


def test_covariates_enter_the_fit(tmp_path):
    # A unit identical in outcomes to two donors but matching only one on the covariate.
    path = tmp_path / "c.csv"
    lines = ["unit,t,y,d,x"]
    for t in range(6):
        lines += [
            f"T,{t},{10 + t},1,5",
            f"A,{t},{10 + t},0,5",
            f"B,{t},{10 + t},0,50",
            f"C,{t},{30 + t},0,20",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = synthetic_control(
        read_panel(path, unit="unit", time="t", outcome="y", treated="d", start="4")
    )
    with_x = synthetic_control(
        read_panel(
            path, unit="unit", time="t", outcome="y", treated="d", start="4", covariates=["x"]
        )
    )
    assert plain.weights["C"] == pytest.approx(0, abs=1e-9)
    assert with_x.weights["A"] == pytest.approx(1.0, abs=1e-6)

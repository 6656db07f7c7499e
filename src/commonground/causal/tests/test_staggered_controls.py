"""Staggered adoption with not-yet-treated comparisons and with covariates.

The reference for the comparison groups is a five-unit panel worked by hand (the arithmetic is
in the comments, so a reader can check it without the code); the covariate adjustment is
checked against statsmodels' OLS cell by cell, against the truth of a noiseless panel whose
trends depend on a covariate, and its errors against resampling units."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from commonground.causal import PanelError, callaway_santanna
from commonground.causal.panel import Panel, Record

pytestmark = pytest.mark.engine

# Units A and B start in 2003, C in 2004; D and E are never treated.
HAND = {
    "A": ("2003", [10, 11, 15, 17]),
    "B": ("2003", [20, 22, 25, 26]),
    "C": ("2004", [5, 7, 8, 12]),
    "D": ("", [30, 31, 33, 34]),
    "E": ("", [12, 12, 13, 15]),
}
YEARS = ["2001", "2002", "2003", "2004"]


def _hand_panel() -> Panel:
    records = [
        Record(unit, year, float(y), int(bool(start)), (), f"{unit} {year}", start)
        for unit, (start, values) in HAND.items()
        for year, y in zip(YEARS, values, strict=True)
    ]
    return Panel.from_records(records, start=None, staggered=True)


def _cells(result) -> dict[tuple[str, str], float]:
    return {(c.group, c.period): c.estimate for c in result.cells}


def test_not_yet_treated_by_hand():
    result = callaway_santanna(_hand_panel(), control="not-yet")
    cells = _cells(result)
    # ATT(2003, 2003): changes 2002→2003 of A, B are 4, 3 (mean 3.5); C starts in 2004, so it
    # is not yet treated and joins D, E: changes 1, 2, 1 (mean 4/3).  3.5 − 4/3 = 13/6.
    assert cells[("2003", "2003")] == pytest.approx(13 / 6)
    # ATT(2003, 2004): 2002→2004, A, B: 6, 4 (5); C is treated in 2004, so only D, E: 3, 3.
    assert cells[("2003", "2004")] == pytest.approx(2.0)
    # ATT(2003, 2001): 2002→2001, A, B: −1, −2 (−1.5); C, D, E: −2, −1, 0 (−1).
    assert cells[("2003", "2001")] == pytest.approx(-0.5)
    # ATT(2004, 2004): 2003→2004, C: 4; nobody starts after 2004, so D, E: 1, 2 (1.5).
    assert cells[("2004", "2004")] == pytest.approx(2.5)
    # ATT(2004, 2001): 2003→2001, C: −3; A and B are treated by the base period 2003: D, E:
    # −3, −1 (−2).
    assert cells[("2004", "2001")] == pytest.approx(-1.0)
    assert cells[("2004", "2002")] == pytest.approx(0.5)
    counts = {(c.group, c.period): c.n_control for c in result.cells}
    assert counts[("2003", "2003")] == 3 and counts[("2003", "2004")] == 2
    # Event time 0: (2 × 13/6 + 1 × 2.5) / 3 = 41/18; overall: the three post cells weighted
    # 2, 2, 1: (2 × 13/6 + 2 × 2 + 2.5) / 5 = 13/6.
    assert result.coefficients[result.event_times.index(0)] == pytest.approx(41 / 18)
    assert result.estimate == pytest.approx(13 / 6)
    assert result.control == "not-yet"


def test_never_treated_by_hand_differs_where_a_late_starter_would_join():
    cells = _cells(callaway_santanna(_hand_panel(), control="never"))
    # ATT(2003, 2003) against D, E only: 3.5 − 1.5 = 2; ATT(2003, 2001): −1.5 − (−0.5) = −1.
    assert cells[("2003", "2003")] == pytest.approx(2.0)
    assert cells[("2003", "2001")] == pytest.approx(-1.0)
    assert cells[("2003", "2004")] == pytest.approx(2.0)  # no late starter left to join


def test_not_yet_cell_errors_are_statsmodels_hc0():
    panel = _hand_panel()
    starts = panel.unit_start
    for cell in callaway_santanna(panel, control="not-yet").cells:
        g, t = panel.periods.index(cell.group), panel.periods.index(cell.period)
        control = (starts < 0) | ((starts > max(t, g - 1)) & (starts != g))
        keep = (starts == g) | control
        change = panel.y[keep, t] - panel.y[keep, g - 1]
        fit = sm.OLS(change, sm.add_constant((starts[keep] == g).astype(float))).fit(cov_type="HC0")
        assert cell.estimate == pytest.approx(fit.params[1], abs=1e-12)
        assert cell.se == pytest.approx(fit.bse[1], rel=1e-9)


def test_not_yet_needs_no_never_treated_units_but_never_does():
    records = [
        Record(u, y, float(v), 1, (), "", start)
        for u, (start, values) in HAND.items()
        if start
        for y, v in zip(YEARS, values, strict=True)
    ] + [Record("Z", y, 1.0, 0, (), "", "") for y in YEARS]
    panel = Panel.from_records(records, start=None, staggered=True)
    with pytest.raises(PanelError, match="not-yet-treated units may serve instead"):
        callaway_santanna(panel, control="never")
    result = callaway_santanna(panel, control="not-yet")
    # 2003 against C (not yet treated) and Z; 2004 has only Z once 2003's wards have started,
    # and one unit cannot give a comparison its own spread: no cells for 2004.
    assert {c.group for c in result.cells} == {"2003"}
    with pytest.raises(PanelError, match="comparison must be one of"):
        callaway_santanna(panel, control="everyone")


GROUPS = {4: 7, 6: 8}  # start index: wards
NEVER = 12


def _covariate_panel(noise: float, seed: int, *, cov_effect: float = 1.5) -> Panel:
    """Trends that depend on a covariate (treated wards have more of it): the effect is 2 in
    every treated period; without adjusting, the comparison is biased by the steeper trend."""
    rng = np.random.default_rng(seed)
    records = []
    units = [(g, i) for g, n in GROUPS.items() for i in range(n)] + [
        (None, i) for i in range(NEVER)
    ]
    for g, i in units:
        x = rng.normal(1.0 if g else 0.0, 1.0)
        level = rng.normal(50, 5)
        for t in range(10):
            y = level + 0.4 * t + cov_effect * x * t + rng.normal(0, noise)
            y += 2.0 if g is not None and t >= g else 0.0
            records.append(
                Record(
                    f"{g}-{i}",
                    str(2010 + t),
                    y,
                    int(g is not None),
                    (x,),
                    "",
                    str(2010 + g) if g else "",
                )
            )
    return Panel.from_records(records, start=None, covariates=("x",), staggered=True)


@pytest.mark.parametrize("control", ["never", "not-yet"])
def test_covariate_cells_are_statsmodels_outcome_regressions(control):
    panel = _covariate_panel(noise=1.0, seed=3)
    starts = panel.unit_start
    result = callaway_santanna(panel, control=control)
    assert result.covariate_names == ("x",)
    for cell in result.cells:
        g, t = panel.periods.index(cell.group), panel.periods.index(cell.period)
        control_units = (starts < 0) | (
            (control == "not-yet") & (starts > max(t, g - 1)) & (starts != g)
        )
        change = panel.y[:, t] - panel.y[:, g - 1]
        exog = sm.add_constant(panel.x[0, :, g - 1])
        fit = sm.OLS(change[control_units], exog[control_units]).fit()
        group = starts == g
        expected = float(np.mean(change[group] - exog[group] @ fit.params))
        assert cell.estimate == pytest.approx(expected, abs=1e-9)


def test_covariates_remove_the_bias_of_covariate_driven_trends():
    panel = _covariate_panel(noise=0.0, seed=4)
    adjusted = callaway_santanna(panel, control="not-yet")
    assert adjusted.estimate == pytest.approx(2.0, abs=1e-8)
    assert all(
        abs(b) < 1e-8
        for e, b in zip(adjusted.event_times, adjusted.coefficients, strict=True)
        if e < 0
    )
    plain = Panel.from_records(
        [
            Record(
                u,
                p,
                float(panel.y[i, t]),
                int(panel.treated[i]),
                (),
                "",
                (panel.periods[panel.unit_start[i]] if panel.unit_start[i] >= 0 else ""),
            )
            for i, u in enumerate(panel.units)
            for t, p in enumerate(panel.periods)
        ],
        start=None,
        staggered=True,
    )
    assert abs(callaway_santanna(plain, control="not-yet").estimate - 2.0) > 0.5


def test_covariate_errors_match_the_bootstrap():
    # Resampling wards (400 draws, weights and regressions re-estimated each time) against the
    # influence-function error of the overall ATT: within 20 %.
    panel = _covariate_panel(noise=1.0, seed=9)
    result = callaway_santanna(panel, control="not-yet")
    rng = np.random.default_rng(1)
    n = panel.n_units
    draws = []
    for _ in range(400):
        chosen = rng.choice(n, n, replace=True)
        sample = Panel(
            units=[f"{panel.units[i]}#{k}" for k, i in enumerate(chosen)],
            periods=panel.periods,
            y=panel.y[chosen],
            treated=panel.treated[chosen],
            start=panel.start,
            start_index=panel.start_index,
            covariate_names=panel.covariate_names,
            x=panel.x[:, chosen, :],
            unit_start=panel.unit_start[chosen],
        )
        draws.append(callaway_santanna(sample, control="not-yet").estimate)
    assert result.estimate_se == pytest.approx(np.std(draws, ddof=1), rel=0.2)


def test_a_covariate_that_does_not_vary_is_refused():
    panel = _covariate_panel(noise=1.0, seed=3)
    panel.x[0] = 1.0
    with pytest.raises(PanelError, match=r"covariates \(x\) do not vary enough"):
        callaway_santanna(panel)

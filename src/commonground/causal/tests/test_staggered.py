"""Staggered adoption: Callaway and Sant'Anna's group-time effects against statsmodels, the
aggregates against the truth of a simulated panel with effects that differ by group and grow,
where two-way fixed effects is biased, and the reading of a per-unit start column."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from commonground.causal import PanelError, callaway_santanna, did, read_panel
from commonground.causal.panel import Panel, Record

from .conftest import write_rows

pytestmark = pytest.mark.engine

PERIODS = list(range(2010, 2020))
GROUPS = {2013: 6, 2015: 8, 2017: 5}  # first treated year: number of wards
NEVER = 11


def _effect(group: int, year: int) -> float:
    """Effects that differ by group and grow with time since the start."""
    if year < group:
        return 0.0
    return {2013: 1.0, 2015: 3.0, 2017: 6.0}[group] + 0.5 * (year - group)


def _rows(noise: float = 0.0, seed: int = 2) -> list[list[object]]:
    rng = np.random.default_rng(seed)
    rows = []
    units = [(g, i) for g, n in GROUPS.items() for i in range(n)] + [
        (None, i) for i in range(NEVER)
    ]
    period_effect = {t: rng.normal(0, 2) for t in PERIODS}
    for g, i in units:
        name = f"{g or 'never'}-{i}"
        level = rng.normal(40, 5)
        for t in PERIODS:
            y = level + period_effect[t] + rng.normal(0, noise) + (_effect(g, t) if g else 0.0)
            rows.append([name, t, round(y, 8), int(g is not None), g or ""])
    return rows


def _panel(tmp_path, rows, **extra):
    path = write_rows(tmp_path / "staggered.csv", ["ward", "year", "y", "d", "first"], rows)
    return read_panel(
        path,
        unit="ward",
        time="year",
        outcome="y",
        treated="d",
        start=extra.get("start"),
        start_column="first",
    )


def test_group_time_effects_are_statsmodels_two_group_regressions(tmp_path):
    panel = _panel(tmp_path, _rows(noise=1.0))
    result = callaway_santanna(panel)
    starts = panel.unit_start
    assert len(result.cells) == len(GROUPS) * (len(PERIODS) - 1)
    for cell in result.cells:
        g = panel.periods.index(cell.group)
        t = panel.periods.index(cell.period)
        keep = (starts == g) | (starts < 0)
        change = panel.y[keep, t] - panel.y[keep, g - 1]
        exog = sm.add_constant((starts[keep] == g).astype(float))
        fit = sm.OLS(change, exog).fit(cov_type="HC0")
        assert cell.estimate == pytest.approx(fit.params[1], abs=1e-9)
        assert cell.se == pytest.approx(fit.bse[1], rel=1e-9)
        assert (cell.n_group, cell.n_control) == (GROUPS[int(cell.group)], NEVER)


def test_without_noise_the_aggregates_are_the_true_effects(tmp_path):
    result = callaway_santanna(_panel(tmp_path, _rows(noise=0.0)))
    n = sum(GROUPS.values())
    for e, b in zip(result.event_times, result.coefficients, strict=True):
        seen = {g: k for g, k in GROUPS.items() if g + e in PERIODS and g - 1 in PERIODS}
        truth = sum(k * _effect(g, g + e) for g, k in seen.items()) / sum(seen.values())
        assert b == pytest.approx(truth, abs=1e-6), e
    assert -1 not in result.event_times
    post = [(g, t) for g in GROUPS for t in PERIODS if t >= g]
    truth = sum(GROUPS[g] * _effect(g, t) for g, t in post) / sum(GROUPS[g] for g, _ in post)
    assert result.estimate == pytest.approx(truth, abs=1e-6)
    assert result.groups == {str(g): k for g, k in GROUPS.items()}
    assert (result.n_units, result.n_never) == (n + NEVER, NEVER)


def test_two_way_fixed_effects_is_biased_where_this_is_not(tmp_path):
    rows = _rows(noise=0.0)
    panel = _panel(tmp_path, rows)
    truth = callaway_santanna(panel).estimate
    # The contract's DiD with one common start (the earliest) mixes groups not yet treated into
    # the treated and compares late starters with early ones: far from the truth here.
    twfe = did(
        read_panel(
            write_rows(tmp_path / "common.csv", ["ward", "year", "y", "d", "first"], rows),
            unit="ward",
            time="year",
            outcome="y",
            treated="d",
            start="2013",
        )
    )
    assert abs(twfe.estimate - truth) > 1.0


def _fit(rows: list[list[object]]):
    records = [Record(r[0], str(r[1]), r[2], r[3], (), "", str(r[4])) for r in rows]
    return callaway_santanna(Panel.from_records(records, start=None, staggered=True))


def test_intervals_cover_the_truth_and_the_pre_trend_check_has_about_its_size():
    # 60 simulated panels with parallel trends: the 95 % interval at e = 0 covers the truth in
    # at least 90 %, and the pre-trend check rejects at 5 % in at most 15 % (with 30 wards,
    # 11 never treated, the influence-function errors are a little small: about 10 % in 300).
    truth0 = sum(k * _effect(g, g) for g, k in GROUPS.items()) / sum(GROUPS.values())
    covered, rejected = 0, 0
    for seed in range(60):
        result = _fit(_rows(noise=0.3, seed=seed))
        lo, hi = result.ci[result.event_times.index(0)]
        covered += lo < truth0 < hi
        rejected += result.pre_trend_p < 0.05
    assert covered >= 54
    assert rejected <= 9


def test_one_group_aggregate_keeps_the_cell_error(tmp_path):
    rows = [r for r in _rows(noise=1.0) if r[4] in ("", 2015)]
    result = callaway_santanna(_panel(tmp_path, rows))
    by_event = {c.event_time: c for c in result.cells}
    for e, b, se in zip(result.event_times, result.coefficients, result.se, strict=True):
        assert b == pytest.approx(by_event[e].estimate, abs=1e-12)
        assert se == pytest.approx(by_event[e].se, rel=1e-9)


def test_aggregate_error_matches_the_bootstrap(tmp_path):
    # The influence-function error of the overall ATT against resampling wards (with the
    # weights re-estimated each time), 400 draws: agree within 15 %.
    rows = _rows(noise=1.0, seed=11)
    panel = _panel(tmp_path, rows)
    result = callaway_santanna(panel)
    rng = np.random.default_rng(0)
    units = sorted({r[0] for r in rows})
    by_unit = {u: [r for r in rows if r[0] == u] for u in units}
    draws = []
    for _ in range(400):
        chosen = rng.choice(len(units), len(units), replace=True)
        sample = []
        for j, index in enumerate(chosen):
            for r in by_unit[units[index]]:
                sample.append([f"{r[0]}#{j}", *r[1:]])
        draws.append(callaway_santanna(_panel(tmp_path, sample)).estimate)
    assert result.estimate_se == pytest.approx(np.std(draws, ddof=1), rel=0.15)


def test_a_differential_trend_fails_the_pre_trend_check(tmp_path):
    rows = _rows(noise=0.3, seed=7)
    for r in rows:
        if r[4]:
            r[2] += 0.8 * (r[1] - 2010)
    assert callaway_santanna(_panel(tmp_path, rows)).pre_trend_p < 0.001


def test_optional_reference_library_agrees(tmp_path):
    # The ``differences`` package (Callaway and Sant'Anna's estimator, analytic errors), where
    # installed: the same event-time effects and standard errors.
    differences = pytest.importorskip("differences")
    import pandas as pd

    rows = _rows(noise=1.0, seed=5)
    frame = pd.DataFrame(rows, columns=["ward", "year", "y", "d", "first"])
    frame["cohort"] = pd.to_numeric(frame["first"], errors="coerce")
    frame = frame.set_index(["ward", "year"])
    att = differences.ATTgt(data=frame, cohort_column="cohort", base_period="universal")
    att.fit(formula="y", control_group="never_treated", est_method="reg", progress_bar=False)
    theirs = att.aggregate("event")
    ours = callaway_santanna(_panel(tmp_path, rows))
    for e, b, se in zip(ours.event_times, ours.coefficients, ours.se, strict=True):
        row = theirs.xs(e, level=-1) if theirs.index.nlevels > 1 else theirs.loc[[e]]
        assert float(row.iloc[0, 0]) == pytest.approx(b, abs=1e-6), e
        assert float(row.iloc[0, 1]) == pytest.approx(se, rel=1e-3), e


def _records(starts: dict[str, str], treated: dict[str, int]) -> list[Record]:
    return [
        Record(u, str(t), float(t), treated[u], (), f"row {u}{t}", starts[u])
        for u in starts
        for t in range(2010, 2016)
    ]


def test_start_column_refusals(tmp_path):
    starts = {"a": "2012", "b": "2014", "c": "", "d": ""}
    treated = {"a": 1, "b": 1, "c": 0, "d": 0}
    panel = Panel.from_records(_records(starts, treated), start=None, staggered=True)
    assert panel.start == "2012"
    assert panel.unit_start.tolist() == [2, 4, -1, -1]
    with pytest.raises(PanelError, match="--start '2014' is not the earliest start"):
        Panel.from_records(_records(starts, treated), start="2014", staggered=True)
    with pytest.raises(PanelError, match="unit 'c' is not treated but has a start"):
        Panel.from_records(_records({**starts, "c": "2013"}, treated), start=None, staggered=True)
    with pytest.raises(PanelError, match="unit 'c' is treated but has no start"):
        Panel.from_records(_records(starts, {**treated, "c": 1}), start=None, staggered=True)
    with pytest.raises(PanelError, match="'2010' is at or before the first period"):
        Panel.from_records(_records({**starts, "a": "2010"}, treated), start=None, staggered=True)
    records = _records(starts, treated)
    records[1] = Record("a", "2011", 1.0, 1, (), "row a2011", "2013")
    with pytest.raises(PanelError, match="row a2011: the start of unit 'a' varies"):
        Panel.from_records(records, start=None, staggered=True)


def test_too_few_never_treated_units(tmp_path):
    starts = {"a": "2012", "b": "2014", "c": ""}
    panel = Panel.from_records(
        _records(starts, {"a": 1, "b": 1, "c": 0}), start=None, staggered=True
    )
    with pytest.raises(PanelError, match="at least two never-treated units"):
        callaway_santanna(panel)

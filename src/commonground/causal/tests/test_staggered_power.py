"""The minimum detectable effect of a staggered plan: a placebo on the periods before the first
start, checked by simulation — an effect of the MDE's size is detected about 80 % of the time."""

from __future__ import annotations

import numpy as np
import pytest

from commonground.causal import callaway_santanna
from commonground.causal.panel import Panel, Record
from commonground.causal.power import MULTIPLIER, staggered_minimum_detectable_effect

pytestmark = pytest.mark.engine

YEARS = list(range(2010, 2022))  # twelve periods; the first group starts in 2018
GROUPS = {2018: 6, 2020: 6}
NEVER = 10


def _panel(seed: int, effect: float = 0.0, groups=GROUPS, never=NEVER) -> Panel:
    rng = np.random.default_rng(seed)
    period_effect = rng.normal(0, 1, len(YEARS))
    units = [(g, i) for g, n in groups.items() for i in range(n)] + [
        (None, i) for i in range(never)
    ]
    records = []
    for g, i in units:
        level = rng.normal(50, 4)
        for k, year in enumerate(YEARS):
            y = level + period_effect[k] + rng.normal(0, 1.0)
            y += effect if g is not None and year >= g else 0.0
            records.append(
                Record(f"{g}-{i}", str(year), y, int(g is not None), (), "", str(g or ""))
            )
    return Panel.from_records(records, start=None, staggered=True)


@pytest.mark.parametrize("control", ["never", "not-yet"])
def test_an_effect_of_the_mde_is_detected_about_four_times_in_five(control):
    # The MDE of one panel is itself an estimate (it varies by about 15 % between panels), so
    # the check uses its mean over 30 panels: against 2.80 × the spread of the real design's
    # estimate over 120 panels without effect (within 20 %), and the share of 120 panels with
    # an effect of that size whose interval lies above zero (80 % by design; the influence-
    # function errors run a little small with 22 wards, so a little less).
    mde = float(
        np.mean(
            [staggered_minimum_detectable_effect(_panel(s), control=control) for s in range(30)]
        )
    )
    spread = np.std(
        [callaway_santanna(_panel(s), control=control).estimate for s in range(100, 220)], ddof=1
    )
    assert mde == pytest.approx(MULTIPLIER * spread, rel=0.2)
    detected = 0
    for seed in range(300, 420):
        lo, _hi = callaway_santanna(_panel(seed, effect=mde), control=control).estimate_ci
        detected += lo > 0
    assert 0.6 <= detected / 120 <= 0.92


def test_the_placebo_is_the_estimator_on_the_pre_period_with_starts_moved_back():
    panel = _panel(3)
    mde = staggered_minimum_detectable_effect(panel)
    # By hand: eight periods before 2018; starts move back four, to 2014 and 2016.
    records = [
        Record(
            u,
            p,
            float(panel.y[i, t]),
            int(panel.treated[i]),
            (),
            "",
            {"2018": "2014", "2020": "2016"}.get(u.split("-")[0], ""),
        )
        for i, u in enumerate(panel.units)
        for t, p in enumerate(panel.periods[:8])
    ]
    placebo = Panel.from_records(records, start=None, staggered=True)
    assert mde == pytest.approx(MULTIPLIER * callaway_santanna(placebo).estimate_se, rel=1e-12)


def test_a_late_group_beyond_the_window_is_left_out_or_serves_as_not_yet_treated():
    groups = {2018: 6, 2021: 6}  # 2021 moves back to 2017, after the eight placebo periods
    panel = _panel(5, groups=groups)
    never = staggered_minimum_detectable_effect(panel, control="never")
    not_yet = staggered_minimum_detectable_effect(panel, control="not-yet")
    assert never is not None and not_yet is not None
    assert not_yet < never  # six more comparison wards


def test_too_short_a_pre_period_gives_none():
    records = [
        Record(u, str(y), float(y), int(bool(s)), (), "", s)
        for u, s in {"a": "2013", "b": "2014", "c": "", "d": ""}.items()
        for y in range(2010, 2016)
    ]
    panel = Panel.from_records(records, start=None, staggered=True)
    assert staggered_minimum_detectable_effect(panel) is None

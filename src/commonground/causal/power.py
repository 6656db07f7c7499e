"""Minimum detectable effect of a planned difference-in-differences, from the data at hand.

Before the intervention starts there is no effect to estimate, but the pre-period data say how
noisy the comparison is: a placebo start halfway through the pre-period is analysed exactly as
the real one will be, and its unit-clustered standard error scaled by (z₀.₉₇₅ + z₀.₈₀) ≈ 2.80
gives the smallest true effect the design would detect with 80 % power at the 5 % level
(Bloom 1995).  It assumes the post-period will be about as long and as noisy as the pre-period.

Staggered starts (:func:`staggered_minimum_detectable_effect`) are handled the same way, by
a placebo analysed with Callaway and Sant'Anna's estimator and the plan's comparison (never or
not yet treated), rather than by simulation: only the periods before the first group starts are
used (nobody is treated in them), and every group's start is moved back by the same number of
periods, so that the earliest starts halfway through; the gaps between the groups are kept.  A
group whose moved start still falls after those periods is left out with never-treated
comparisons (it is not never treated) and serves as not yet treated with not-yet-treated ones.
2.80 × the placebo's overall ATT error is the MDE.  Analytic rather than simulated because the
pre-period already holds the noise as it is — its size, its serial correlation, how wards
differ — which a simulation would have to model and could get wrong; and because it is
repeatable (no seed) and quick enough to compute whenever a plan is saved.  It is
conservative when the real post-period will be longer than the placebo's (fewer post cells
here) and, like the common-start MDE, says nothing about effects that build up slowly.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import stats

from .panel import Panel, PanelError
from .regression import did
from .staggered import NEVER, callaway_santanna

__all__ = ["MULTIPLIER", "minimum_detectable_effect", "staggered_minimum_detectable_effect"]

MULTIPLIER = float(stats.norm.ppf(0.975) + stats.norm.ppf(0.80))


def minimum_detectable_effect(panel: Panel) -> float | None:
    """The MDE for ``panel``'s units using only its pre-period; None if too short (< 4 periods)."""
    pre = panel.start_index
    if pre < 4:
        return None
    placebo = replace(
        panel,
        periods=panel.periods[:pre],
        y=panel.y[:, :pre],
        x=None if panel.x is None else panel.x[:, :, :pre],
        start_index=pre // 2,
        start=panel.periods[pre // 2],
    )
    try:
        result = did(placebo)
    except PanelError:
        return None
    return float(MULTIPLIER * result.se) if np.isfinite(result.se) else None


def staggered_minimum_detectable_effect(panel: Panel, *, control: str = NEVER) -> float | None:
    """The MDE of a staggered plan from the periods before the first start (module doc);
    None when there are fewer than four of them or the placebo cannot be estimated."""
    if panel.unit_start is None:
        return minimum_detectable_effect(panel)
    pre = panel.start_index
    if pre < 4:
        return None
    shift = pre - pre // 2
    moved = np.where(panel.unit_start >= 0, panel.unit_start - shift, -1)
    beyond = moved >= pre
    keep = ~beyond if control == NEVER else np.ones(panel.n_units, dtype=bool)
    moved = np.where(beyond, -1, moved)[keep]
    treated = moved >= 0
    if not treated.any() or treated.all():
        return None
    first = int(moved[treated].min())
    placebo = replace(
        panel,
        units=[u for u, k in zip(panel.units, keep, strict=True) if k],
        periods=panel.periods[:pre],
        y=panel.y[keep, :pre],
        treated=treated,
        x=None if panel.x is None else panel.x[:, keep, :pre],
        start_index=first,
        start=panel.periods[first],
        unit_start=moved,
    )
    try:
        result = callaway_santanna(placebo, control=control)
    except PanelError:
        return None
    return float(MULTIPLIER * result.estimate_se) if np.isfinite(result.estimate_se) else None

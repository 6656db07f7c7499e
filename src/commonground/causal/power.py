"""Minimum detectable effect of a planned difference-in-differences, from the data at hand.

Before the intervention starts there is no effect to estimate, but the pre-period data say how
noisy the comparison is: a placebo start halfway through the pre-period is analysed exactly as
the real one will be, and its unit-clustered standard error scaled by (z₀.₉₇₅ + z₀.₈₀) ≈ 2.80
gives the smallest true effect the design would detect with 80 % power at the 5 % level
(Bloom 1995).  It assumes the post-period will be about as long and as noisy as the pre-period.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy import stats

from .panel import Panel, PanelError
from .regression import did

__all__ = ["MULTIPLIER", "minimum_detectable_effect"]

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

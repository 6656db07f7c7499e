"""Propose comparison areas: the untreated areas nearest the treated ones on standardised
characteristics (census, deprivation) and on the outcome's pre-period level and trend.

Each characteristic is standardised across all candidate and treated areas (mean 0, s.d. 1) so
no unit of measurement dominates; areas missing a characteristic are compared on the rest.
The distance is Euclidean to the treated areas' mean profile.  Officers edit the proposal; the
score is shown so they can see how close each one is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Match", "propose_comparisons", "trend_features"]


@dataclass(frozen=True)
class Match:
    area: str
    distance: float


def trend_features(series: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float]]:
    """Each area's pre-period mean and least-squares slope (per period) of the outcome."""
    found = {}
    for area, values in series.items():
        y = np.asarray([v for v in values if v is not None and np.isfinite(v)], float)
        if len(y) == 0:
            continue
        slope = float(np.polyfit(np.arange(len(y)), y, 1)[0]) if len(y) >= 2 else 0.0
        found[area] = (float(y.mean()), slope)
    return found


def propose_comparisons(
    features: Mapping[str, Mapping[str, float]],
    treated: Sequence[str],
    *,
    count: int = 5,
) -> list[Match]:
    """The ``count`` untreated areas nearest the treated areas' mean profile.

    ``features``: area → {characteristic: value}.  Treated areas missing from ``features``
    are ignored; if none is described, nothing is proposed.
    """
    areas = sorted(features)
    names = sorted({name for values in features.values() for name in values})
    if not names or not any(t in features for t in treated):
        return []
    table = np.full((len(areas), len(names)), np.nan)
    for i, area in enumerate(areas):
        for j, name in enumerate(names):
            value = features[area].get(name)
            if value is not None:
                table[i, j] = float(value)
    mean = np.nanmean(table, axis=0)
    sd = np.nanstd(table, axis=0)
    sd[~np.isfinite(sd) | (sd == 0)] = 1.0
    z = (table - mean) / sd
    treated_rows = [areas.index(t) for t in treated if t in features]
    target = np.nanmean(z[treated_rows], axis=0)
    matches = []
    for i, area in enumerate(areas):
        if area in treated:
            continue
        usable = np.isfinite(z[i]) & np.isfinite(target)
        if not usable.any():
            continue
        distance = float(np.sqrt(np.mean((z[i, usable] - target[usable]) ** 2)))
        matches.append(Match(area, distance))
    matches.sort(key=lambda m: (m.distance, m.area))
    return matches[:count]

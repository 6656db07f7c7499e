"""Great-circle distances and nearest schools (haversine on a sphere of radius 6371.0088 km).

Nearest-neighbour search uses SciPy's cKDTree on 3-D unit vectors: straight-line (chord)
distance between unit vectors orders points exactly as great-circle distance does, so the tree
finds candidates and the haversine formula then gives the distances reported and ranked.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

__all__ = ["EARTH_RADIUS_KM", "haversine_km", "nearest", "pairs_within", "unit_vectors"]

EARTH_RADIUS_KM = 6371.0088
"""The IUGG mean Earth radius, as the contract for checks requires."""


def haversine_km(lat1, long1, lat2, long2) -> np.ndarray | float:
    """Great-circle distance in km between points given in degrees (broadcasts like NumPy)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(long2) - np.asarray(long1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else d


def unit_vectors(lat: np.ndarray, long: np.ndarray) -> np.ndarray:
    """(n, 3) points on the unit sphere."""
    p, lam = np.radians(lat), np.radians(long)
    return np.column_stack([np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)])


def nearest(
    lat: np.ndarray, long: np.ndarray, subjects: np.ndarray, candidates: np.ndarray, k: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each subject, the ``k`` nearest candidates other than itself, nearest first.

    ``subjects`` and ``candidates`` are row indices.  Returns (indices, km) per subject.  Ties in
    distance (schools sharing a postcode centroid) are broken by row order in the file, so the
    answer never depends on the tree: the tree is asked for more candidates until the k-th
    distance is strictly inside what it returned.
    """
    candidates = np.asarray(candidates, dtype=np.int64)
    out: list[tuple[np.ndarray, np.ndarray]] = []
    if len(candidates) == 0 or k <= 0:
        return [(np.empty(0, np.int64), np.empty(0)) for _ in subjects]
    tree = cKDTree(unit_vectors(lat[candidates], long[candidates]))
    points = unit_vectors(lat[subjects], long[subjects])
    for s, point in zip(subjects, points, strict=True):
        ask = min(len(candidates), k + 8)
        while True:
            chord, pos = tree.query(point, k=ask)
            pos = np.atleast_1d(pos)
            chord = np.atleast_1d(chord)
            rows = candidates[pos]
            km = haversine_km(lat[s], long[s], lat[rows], long[rows])
            keep = rows != s
            rows, km, chord = rows[keep], km[keep], chord[keep]
            order = np.lexsort((rows, km))
            rows, km = rows[order], km[order]
            if ask >= len(candidates) or (len(km) > k and km[k - 1] < km[-1] * (1 - 1e-9)):
                break
            ask = min(len(candidates), ask * 2)
        out.append((rows[:k], km[:k]))
    return out


def pairs_within(lat: np.ndarray, long: np.ndarray, max_km: float) -> np.ndarray:
    """(m, 2) row pairs i < j whose great-circle distance is at most ``max_km``."""
    n = len(lat)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    angle = max_km / EARTH_RADIUS_KM
    if angle >= np.pi:
        pairs = np.array(np.triu_indices(n, 1)).T
    else:
        radius = 2 * np.sin(angle / 2) * (1 + 1e-9) + 1e-12
        pairs = cKDTree(unit_vectors(lat, long)).query_pairs(radius, output_type="ndarray")
    if len(pairs) == 0:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.sort(pairs.astype(np.int64), axis=1)
    km = haversine_km(lat[pairs[:, 0]], long[pairs[:, 0]], lat[pairs[:, 1]], long[pairs[:, 1]])
    pairs = pairs[km <= max_km]
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]

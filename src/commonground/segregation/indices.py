"""Aspatial segregation and diversity indices from area-level counts, in plain NumPy.

Notation (Massey & Denton 1988; Reardon & Firebaugh 2002): area ``i`` has ``t_i`` residents, of
whom ``x_i`` belong to the group of interest (two-group indices) or ``t_ik`` to group ``k``
(multigroup indices); ``T = Σ t_i``, ``X = Σ x_i``, ``P = X / T``, ``p_i = x_i / t_i``,
``P_k = Σ_i t_ik / T`` and ``p_ik = t_ik / t_i``.

Every function reduces the *last* axis (areas) for two-group indices and the last two axes
(areas × groups) for multigroup indices; any leading axes are batches, so one call scores all
bootstrap replicates at once.  A 1-D (two-group) or 2-D (multigroup) input gives a Python float.

Conventions, chosen to agree with PySAL ``segregation`` 2.6 on every input where its value is
defined:

* an area with no residents contributes nothing (``p_i`` is taken as 0 there);
* ``0 · ln 0 = 0`` in the entropy indices;
* an index whose denominator vanishes (no residents at all, a group that is absent or is the
  whole population, fewer than two groups present) is ``nan``: the index is undefined there, not
  zero.  A multigroup group with no members anywhere is simply ignored.
"""

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "MULTIGROUP_INDICES",
    "TWO_GROUP_INDICES",
    "dissimilarity",
    "exposure",
    "isolation",
    "location_quotients",
    "multigroup_dissimilarity",
    "multigroup_indices",
    "multigroup_theil_h",
    "normalised_exposure",
    "relative_diversity",
    "theil_h",
    "two_group_indices",
]

# --------------------------------------------------------------------------- validation


def _counts(values: ArrayLike, name: str) -> np.ndarray:
    """Return ``values`` as a float array of finite, non-negative counts, or raise ValueError."""
    array = np.asarray(values, dtype=np.float64)
    if array.size and not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite numbers")
    if array.size and (array < 0).any():
        raise ValueError(f"{name} must be non-negative counts")
    return array


def _two_group(group: ArrayLike, total: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Validate a group-of-interest / total pair (same shape, areas on the last axis)."""
    x = _counts(group, "group counts")
    t = _counts(total, "total counts")
    if x.shape != t.shape:
        raise ValueError(f"group and total must have the same shape, got {x.shape} and {t.shape}")
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("need counts for at least one area")
    if (x > t).any():
        raise ValueError("a group count exceeds its area's total")
    return x, t


def _multigroup(counts: ArrayLike) -> np.ndarray:
    """Validate an (…, areas, groups) count array with at least one area and two groups."""
    array = _counts(counts, "counts")
    if array.ndim < 2:
        raise ValueError(f"multigroup counts must be (areas, groups), got shape {array.shape}")
    if array.shape[-2] == 0:
        raise ValueError("need counts for at least one area")
    if array.shape[-1] < 2:
        raise ValueError("multigroup indices need at least two groups")
    return array


# --------------------------------------------------------------------------- helpers


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``part / whole`` with 0 where ``whole`` is 0 (an empty area has no composition)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), 0.0)


def _neg_xlogx(p: np.ndarray) -> np.ndarray:
    """``-p ln p`` with the limit 0 at ``p = 0`` (entropy convention)."""
    return -p * np.log(np.where(p > 0, p, 1.0))


def _result(value: np.ndarray, defined: np.ndarray) -> float | np.ndarray:
    """Mask undefined entries to nan; return a float for a scalar result."""
    with np.errstate(invalid="ignore"):
        out = np.where(defined, value, np.nan)
    return float(out) if out.ndim == 0 else out


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return numerator / np.where(denominator != 0, denominator, 1.0)


def _two_group_base(
    group: ArrayLike, total: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shared pieces of the two-group indices: x, t, T, P (batch shape), p_i."""
    x, t = _two_group(group, total)
    T = t.sum(axis=-1)
    P = _share(x.sum(axis=-1), T)
    return x, t, T, P, _share(x, t)


# --------------------------------------------------------------------------- two-group


def dissimilarity(group: ArrayLike, total: ArrayLike) -> float | np.ndarray:
    """Index of dissimilarity D of a group against the rest of ``total``.

    ``D = Σ_i t_i |p_i − P| / (2 T P (1 − P))`` (Massey & Denton 1988, eq. 1; PySAL ``Dissim``):
    the share of the group (equivalently of everyone else) who would have to move for every area
    to have the district's composition.  For "group A vs group B" on those two groups only, pass
    ``total = A + B``; that equals Duncan's ``½ Σ_i |a_i/A − b_i/B|``.
    """
    _, t, T, P, p = _two_group_base(group, total)
    numerator = (t * np.abs(p - P[..., None])).sum(axis=-1)
    value = _safe_divide(numerator, 2.0 * T * P * (1.0 - P))
    return _result(value, (T > 0) & (P > 0) & (P < 1))


def isolation(group: ArrayLike, total: ArrayLike) -> float | np.ndarray:
    """Isolation index xPx: the group share in the area of the average group member.

    ``xPx = Σ_i (x_i / X)(x_i / t_i)`` (Massey & Denton 1988, eq. 7; PySAL ``Isolation``).
    It depends on the group's overall share, so compare it with ``P`` (or use ``theil_h``).
    """
    x, _, _, _, p = _two_group_base(group, total)
    X = x.sum(axis=-1)
    value = (_share(x, X[..., None]) * p).sum(axis=-1)
    return _result(value, X > 0)


def exposure(group: ArrayLike, total: ArrayLike) -> float | np.ndarray:
    """Exposure (interaction) index xPy of the group to everyone else in ``total``.

    ``xPy = Σ_i (x_i / X)((t_i − x_i) / t_i)`` (Massey & Denton 1988, eq. 6; PySAL
    ``Interaction``): the share of non-members in the area of the average member, ``1 − xPx``.
    """
    x, t, _, _, _ = _two_group_base(group, total)
    X = x.sum(axis=-1)
    value = (_share(x, X[..., None]) * _share(t - x, t)).sum(axis=-1)
    return _result(value, X > 0)


def theil_h(group: ArrayLike, total: ArrayLike) -> float | np.ndarray:
    """Theil's information-theory index H (entropy index) for the group against the rest.

    ``E = −P ln P − (1 − P) ln(1 − P)``, ``E_i`` likewise with ``p_i``, and
    ``H = Σ_i t_i (E − E_i) / (E T)`` (Theil & Finizza 1971; Massey & Denton 1988, eq. 4;
    PySAL ``Entropy``): the proportional loss of diversity inside areas relative to the district.
    """
    _, t, T, P, p = _two_group_base(group, total)
    E = _neg_xlogx(P) + _neg_xlogx(1.0 - P)
    E_i = _neg_xlogx(p) + _neg_xlogx(1.0 - p)
    value = _safe_divide((t * (E[..., None] - E_i)).sum(axis=-1), E * T)
    return _result(value, (T > 0) & (E > 0))


TWO_GROUP_INDICES: dict[str, Callable[[ArrayLike, ArrayLike], float | np.ndarray]] = {
    "dissimilarity": dissimilarity,
    "isolation": isolation,
    "exposure": exposure,
    "theil_h": theil_h,
}


def two_group_indices(group: ArrayLike, total: ArrayLike) -> dict[str, float | np.ndarray]:
    """All two-group indices of ``group`` against the rest of ``total``, keyed as the CLI's JSON."""
    return {name: function(group, total) for name, function in TWO_GROUP_INDICES.items()}


# --------------------------------------------------------------------------- multigroup


def _multigroup_base(
    counts: ArrayLike,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shared pieces: t_i (…, n), T (…), P_k (…, K), p_ik (…, n, K), "defined" mask (…)."""
    c = _multigroup(counts)
    t = c.sum(axis=-1)
    T = t.sum(axis=-1)
    P = _share(c.sum(axis=-2), T[..., None])
    p = _share(c, t[..., None])
    defined = (T > 0) & ((P > 0).sum(axis=-1) >= 2)
    return t, T, P, p, defined


def multigroup_dissimilarity(counts: ArrayLike) -> float | np.ndarray:
    """Multigroup dissimilarity D (Sakoda 1981; PySAL ``MultiDissim``).

    ``D = Σ_i Σ_k t_i |p_ik − P_k| / (2 T I)`` with Simpson's interaction ``I = Σ_k P_k(1 − P_k)``.
    With two groups it equals the two-group ``dissimilarity`` computed on those two groups.
    """
    t, T, P, p, defined = _multigroup_base(counts)
    numerator = (t[..., None] * np.abs(p - P[..., None, :])).sum(axis=(-2, -1))
    simpson = (P * (1.0 - P)).sum(axis=-1)
    return _result(_safe_divide(numerator, 2.0 * T * simpson), defined)


def multigroup_theil_h(counts: ArrayLike) -> float | np.ndarray:
    """Multigroup information-theory index H (Reardon & Firebaugh 2002; PySAL ``MultiInfoTheory``).

    ``E = −Σ_k P_k ln P_k`` and ``H = Σ_i Σ_k t_i p_ik ln(p_ik / P_k) / (T E)``: the mean
    Kullback–Leibler divergence of area compositions from the district's, relative to the
    district's entropy.  Equals ``theil_h`` with two groups.
    """
    t, T, P, p, defined = _multigroup_base(counts)
    ratio = np.where(p > 0, _share(p, P[..., None, :]), 1.0)
    divergence = (t[..., None] * p * np.log(ratio)).sum(axis=(-2, -1))
    entropy = _neg_xlogx(P).sum(axis=-1)
    return _result(_safe_divide(divergence, T * entropy), defined)


def relative_diversity(counts: ArrayLike) -> float | np.ndarray:
    """Relative diversity index R (Reardon 1998; PySAL ``MultiRelativeDiversity``).

    ``R = Σ_i Σ_k t_i (p_ik − P_k)² / (T I)``, ``I = Σ_k P_k(1 − P_k)``: the proportional
    reduction in Simpson's interaction (diversity) inside areas relative to the district, so
    0 = every area as diverse as the district, 1 = no area diverse.
    """
    t, T, P, p, defined = _multigroup_base(counts)
    numerator = (t[..., None] * (p - P[..., None, :]) ** 2).sum(axis=(-2, -1))
    simpson = (P * (1.0 - P)).sum(axis=-1)
    return _result(_safe_divide(numerator, T * simpson), defined)


def normalised_exposure(counts: ArrayLike) -> float | np.ndarray:
    """Multigroup normalised exposure P (Reardon & Firebaugh 2002; PySAL ``MultiNormExposure``).

    ``P = Σ_k Σ_i t_i (p_ik − P_k)² / (T (1 − P_k))``: the average, over groups, of how much more
    a member's area is made of their own group than the district, scaled to [0, 1].
    """
    t, T, P, p, defined = _multigroup_base(counts)
    per_group = (t[..., None] * (p - P[..., None, :]) ** 2).sum(axis=-2)
    value = _safe_divide(_safe_divide(per_group, 1.0 - P).sum(axis=-1), T)
    return _result(value, defined)


MULTIGROUP_INDICES: dict[str, Callable[[ArrayLike], float | np.ndarray]] = {
    "multigroup_dissimilarity": multigroup_dissimilarity,
    "multigroup_theil_h": multigroup_theil_h,
    "relative_diversity": relative_diversity,
    "normalised_exposure": normalised_exposure,
}


def multigroup_indices(counts: ArrayLike) -> dict[str, float | np.ndarray]:
    """All multigroup indices of an (areas, groups) count matrix, keyed as the CLI's JSON."""
    return {name: function(counts) for name, function in MULTIGROUP_INDICES.items()}


# --------------------------------------------------------------------------- location quotients


def location_quotients(counts: ArrayLike, total: ArrayLike | None = None) -> np.ndarray:
    """Location quotient of every group in every area.

    ``LQ_ik = (t_ik / t_i) / (T_k / T)`` (Isard 1960): the group's share of the area relative to
    its share of the district, so 1 = as in the district, 2 = twice as concentrated.  ``counts``
    is (areas,) or (areas, groups); ``total`` (areas,) defaults to the row sums, and must be given
    when the groups do not partition the population.  Undefined cells (empty area, absent group)
    are nan.
    """
    c = _counts(counts, "counts")
    if c.ndim not in (1, 2) or c.shape[0] == 0:
        raise ValueError(f"counts must be (areas,) or (areas, groups), got shape {c.shape}")
    matrix = c[:, None] if c.ndim == 1 else c
    if total is None:
        t = matrix.sum(axis=1)
    else:
        t = _counts(total, "total counts")
        if t.shape != matrix.shape[:1]:
            raise ValueError(f"total must have shape {matrix.shape[:1]}, got {t.shape}")
        if (matrix.sum(axis=1) > t).any():
            raise ValueError("groups exceed an area's total")
    area_share = _share(matrix, t[:, None])
    district_share = _share(matrix.sum(axis=0), t.sum())
    defined = (t[:, None] > 0) & (district_share[None, :] > 0)
    value = _safe_divide(area_share, district_share[None, :])
    lq = np.where(defined, value, np.nan)
    return lq[:, 0] if c.ndim == 1 else lq

"""Hand-computed cases for the two-group and multigroup indices and location quotients."""

import math

import numpy as np
import pytest

from commonground.segregation import (
    MULTIGROUP_INDICES,
    TWO_GROUP_INDICES,
    dissimilarity,
    exposure,
    isolation,
    location_quotients,
    multigroup_dissimilarity,
    multigroup_indices,
    multigroup_theil_h,
    normalised_exposure,
    relative_diversity,
    theil_h,
    two_group_indices,
)

pytestmark = pytest.mark.engine


def _entropy(*shares: float) -> float:
    return -sum(p * math.log(p) for p in shares if p > 0)


# --------------------------------------------------------------------------- two-group


def test_perfect_segregation_two_group() -> None:
    values = two_group_indices([10, 0, 0], [10, 30, 5])
    assert values == pytest.approx(
        {"dissimilarity": 1.0, "isolation": 1.0, "exposure": 0.0, "theil_h": 1.0}
    )


def test_even_spread_two_group() -> None:
    # Every area is 20 % group: no unevenness, isolation equals the group's share.
    values = two_group_indices([2, 4, 20], [10, 20, 100])
    assert values == pytest.approx(
        {"dissimilarity": 0.0, "isolation": 0.2, "exposure": 0.8, "theil_h": 0.0}, abs=1e-15
    )


def test_one_area_two_group() -> None:
    values = two_group_indices([3], [10])
    assert values == pytest.approx(
        {"dissimilarity": 0.0, "isolation": 0.3, "exposure": 0.7, "theil_h": 0.0}, abs=1e-15
    )


def test_two_areas_by_hand() -> None:
    x, t = [80, 20], [100, 100]
    # P = 0.5; D = Σ t|p − P| / (2TP(1 − P)) = (30 + 30) / 100.
    assert dissimilarity(x, t) == pytest.approx(0.6, rel=1e-15)
    assert isolation(x, t) == pytest.approx(0.8 * 0.8 + 0.2 * 0.2, rel=1e-15)
    assert exposure(x, t) == pytest.approx(0.8 * 0.2 + 0.2 * 0.8, rel=1e-15)
    expected_h = 1 - _entropy(0.8, 0.2) / _entropy(0.5, 0.5)
    assert theil_h(x, t) == pytest.approx(expected_h, rel=1e-14)


def test_pairwise_dissimilarity_is_duncans() -> None:
    # "A vs B on those two groups only" = D with total A + B = ½ Σ |a_i/A − b_i/B|.
    a = np.array([50.0, 10, 5, 0, 35])
    b = np.array([5.0, 40, 30, 20, 5])
    duncan = 0.5 * np.abs(a / a.sum() - b / b.sum()).sum()
    assert dissimilarity(a, a + b) == pytest.approx(duncan, rel=1e-14)


def test_exposure_complements_isolation() -> None:
    rng = np.random.default_rng(1)
    t = rng.integers(1, 500, 40).astype(float)
    x = np.floor(t * rng.random(40))
    assert isolation(x, t) + exposure(x, t) == pytest.approx(1.0, rel=1e-14)


def test_empty_areas_change_nothing() -> None:
    x, t = [80, 20, 7], [100, 100, 50]
    with_empty = [80, 0, 20, 7], [100, 0, 100, 50]
    for function in TWO_GROUP_INDICES.values():
        assert function(*with_empty) == pytest.approx(function(x, t), rel=1e-15)


@pytest.mark.parametrize(
    ("group", "total"),
    [([0, 0], [5, 5]), ([5, 5], [5, 5]), ([0, 0], [0, 0])],
    ids=["absent", "everyone", "nobody"],
)
def test_undefined_two_group_is_nan(group: list[int], total: list[int]) -> None:
    values = two_group_indices(group, total)
    assert math.isnan(values["dissimilarity"])
    assert math.isnan(values["theil_h"])


def test_two_group_batches() -> None:
    rng = np.random.default_rng(2)
    t = rng.integers(1, 100, (3, 7)).astype(float)
    x = np.floor(t * rng.random((3, 7)))
    for function in TWO_GROUP_INDICES.values():
        batched = function(x, t)
        assert batched.shape == (3,)
        assert batched == pytest.approx([function(x[b], t[b]) for b in range(3)], rel=1e-15)


@pytest.mark.parametrize(
    ("group", "total", "message"),
    [
        ([1, -1], [2, 2], "non-negative"),
        ([3, 1], [2, 2], "exceeds"),
        ([1, 1], [2, 2, 2], "same shape"),
        ([], [], "at least one area"),
        ([1, np.nan], [2, 2], "finite"),
    ],
)
def test_two_group_validation(group: list[float], total: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dissimilarity(group, total)


# --------------------------------------------------------------------------- multigroup


def test_perfect_segregation_multigroup() -> None:
    counts = [[10, 0, 0], [0, 25, 0], [0, 0, 5], [3, 0, 0]]
    assert multigroup_indices(counts) == pytest.approx(
        {
            "multigroup_dissimilarity": 1.0,
            "multigroup_theil_h": 1.0,
            "relative_diversity": 1.0,
            "normalised_exposure": 1.0,
        }
    )


def test_even_spread_multigroup() -> None:
    counts = [[2, 3, 5], [4, 6, 10], [20, 30, 50]]
    for value in multigroup_indices(counts).values():
        assert value == pytest.approx(0.0, abs=1e-15)


def test_one_area_multigroup() -> None:
    for value in multigroup_indices([[3, 5, 2]]).values():
        assert value == pytest.approx(0.0, abs=1e-15)


def test_three_groups_by_hand() -> None:
    # T = 20, P = (.4, .4, .2); p_1 = (.6, .2, .2), p_2 = (.2, .6, .2); I = Σ P(1 − P) = .64.
    counts = [[6, 2, 2], [2, 6, 2]]
    assert multigroup_dissimilarity(counts) == pytest.approx(8 / (2 * 20 * 0.64), rel=1e-14)
    assert relative_diversity(counts) == pytest.approx(1.6 / (20 * 0.64), rel=1e-14)
    assert normalised_exposure(counts) == pytest.approx((0.8 / 0.6 * 2) / 20, rel=1e-14)
    divergence = 0.6 * math.log(0.6 / 0.4) + 0.2 * math.log(0.2 / 0.4)  # same in both areas
    expected_h = divergence / _entropy(0.4, 0.4, 0.2)
    assert multigroup_theil_h(counts) == pytest.approx(expected_h, rel=1e-14)


def test_two_groups_reduce_to_two_group_indices() -> None:
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 300, (25, 2)).astype(float)
    x, t = counts[:, 0], counts.sum(axis=1)
    assert multigroup_dissimilarity(counts) == pytest.approx(dissimilarity(x, t), rel=1e-13)
    assert multigroup_theil_h(counts) == pytest.approx(theil_h(x, t), rel=1e-13)
    # With two groups relative diversity and normalised exposure coincide.
    assert relative_diversity(counts) == pytest.approx(normalised_exposure(counts), rel=1e-13)


def test_multigroup_ignores_empty_areas_and_groups() -> None:
    counts = np.array([[6.0, 2, 2], [2, 6, 2], [1, 1, 9]])
    padded = np.zeros((4, 4))
    padded[[0, 1, 3], :3] = counts
    for function in MULTIGROUP_INDICES.values():
        assert function(padded) == pytest.approx(function(counts), rel=1e-14)


def test_multigroup_is_invariant_to_order() -> None:
    rng = np.random.default_rng(4)
    counts = rng.integers(0, 100, (12, 4)).astype(float)
    shuffled = counts[rng.permutation(12)][:, rng.permutation(4)]
    for function in MULTIGROUP_INDICES.values():
        assert function(shuffled) == pytest.approx(function(counts), rel=1e-13)


def test_multigroup_batches() -> None:
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 100, (4, 9, 3)).astype(float)
    for function in MULTIGROUP_INDICES.values():
        assert function(counts) == pytest.approx([function(c) for c in counts], rel=1e-15)


def test_undefined_multigroup_is_nan() -> None:
    for value in multigroup_indices([[5, 0], [7, 0]]).values():
        assert math.isnan(value)


@pytest.mark.parametrize(
    ("counts", "message"),
    [([1, 2, 3], "areas, groups"), ([[1], [2]], "two groups"), ([[1, -2]], "non-negative")],
)
def test_multigroup_validation(counts: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        multigroup_dissimilarity(counts)


# --------------------------------------------------------------------------- location quotients


def test_location_quotients_by_hand() -> None:
    lq = location_quotients([[6, 2, 2], [2, 6, 2]])
    np.testing.assert_allclose(lq, [[1.5, 0.5, 1.0], [0.5, 1.5, 1.0]], rtol=1e-15)


def test_location_quotients_with_total_and_empty_area() -> None:
    # Group of 30 among 100 residents; area shares .5, .1 and an empty area.
    lq = location_quotients([25, 5, 0], total=[50, 50, 0])
    assert lq[:2] == pytest.approx([0.5 / 0.3, 0.1 / 0.3], rel=1e-15)
    assert math.isnan(lq[2])


def test_location_quotients_average_one() -> None:
    rng = np.random.default_rng(6)
    counts = rng.integers(0, 200, (30, 5)).astype(float)
    t = counts.sum(axis=1)
    lq = location_quotients(counts)
    np.testing.assert_allclose((t[:, None] * lq).sum(axis=0) / t.sum(), 1.0, rtol=1e-13)


def test_location_quotients_validation() -> None:
    with pytest.raises(ValueError, match="exceed"):
        location_quotients([[5, 6]], total=[10])
    with pytest.raises(ValueError, match="shape"):
        location_quotients([[5, 6]], total=[10, 20])

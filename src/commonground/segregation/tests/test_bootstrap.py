"""Bootstrap percentile intervals: correctness of the resampling, seeding, speed, known bias."""

import importlib
from pathlib import Path

import numpy as np
import pytest

from commonground.segregation import (
    MULTIGROUP_INDICES,
    bootstrap,
    bootstrap_multigroup,
    bootstrap_two_group,
    read_long_table,
    read_table,
    resample,
)

from .conftest import PAKISTANI, WARD_TOTAL

pytestmark = pytest.mark.engine

# The package exports a function named like its module, so fetch the module itself.
bootstrap_module = importlib.import_module("commonground.segregation.bootstrap")


def _lsoa(path: Path, groups: list[str] | None = None):
    return read_long_table(
        path,
        area="lsoa21_code",
        group_column="ethnic_group",
        count_column="n",
        groups=groups,
        total="total_residents",
    )


def test_resample_keeps_area_totals() -> None:
    counts = np.array([[5, 0, 3], [0, 0, 0], [1, 1, 1], [0, 9, 0]])
    draws = resample(counts, 200, seed=1)
    assert draws.shape == (200, 4, 3)
    np.testing.assert_array_equal(draws.sum(axis=2), np.broadcast_to(counts.sum(axis=1), (200, 4)))
    # A group absent from an area never appears there; a one-group area never changes.
    assert (draws[:, 0, 1] == 0).all()
    np.testing.assert_array_equal(draws[:, 3], np.broadcast_to(counts[3], (200, 3)))
    # The draw is unbiased for each area's composition.
    np.testing.assert_allclose(draws[:, 2].mean(axis=0), [1, 1, 1], atol=0.2)


def test_resample_needs_whole_counts() -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        resample([[1.5, 2]], 10)


def test_lsoa_intervals_contain_estimates(lsoa_file: Path) -> None:
    intervals = bootstrap_multigroup(_lsoa(lsoa_file).counts, replicates=1000, seed=7)
    assert set(intervals) == set(MULTIGROUP_INDICES)
    for interval in intervals.values():
        assert interval.low <= interval.estimate <= interval.high
        assert interval.high - interval.low < 0.01  # 546,433 residents: tight
        assert interval.replicates == 1000
        assert interval.confidence == 0.95
        assert interval.undefined == 0
    assert intervals["multigroup_dissimilarity"].estimate == pytest.approx(0.594, abs=5e-4)


def test_ward_two_group_intervals_contain_estimates(ward_file: Path) -> None:
    table = read_table(ward_file, area="geography code", groups=[PAKISTANI], total=WARD_TOTAL)
    intervals = bootstrap_two_group(table.counts[:, 0], table.total, seed=3)
    for interval in intervals.values():
        assert interval.low <= interval.estimate <= interval.high
    assert intervals["isolation"].estimate == pytest.approx(0.484, abs=5e-4)


def test_reproducible_with_seed(lsoa_file: Path) -> None:
    counts = _lsoa(lsoa_file).counts
    first = bootstrap_multigroup(counts, replicates=200, seed=42)
    again = bootstrap_multigroup(counts, replicates=200, seed=42)
    other = bootstrap_multigroup(counts, replicates=200, seed=43)
    assert first == again
    assert first != other


def test_chunking_does_not_change_results(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 50, (20, 3))
    whole = bootstrap_multigroup(counts, replicates=50, seed=5)
    monkeypatch.setattr(bootstrap_module, "_CHUNK_CELLS", 7 * counts.size)  # 8 chunks
    assert bootstrap_multigroup(counts, replicates=50, seed=5) == whole


def test_interval_level() -> None:
    rng = np.random.default_rng(1)
    counts = rng.integers(0, 30, (15, 2))
    wide = bootstrap_multigroup(counts, replicates=400, confidence=0.99, seed=2)
    narrow = bootstrap_multigroup(counts, replicates=400, confidence=0.5, seed=2)
    for name in wide:
        assert wide[name].low <= narrow[name].low <= narrow[name].high <= wide[name].high


def test_custom_statistic_and_undefined_replicates() -> None:
    # A group of one person: some replicates lose it, and D is undefined there.
    counts = np.array([[1, 1], [0, 50], [0, 50]])
    intervals = bootstrap(
        {"d": lambda c: MULTIGROUP_INDICES["multigroup_dissimilarity"](c)},
        counts,
        replicates=300,
        seed=0,
    )
    assert 0 < intervals["d"].undefined < 300


def test_bias_of_a_small_even_group_is_upwards(lsoa_file: Path) -> None:
    """Resampling noise reads as unevenness: for the small, fairly even Mixed group at LSOA
    level the whole percentile interval of D lies above the estimate (documented caveat)."""
    table = _lsoa(lsoa_file, ["Mixed or Multiple ethnic groups"])
    intervals = bootstrap_two_group(table.counts[:, 0], table.total, seed=0)
    d = intervals["dissimilarity"]
    assert d.bias > 0
    assert d.low > d.estimate


def test_thousand_lsoa_replicates_match_scoring_one_at_a_time(lsoa_file: Path) -> None:
    """The vectorised path (all replicates scored as one array, in chunks) gives exactly the
    intervals of the plain loop: draw the same replicates, score each alone, take percentiles.
    How fast it is against PySAL: benchmarks/segregation_bootstrap.py."""
    counts = _lsoa(lsoa_file).counts
    intervals = bootstrap_multigroup(counts, replicates=1000, seed=0)
    draws = resample(counts, 1000, seed=0)
    for name, index in MULTIGROUP_INDICES.items():
        one_by_one = np.array([index(draw) for draw in draws])
        low, high = np.quantile(one_by_one, [0.025, 0.975])
        assert intervals[name].low == pytest.approx(low, abs=1e-12), name
        assert intervals[name].high == pytest.approx(high, abs=1e-12), name
        assert intervals[name].bias == pytest.approx(one_by_one.mean() - index(counts), abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"confidence": 1.0}, "confidence"),
        ({"replicates": 0}, "at least one replicate"),
    ],
)
def test_bootstrap_validation(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_multigroup([[1, 2], [3, 4]], **kwargs)

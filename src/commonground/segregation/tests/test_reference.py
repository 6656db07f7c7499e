"""The reference figures measured on Bradford's 2021 census tables, and which definitions give them.

30 wards: D Pakistani vs White British ≈ 0.672, Pakistani isolation ≈ 0.484;
312 LSOAs: multigroup D ≈ 0.594, multigroup H ≈ 0.315.
"""

from pathlib import Path

import pytest

from commonground.segregation import (
    dissimilarity,
    isolation,
    multigroup_dissimilarity,
    multigroup_theil_h,
    read_long_table,
    read_table,
)

from .conftest import PAKISTANI, WARD_TOTAL, WHITE_BRITISH

pytestmark = pytest.mark.engine


def _wards(path: Path):
    return read_table(
        path, area="geography code", groups=[PAKISTANI, WHITE_BRITISH], total=WARD_TOTAL
    )


def test_ward_table_shape(ward_file: Path) -> None:
    table = _wards(ward_file)
    assert len(table.areas) == 30
    assert table.areas[0] == "E05001341"


def test_pakistani_vs_white_british_dissimilarity(ward_file: Path) -> None:
    # The 0.672 figure is D computed on the two groups only (total = Pakistani + White British).
    table = _wards(ward_file)
    pakistani, white_british = table.counts[:, 0], table.counts[:, 1]
    d = dissimilarity(pakistani, pakistani + white_british)
    assert d == pytest.approx(0.672, abs=5e-4)
    assert d == pytest.approx(0.671922218250, abs=1e-9)
    # Not Pakistani against everyone else (the one-group --total reading): that is 0.560.
    against_rest = dissimilarity(pakistani, table.total)
    assert against_rest == pytest.approx(0.559774533933, abs=1e-9)
    assert abs(against_rest - 0.672) > 0.1


def test_pakistani_isolation(ward_file: Path) -> None:
    # Isolation with total = all usual residents (not Pakistani + White British: 0.655).
    table = _wards(ward_file)
    pakistani = table.counts[:, 0]
    assert isolation(pakistani, table.total) == pytest.approx(0.484, abs=5e-4)
    assert isolation(pakistani, table.total) == pytest.approx(0.484086643896, abs=1e-9)
    two_only = isolation(pakistani, pakistani + table.counts[:, 1])
    assert two_only == pytest.approx(0.655282124196, abs=1e-9)


def test_lsoa_multigroup(lsoa_file: Path) -> None:
    table = read_long_table(
        lsoa_file,
        area="lsoa21_code",
        group_column="ethnic_group",
        count_column="n",
        total="total_residents",
    )
    assert len(table.areas) == 312
    assert len(table.groups) == 5
    # The five broad groups partition every LSOA's residents.
    assert (table.counts.sum(axis=1) == table.total).all()
    assert multigroup_dissimilarity(table.counts) == pytest.approx(0.594, abs=5e-4)
    assert multigroup_theil_h(table.counts) == pytest.approx(0.315, abs=5e-4)
    assert multigroup_dissimilarity(table.counts) == pytest.approx(0.594218115601, abs=1e-9)
    assert multigroup_theil_h(table.counts) == pytest.approx(0.314609334901, abs=1e-9)

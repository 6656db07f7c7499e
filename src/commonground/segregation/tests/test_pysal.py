"""Cross-check every index against PySAL ``segregation`` (test-only dependency) to 1e-9.

PySAL's input is built independently of our readers (pandas ``read_csv`` and ``pivot``), so
the check covers table reading and pivoting as well as the formulas.  Wards: every one of the
24 TS021 groups against the total, and the 5 broad and 19 detailed groups as multigroup
partitions; MSOAs and LSOAs: every group against ``total_residents`` and all groups together.
"""

from functools import cache

import numpy as np
import pandas as pd
import pytest
from segregation.multigroup import (
    MultiDissim,
    MultiInfoTheory,
    MultiNormExposure,
    MultiRelativeDiversity,
)
from segregation.singlegroup import Dissim, Entropy, Interaction, Isolation

from commonground.segregation import (
    MULTIGROUP_INDICES,
    TWO_GROUP_INDICES,
    read_long_table,
    read_table,
)

from .conftest import WARD_TOTAL, census_file

pytestmark = pytest.mark.engine

TOLERANCE = 1e-9

PYSAL_TWO_GROUP = {
    "dissimilarity": Dissim,
    "isolation": Isolation,
    "exposure": Interaction,
    "theil_h": Entropy,
}
PYSAL_MULTIGROUP = {
    "multigroup_dissimilarity": MultiDissim,
    "multigroup_theil_h": MultiInfoTheory,
    "relative_diversity": MultiRelativeDiversity,
    "normalised_exposure": MultiNormExposure,
}
LONG_FILES = {
    "msoa": ("ethnicity21_msoa21_bradford.csv", "msoa21_code"),
    "lsoa": ("ethnicity21_lsoa21_bradford.csv", "lsoa21_code"),
}
LEVELS = ["ward", "msoa", "lsoa"]


@cache
def _level(level: str) -> dict:
    """PySAL's DataFrame plus our arrays: two-group columns and multigroup partitions."""
    if level == "ward":
        path = census_file("bradford_wards_ts021_ethnic_group.csv")
        frame = pd.read_csv(path)
        counts = [c for c in frame.columns if c.startswith("Ethnic group:") and c != WARD_TOTAL]
        broad = [c for c in counts if c.count(":") == 1]
        detailed = [c for c in counts if c.count(":") == 2]
        # Broad and detailed groups overlap, so read them without the groups-within-total check.
        ours = read_table(path, area="geography code", groups=counts)
        ours_total = read_table(path, area="geography code", groups=[WARD_TOTAL]).counts[:, 0]
        total = WARD_TOTAL
        partitions = {"broad": broad, "detailed": detailed}
    else:
        name, area = LONG_FILES[level]
        path = census_file(name)
        long = pd.read_csv(path)
        frame = long.pivot(index=area, columns="ethnic_group", values="n")
        frame["total_residents"] = long.groupby(area)["total_residents"].first()
        counts = list(long["ethnic_group"].unique())
        ours = read_long_table(
            path,
            area=area,
            group_column="ethnic_group",
            count_column="n",
            total="total_residents",
        )
        frame = frame.loc[list(ours.areas)]
        ours_total = ours.total
        total = "total_residents"
        partitions = {"all": counts}
    for groups in partitions.values():
        np.testing.assert_array_equal(frame[groups].sum(axis=1), frame[total])
    columns = {g: ours.counts[:, k] for k, g in enumerate(ours.groups)}
    return {
        "frame": frame,
        "total": total,
        "groups": counts,
        "partitions": partitions,
        "columns": columns,
        "ours_total": ours_total,
    }


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("index", list(TWO_GROUP_INDICES))
def test_two_group_matches_pysal(level: str, index: str) -> None:
    data = _level(level)
    ours_function, pysal_class = TWO_GROUP_INDICES[index], PYSAL_TWO_GROUP[index]
    for group in data["groups"]:
        ours = ours_function(data["columns"][group], data["ours_total"])
        theirs = pysal_class(data["frame"], group, data["total"]).statistic
        assert abs(ours - theirs) <= TOLERANCE, (group, ours, theirs)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("index", list(MULTIGROUP_INDICES))
def test_multigroup_matches_pysal(level: str, index: str) -> None:
    data = _level(level)
    ours_function, pysal_class = MULTIGROUP_INDICES[index], PYSAL_MULTIGROUP[index]
    for name, groups in data["partitions"].items():
        counts = np.column_stack([data["columns"][g] for g in groups])
        ours = ours_function(counts)
        theirs = pysal_class(data["frame"], groups).statistic
        assert abs(ours - theirs) <= TOLERANCE, (name, ours, theirs)


def test_reference_figures_match_pysal() -> None:
    """The published reference figures are PySAL's too, under the documented definitions."""
    wards = _level("ward")
    frame = wards["frame"].copy()
    pakistani = "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani"
    white_british = "Ethnic group: White: English, Welsh, Scottish, Northern Irish or British"
    frame["pair"] = frame[pakistani] + frame[white_british]
    assert Dissim(frame, pakistani, "pair").statistic == pytest.approx(0.672, abs=5e-4)
    assert Isolation(frame, pakistani, WARD_TOTAL).statistic == pytest.approx(0.484, abs=5e-4)
    lsoa = _level("lsoa")
    assert MultiDissim(lsoa["frame"], lsoa["groups"]).statistic == pytest.approx(0.594, abs=5e-4)
    h = MultiInfoTheory(lsoa["frame"], lsoa["groups"]).statistic
    assert h == pytest.approx(0.315, abs=5e-4)

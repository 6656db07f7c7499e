"""Segregation and diversity indices from area-level counts by group (plain NumPy, no Django).

Two-group indices take (group, total) count arrays; multigroup indices take an (areas, groups)
matrix that partitions each area's residents.  Definitions and the PySAL ``segregation`` class
each one matches are in docs/segregation.md.
"""

from .bootstrap import Interval, bootstrap, bootstrap_multigroup, bootstrap_two_group, resample
from .indices import (
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
from .tables import AreaTable, TableError, pivot_long, read_long_table, read_table, split_names

__all__ = [
    "MULTIGROUP_INDICES",
    "TWO_GROUP_INDICES",
    "AreaTable",
    "Interval",
    "TableError",
    "bootstrap",
    "bootstrap_multigroup",
    "bootstrap_two_group",
    "dissimilarity",
    "exposure",
    "isolation",
    "location_quotients",
    "multigroup_dissimilarity",
    "multigroup_indices",
    "multigroup_theil_h",
    "normalised_exposure",
    "pivot_long",
    "read_long_table",
    "read_table",
    "relative_diversity",
    "resample",
    "split_names",
    "theil_h",
    "two_group_indices",
]

"""Spatial statistics on area boundaries, without Django.

Queen contiguity between polygons (with a tolerance for the float noise in shared vertices) and
the Getis-Ord Gi* hotspot statistic. Used by ``commonground safety hotspots`` and by the
Feeling Safe figures pages; cross-checked against PySAL ``libpysal``/``esda`` in the tests.
"""

from .contiguity import Boundaries, load_boundaries, queen_neighbours
from .getisord import GiStar, classify, gi_star

__all__ = [
    "Boundaries",
    "GiStar",
    "classify",
    "gi_star",
    "load_boundaries",
    "queen_neighbours",
]

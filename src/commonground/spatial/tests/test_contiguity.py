"""Queen contiguity with a 1e-7 degree tolerance, checked against an all-pairs distance test."""

import numpy as np
import pytest
import shapely

from commonground.spatial import load_boundaries, queen_neighbours
from commonground.spatial.contiguity import BoundaryError

pytestmark = pytest.mark.engine


def test_bradford_has_310_lsoas_all_with_neighbours(bradford_lsoas):
    areas = load_boundaries(bradford_lsoas)
    neighbours = queen_neighbours(areas.geometries)
    assert len(areas.codes) == 310
    assert all(neighbours), "every LSOA touches another"
    assert all(i not in found for i, found in enumerate(neighbours))
    for i, found in enumerate(neighbours):
        assert all(i in neighbours[j] for j in found), "contiguity is symmetric"


def test_matches_all_pairs_distances(bradford_lsoas):
    """The STRtree query finds exactly the pairs whose distance is at most 1e-7 degrees."""
    areas = load_boundaries(bradford_lsoas)
    geoms = np.array(areas.geometries, dtype=object)
    distances = shapely.distance(geoms[:, None], geoms[None, :])
    expected = [
        sorted(int(j) for j in np.flatnonzero(row <= 1e-7) if j != i)
        for i, row in enumerate(distances)
    ]
    assert queen_neighbours(areas.geometries) == expected


def test_corner_touching_squares_are_queen_neighbours():
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(1 + 5e-8, 1 + 5e-8, 2, 2)  # a corner, within float noise
    c = shapely.box(3, 3, 4, 4)
    assert queen_neighbours([a, b, c]) == [[1], [0], []]


def test_bad_boundary_file_is_one_line(tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundaryError, match=r"b\.geojson"):
        load_boundaries(path)

"""Gi* z-scores and p-values cross-checked against PySAL ``esda.G_Local`` (test-only).

The libpysal W is built from our own neighbour lists (binary, so only the statistic is under
test here; the contiguity has its own tests). esda's star convention: with ``star=True`` and
``transform="B"`` it puts weight 1 on the diagonal of a W that has none (``fill_diagonal``);
a W that already holds the self-weight (``star=None``) must give the same answer. esda's
``p_norm`` is one-sided, ``norm.sf(|z|)``: ours is twice it.
"""

import json

import numpy as np
import pytest
from esda import G_Local
from libpysal.weights import W
from scipy.stats import norm

from commonground.spatial import classify, gi_star, load_boundaries, queen_neighbours
from commonground.spatial.cli_hotspots import main

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def bradford(bradford_lsoas):
    areas = load_boundaries(bradford_lsoas)
    return areas, queen_neighbours(areas.geometries)


def _weights(codes, neighbours, self_included: bool) -> W:
    lists = {
        code: [codes[j] for j in found] + ([code] if self_included else [])
        for code, found in zip(codes, neighbours, strict=True)
    }
    return W(lists, id_order=list(codes), silence_warnings=True)


def _counts(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(2.0, 20.0, n))
    counts[rng.choice(n, 15, replace=False)] += 200  # a few clusters of high counts
    return counts


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("self_included", [False, True])
def test_z_and_p_match_esda(bradford, seed, self_included):
    areas, neighbours = bradford
    y = _counts(seed, len(areas.codes))
    ours = gi_star(y, neighbours)
    w = _weights(areas.codes, neighbours, self_included)
    star = True if not self_included else None
    theirs = G_Local(y.astype(float), w, transform="B", star=star, permutations=0)
    np.testing.assert_allclose(ours.g, theirs.Gs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(ours.z, theirs.Zs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.p, 2 * theirs.p_norm, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(ours.p, 2 * norm.sf(np.abs(theirs.Zs)), rtol=1e-10)


def test_cli_json_matches_esda(bradford, tmp_path, capsys):
    """The whole command, from a CSV with repeated and missing areas, against esda."""
    areas, neighbours = bradford
    y = _counts(7, len(areas.codes))
    y[::10] = 0  # these areas are left out of the file: they count 0
    lines = ["lsoa_code,reports"]
    for code, value in zip(areas.codes, y.tolist(), strict=True):
        if value:
            half = value // 2
            lines += [f"{code},{half}", f"{code},{value - half}"]  # rows are added
    path = tmp_path / "reports.csv"
    path.write_text("\n".join(lines) + "\n")
    assert main([str(path), "--area", "lsoa_code", "--count", "reports", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["areas"]
    assert list(out) == list(areas.codes)
    theirs = G_Local(y.astype(float), _weights(areas.codes, neighbours, False), "B", 0, star=True)
    z = np.array([out[c]["z"] for c in areas.codes])
    p = np.array([out[c]["p"] for c in areas.codes])
    np.testing.assert_allclose(z, theirs.Zs, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(p, 2 * norm.sf(np.abs(theirs.Zs)), rtol=1e-10, atol=1e-300)
    classes = [out[c]["class"] for c in areas.codes]
    assert classes == [classify(v) for v in theirs.Zs]
    assert "hot" in classes


def test_classes_at_the_threshold():
    assert classify(1.97) == "hot"
    assert classify(-1.97) == "cold"
    assert classify(1.96) is None
    assert classify(float("nan")) is None


def test_equal_counts_have_no_z():
    result = gi_star([3, 3, 3, 3], [[1], [0, 2], [1, 3], [2]])
    assert np.isnan(result.z).all()
    assert [classify(z) for z in result.z] == [None] * 4

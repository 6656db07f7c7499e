"""The 15-point neighbour measure on the real file, against an independent computation."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.neighbors import BallTree

from commonground.schoolmix import cli_segregation
from commonground.schoolmix.geo import EARTH_RADIUS_KM, haversine_km

from .conftest import read_rows, write_rows

pytestmark = pytest.mark.engine

WB = "number of pupils classified as white British ethnic origin"


def _json(capsys, *argv) -> dict:
    assert cli_segregation.main([str(a) for a in argv]) == 0
    return json.loads(capsys.readouterr().out)


def _hav(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _independent(path: Path, k: int = 10, points: float = 15.0) -> dict[int, tuple]:
    """Brute force in plain Python (ties in distance: earlier row first), written apart from the
    package; sklearn's BallTree (haversine metric) confirms the k-th neighbour's distance."""
    header, rows = read_rows(path)
    col = {name: i for i, name in enumerate(header)}
    groups = [c for c in header if c.startswith("number of pupils classified as")]
    assert len(groups) == 18
    out = {}
    for phase in ("State-funded primary", "State-funded secondary"):
        same = [r for r in rows if r[col["phase_type_grouping"]] == phase]
        coords = [(float(r[col["lat"]]), float(r[col["long"]])) for r in same]
        tree = BallTree(np.radians(coords), metric="haversine")
        wb = [int(r[col[WB]]) for r in same]
        known = [sum(int(r[col[g]]) for g in groups) for r in same]
        for i, r in enumerate(same):
            if r[col["in_bradford"]] != "TRUE":
                continue
            near = sorted(
                (j for j in range(len(same)) if j != i),
                key=lambda j: (_hav(coords[i], coords[j]), j),
            )[:k]
            dist, _ = tree.query(np.radians([coords[i]]), k=k + 1)
            assert _hav(coords[i], coords[near[-1]]) == pytest.approx(
                dist.max() * EARTH_RADIUS_KM, abs=1e-9
            )
            pooled = sum(wb[j] for j in near) / sum(known[j] for j in near)
            own = wb[i] / known[i]
            diff = own - pooled
            flag = (
                "more"
                if diff * 100 > points + 1e-12
                else "less"
                if diff * 100 < -points - 1e-12
                else None
            )
            out[int(r[col["urn"]])] = (own, pooled, flag, phase.split()[-1])
    return out


def test_matches_balltree_on_real_file(schools_csv: Path, capsys) -> None:
    got = _json(capsys, schools_csv, "--json")
    expected = _independent(schools_csv)
    assert len(got["schools"]) == 191 == len(expected)
    for school in got["schools"]:
        own, pooled, flag, _ = expected[school["urn"]]
        assert school["share_white_british"] == pytest.approx(own, abs=1e-12)
        assert school["neighbour_share"] == pytest.approx(pooled, abs=1e-12)
        assert school["difference"] == pytest.approx(own - pooled, abs=1e-12)
        assert school["flag"] == flag
    counts = got["counts"]
    for phase in ("primary", "secondary"):
        for flag in ("more", "less"):
            assert counts[phase][flag] == sum(
                1 for s in got["schools"] if s["flag"] == flag and expected[s["urn"]][3] == phase
            )
    assert counts == {"primary": {"more": 38, "less": 14}, "secondary": {"more": 14, "less": 9}}


def test_threshold_is_strict(tmp_path: Path, schools_csv: Path, capsys) -> None:
    """A school exactly 15 points above its neighbours is not flagged; one pupil more is."""
    header, rows = read_rows(schools_csv)
    col = {name: i for i, name in enumerate(header)}
    groups = [c for c in header if c.startswith("number of pupils classified as")]

    def school(urn: str, lat: float, wb: int, other: int, district: str = "TRUE") -> list[str]:
        row = list(rows[0])
        for g in groups:
            row[col[g]] = "0"
        row[col[WB]] = str(wb)
        row[col["number of pupils classified as Indian ethnic origin"]] = str(other)
        row[col["number of pupils unclassified"]] = "7"
        row[col["headcount of pupils"]] = str(wb + other + 7)
        row[col["urn"]], row[col["lat"]], row[col["long"]] = urn, str(lat), "-1.8"
        row[col["in_bradford"]] = district
        return row

    # subject 65 % White British; its two neighbours pool to exactly 50 % (unclassified ignored)
    small = [
        school("1", 53.80, 65, 35),
        school("2", 53.81, 30, 70, "FALSE"),
        school("3", 53.79, 70, 30, "FALSE"),
    ]
    path = write_rows(tmp_path / "edge.csv", header, small)
    got = _json(capsys, path, "--neighbours", "2", "--json")
    first = got["schools"][0]
    assert first["urn"] == 1 and first["neighbour_share"] == 0.5
    assert first["difference"] > 0.15  # 0.65 - 0.5 in floating point is 0.15000000000000002 …
    assert first["flag"] is None  # … yet exactly 15 points is not *more* than 15
    small[0] = school("1", 53.80, 66, 34)
    got = _json(
        capsys, write_rows(tmp_path / "edge2.csv", header, small), "--neighbours", "2", "--json"
    )
    assert got["schools"][0]["flag"] == "more"


def test_haversine_radius() -> None:
    # a quarter of a meridian is exactly R·π/2
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(
        EARTH_RADIUS_KM * math.pi / 2, rel=1e-12
    )
    assert haversine_km(53.8, -1.75, 53.8, -1.75) == 0.0

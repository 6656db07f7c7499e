"""Read a district's areas from ONS lookups, census tables and boundary files.

Plain Python with no Django import, so the same reading serves the loader, tests and
analysts. Files follow the layout of `shared/data/uk/` (see its SOURCES.md): national
lookups, per-district GeoJSON boundaries named `<kind><year>_<LAD code>.geojson`.
"""

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class AreaDataError(Exception):
    """A data file is missing or not what we expect; the message names file and line."""


@dataclass
class AreaRecord:
    code: str
    name: str
    level: str  # district | ward | msoa | lsoa
    vintage: str
    parent_code: str | None = None
    statistical_parent_code: str | None = None
    boundary: dict | None = None
    boundary_source: str = ""
    population: int | None = None


@dataclass
class DistrictAreas:
    district: AreaRecord
    wards: list[AreaRecord] = field(default_factory=list)
    msoas: list[AreaRecord] = field(default_factory=list)
    lsoas: list[AreaRecord] = field(default_factory=list)

    def all(self) -> list[AreaRecord]:
        """Parents before children, the order a loader must save them in."""
        return [self.district, *self.wards, *self.msoas, *self.lsoas]


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _rows(path: Path, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a CSV, failing clearly if columns are missing."""
    if not path.exists():
        raise AreaDataError(f"{path}: file not found")
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise AreaDataError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            yield reader.line_num, row


def _boundaries(path: Path, code_property: str) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AreaDataError(f"{path}:{exc.lineno}: not valid GeoJSON ({exc.msg})") from exc
    return {
        feature["properties"][code_property]: feature["geometry"]
        for feature in collection.get("features", [])
        if feature.get("properties", {}).get(code_property)
    }


def _int(value: str, path: Path, line: int, column: str) -> int:
    try:
        return int(float(value))
    except ValueError as exc:
        raise AreaDataError(f"{path}:{line}: column {column}: {value!r} is not a number") from exc


def read_district(data_dir: Path, district_code: str) -> DistrictAreas:
    """Everything we know about one local authority district's areas."""
    data_dir = Path(data_dir)
    lookups, census, bounds = data_dir / "lookups", data_dir / "census2021", data_dir / "boundaries"

    district: AreaRecord | None = None
    wards: dict[str, AreaRecord] = {}
    lsoas: dict[str, AreaRecord] = {}
    ward_lookup = lookups / "lookup_lsoa21_ward24_ltla24.csv.gz"
    cols = {"lsoa21_code", "lsoa21_name", "ward24_code", "ward24_name", "ltla24_code"}
    for _, row in _rows(ward_lookup, cols | {"ltla24_name"}):
        if row["ltla24_code"] != district_code:
            continue
        if district is None:
            district = AreaRecord(district_code, row["ltla24_name"], "district", "2024")
        wards.setdefault(
            row["ward24_code"],
            AreaRecord(row["ward24_code"], row["ward24_name"], "ward", "2024", district_code),
        )
        lsoas[row["lsoa21_code"]] = AreaRecord(
            row["lsoa21_code"], row["lsoa21_name"], "lsoa", "2021", row["ward24_code"]
        )
    if district is None:
        raise AreaDataError(f"{ward_lookup}: no rows for district {district_code}")

    msoas: dict[str, AreaRecord] = {}
    msoa21_by_msoa11_name: dict[str, str] = {}
    msoa11_code_of: dict[str, list[str]] = {}
    msoa_lookup = lookups / "lookup_msoa11_msoa21_ltla22.csv.gz"
    msoa_cols = {"msoa11_code", "msoa11_name", "msoa21_code", "msoa21_name", "ltla22_code"}
    for _, row in _rows(msoa_lookup, msoa_cols):
        if row["ltla22_code"] == district_code:
            msoas[row["msoa21_code"]] = AreaRecord(
                row["msoa21_code"], row["msoa21_name"], "msoa", "2021", district_code
            )
            msoa21_by_msoa11_name[row["msoa11_name"]] = row["msoa21_code"]
            msoa11_code_of.setdefault(row["msoa21_code"], []).append(row["msoa11_code"])
    _attach_msoa_parents(lookups, district_code, lsoas, msoa21_by_msoa11_name)

    _attach_boundaries(wards, bounds / f"wards2013_{district_code}.geojson", "WD13CD")
    # An MSOA renumbered in 2021 but made of exactly one 2011 MSOA keeps that boundary.
    renamed = {old[0]: new for new, old in msoa11_code_of.items() if len(old) == 1}
    _attach_boundaries(
        msoas, bounds / f"msoa2011_{district_code}.geojson", "MSOA11CD", renamed=renamed
    )
    _attach_boundaries(lsoas, bounds / f"lsoa2011_{district_code}.geojson", "LSOA11CD")
    _attach_population(census, wards, msoas, lsoas)
    district.population = sum(w.population or 0 for w in wards.values()) or None

    by_name = lambda r: r.name  # noqa: E731
    return DistrictAreas(
        district=district,
        wards=sorted(wards.values(), key=by_name),
        msoas=sorted(msoas.values(), key=by_name),
        lsoas=sorted(lsoas.values(), key=by_name),
    )


def _attach_msoa_parents(
    lookups: Path, district_code: str, lsoas: dict[str, AreaRecord], msoa_of: dict[str, str]
) -> None:
    """Place each 2021 LSOA in its 2021 MSOA.

    ONS names an LSOA after its MSOA plus a letter, but the 2021 names in the ward lookup
    were renumbered independently of the MSOA lookup, so we join through the 2011 names
    ("Bradford 004A" is in MSOA11 "Bradford 004", which became MSOA21 E02006946).
    """
    path = lookups / "lookup_lsoa11_lsoa21_ltla22.csv.gz"
    for _, row in _rows(path, {"lsoa11_name", "lsoa21_code", "ltla22_code"}):
        if row["ltla22_code"] == district_code and row["lsoa21_code"] in lsoas:
            parent = msoa_of.get(row["lsoa11_name"][:-1])
            if parent:
                lsoas[row["lsoa21_code"]].statistical_parent_code = parent


def _attach_boundaries(
    records: dict[str, AreaRecord], path: Path, prop: str, renamed: dict[str, str] | None = None
) -> None:
    """Boundaries join on code (or on a one-to-one renaming); other areas get none."""
    renamed = renamed or {}
    for code, geometry in _boundaries(path, prop).items():
        target = code if code in records else renamed.get(code)
        if target in records:
            records[target].boundary = geometry
            records[target].boundary_source = (
                path.name if target == code else f"{path.name} ({code})"
            )


def _attach_population(
    census: Path,
    wards: dict[str, AreaRecord],
    msoas: dict[str, AreaRecord],
    lsoas: dict[str, AreaRecord],
) -> None:
    """Usual residents from Census 2021: ward tables (TS021), LSOA and MSOA extracts."""
    total = "Ethnic group: Total: All usual residents"
    for path in sorted(census.glob("*wards_ts021*.csv")):
        for line, row in _rows(path, {"geography code", total}):
            if row["geography code"] in wards:
                wards[row["geography code"]].population = _int(row[total], path, line, total)
    for pattern, key, records in (
        ("ethnicity21_lsoa21_*", "lsoa21_code", lsoas),
        ("ethnicity21_msoa21_*", "msoa21_code", msoas),
    ):
        paths = sorted(census.glob(pattern), key=lambda p: p.suffix == ".gz")
        wanted = {code for code, r in records.items() if r.population is None}
        for path in paths:
            if not wanted:
                break
            for line, row in _rows(path, {key, "total_residents"}):
                if row[key] in wanted:
                    pop = _int(row["total_residents"], path, line, "total_residents")
                    records[row[key]].population = pop
                    wanted.discard(row[key])

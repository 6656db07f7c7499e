"""The population a consultation should reach: Census 2021 profiles of a district's wards.

Public API::

    load_profile(
        shared_dir: str | Path | None = None,     # default commonground.paths.shared_dir()
        ward_codes: Iterable[str] | None = None,  # None: every ward in the ethnicity file
        *,
        files: Mapping[str, str | Path] | None = None,  # override any of DEFAULT_FILES
    ) -> PopulationProfile
    PopulationProfile.shares(dimension, ward=None) -> dict[str, float]
    PopulationProfile.margins(dimensions=None, wards=None) -> dict[str, dict[str, float]]
    PopulationProfile.to_dict() -> dict
    survey_age_counts(counts: Mapping[str, float]) -> dict[str, float]
    PopulationError (a ValueError naming the file and column)

Dimensions (keys of ``PopulationProfile.district``), named as the survey's "about you"
questions in :mod:`.categories` so a reach comparison joins on them:

- ``ethnicity``: the 19 detailed groups (``categories.ETHNIC_GROUPS`` codes), TS021;
  ``ethnicity_broad``: the 5 broad groups (``categories.ETHNIC_BROAD`` codes).
- ``religion``: ``categories.RELIGION`` codes, TS030, over people who answered the voluntary
  question; "Not answered" is kept aside in ``PopulationProfile.aside["religion"]``, because a
  survey's "prefer not to say" is left out of the comparison too.
- ``age_band``: **mid-2015** estimates by LSOA 2011 (IoD2019 population denominators) rolled up
  to wards, in three coarse bands ``0_15``, ``16_59``, ``60_plus``; the 2021 census tables here
  have no age.  :data:`AGE_BAND_SPLIT` maps the survey's six bands onto them (see there).
- ``ward``: usual residents per ward (TS021 total), so wards are a dimension like the others.
- ``sex``: none of the shared tables has it; it is listed in ``PopulationProfile.missing`` with
  the reason, and never invented.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .categories import ETHNIC_BROAD, ETHNIC_GROUPS, RELIGION

__all__ = [
    "AGE_BANDS_CENSUS",
    "AGE_BAND_SPLIT",
    "DEFAULT_FILES",
    "PopulationError",
    "PopulationProfile",
    "Source",
    "load_profile",
    "survey_age_counts",
]

# Paths relative to the shared directory.  Any TS021/TS030 ward file in the Nomis bulk format
# will do (e.g. the national one), filtered by ``ward_codes``.
DEFAULT_FILES: dict[str, str] = {
    "ethnicity": "data/uk/census2021/bradford_wards_ts021_ethnic_group.csv",
    "religion": "data/uk/census2021/bradford_wards_ts030_religion.csv",
    "age": "data/uk/imd2019/File_6_-_IoD2019_Population_Denominators.csv.gz",
    "age_lookup": "data/uk/lookups/lookup_lsoa11_ward17.csv.gz",
}

AGE_BANDS_CENSUS: dict[str, str] = {
    "0_15": "0 to 15",
    "16_59": "16 to 59",
    "60_plus": "60 or over",
}

# The survey's age bands (categories.AGE_BANDS) on the census's coarser ones.  Four fit inside
# one band; "50_64" straddles 59/60.  It is split by years (50–59 is ten of its fifteen years,
# 60–64 five), assuming respondents spread evenly over the band: an assumption, stated in the
# method notes, that moves at most a third of that band's respondents.  "65_plus" lies inside
# "60_plus".  Raking needs each respondent in one band, which "50_64" prevents, so age is a
# comparison only, not a raking dimension (docs/consult-statistics.md).
AGE_BAND_SPLIT: dict[str, dict[str, float]] = {
    "under_16": {"0_15": 1.0},
    "16_24": {"16_59": 1.0},
    "25_34": {"16_59": 1.0},
    "35_49": {"16_59": 1.0},
    "50_64": {"16_59": 2 / 3, "60_plus": 1 / 3},
    "65_plus": {"60_plus": 1.0},
}

SEX_MISSING = (
    "No shared table gives sex by ward (Census 2021 TS008 is not in shared/data/uk), so "
    "respondents' sex cannot be compared with the population."
)

_ETHNIC_PREFIX = "Ethnic group"
_ETHNIC_TOTAL = "Ethnic group: Total: All usual residents"
_RELIGION_PREFIX = "Religion"
_RELIGION_TOTAL = "Religion: Total: All usual residents"
_RELIGION_NOT_ANSWERED = "Religion: Not answered"
_AGE_COLUMNS = {
    "0_15": "Dependent Children aged 0-15: mid 2015 (excluding prisoners)",
    "16_59": "Population aged 16-59: mid 2015 (excluding prisoners)",
    "60_plus": "Older population aged 60 and over: mid 2015 (excluding prisoners)",
}
_AGE_LSOA = "LSOA code (2011)"
_AGE_TOTAL = "Total population: mid 2015 (excluding prisoners)"


class PopulationError(ValueError):
    """A census file is missing or not in the expected shape (the message names file and
    column)."""


@dataclass(frozen=True)
class Source:
    """Where a dimension's figures come from, for the method notes."""

    dimension: str
    file: str
    table: str
    date: str
    note: str = ""


@dataclass
class PopulationProfile:
    """Counts of people per ward and district-wide, per dimension and category.

    ``by_ward[dimension][ward_code][category]`` and ``district[dimension][category]`` are
    counts; ``wards`` maps codes to names; ``aside`` holds counts kept out of the shares
    (religion "not answered"); ``missing`` names dimensions with no profile and why.
    """

    wards: dict[str, str]
    by_ward: dict[str, dict[str, dict[str, float]]]
    district: dict[str, dict[str, float]]
    aside: dict[str, dict[str, float]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ward_totals(self) -> dict[str, float]:
        """Usual residents per ward (Census 2021 TS021 total)."""
        return dict(self.district["ward"])

    def counts(self, dimension: str, ward: str | None = None) -> dict[str, float]:
        """Counts for one dimension, district-wide or for one ward."""
        if dimension in self.missing:
            raise KeyError(f"no population profile for {dimension!r}: {self.missing[dimension]}")
        if dimension not in self.district:
            raise KeyError(f"no population profile for {dimension!r}")
        if ward is None:
            return dict(self.district[dimension])
        if dimension == "ward":
            raise KeyError("the ward dimension has no per-ward breakdown")
        return dict(self.by_ward[dimension][ward])

    def shares(self, dimension: str, ward: str | None = None) -> dict[str, float]:
        """Shares (adding to one) for one dimension, district-wide or for one ward."""
        counts = self.counts(dimension, ward)
        total = sum(counts.values())
        return {k: v / total for k, v in counts.items()} if total else counts

    def margins(
        self, dimensions: Iterable[str] | None = None, wards: Iterable[str] | None = None
    ) -> dict[str, dict[str, float]]:
        """Population counts per dimension over ``wards`` (all by default), ready for
        :func:`.reach.compare` and :func:`.reach.raking_weights`.  Dimensions without a
        profile (sex) are left out: look at ``missing``."""
        wanted = [d for d in (dimensions or self.district) if d not in self.missing]
        chosen = list(self.wards) if wards is None else list(wards)
        unknown = [w for w in chosen if w not in self.wards]
        if unknown:
            raise KeyError(f"wards not in the profile: {', '.join(unknown)}")
        result: dict[str, dict[str, float]] = {}
        for dimension in wanted:
            if dimension == "ward":
                result["ward"] = {w: self.district["ward"][w] for w in chosen}
                continue
            total: dict[str, float] = {}
            for ward in chosen:
                for category, count in self.by_ward[dimension][ward].items():
                    total[category] = total.get(category, 0.0) + count
            result[dimension] = total
        return result

    def to_dict(self) -> dict:
        """JSON-ready copy (for the method notes and stored analyses)."""
        return {
            "wards": dict(self.wards),
            "by_ward": self.by_ward,
            "district": self.district,
            "aside": self.aside,
            "missing": dict(self.missing),
            "sources": [vars(s).copy() for s in self.sources],
            "notes": list(self.notes),
        }


def survey_age_counts(counts: Mapping[str, float]) -> dict[str, float]:
    """Respondent counts in the survey's age bands, moved onto the census's coarse bands with
    :data:`AGE_BAND_SPLIT` (so they can be compared with ``profile.district["age_band"]``).
    Answers outside the survey's bands (e.g. "prefer_not") are left out."""
    result = dict.fromkeys(AGE_BANDS_CENSUS, 0.0)
    for band, count in counts.items():
        for census_band, fraction in AGE_BAND_SPLIT.get(band, {}).items():
            result[census_band] += count * fraction
    return result


# ---------------------------------------------------------------------------------- reading


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.is_file():
        raise PopulationError(f"{path}: file not found")
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    header = list(reader.fieldnames or [])
    return header, list(reader)


def _need(path: Path, header: list[str], column: str) -> None:
    if column not in header:
        raise PopulationError(f"{path}: no column {column!r}")


def _number(path: Path, row: dict[str, str], column: str, line: int) -> float:
    text = (row.get(column) or "").replace(",", "").strip()
    try:
        return float(text)
    except ValueError:
        raise PopulationError(
            f"{path}:{line}: column {column!r} is not a number: {row.get(column)!r}"
        ) from None


def _ward_rows(
    path: Path, wanted: set[str] | None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    header, rows = _rows(path)
    for column in ("geography", "geography code"):
        _need(path, header, column)
    chosen = [
        (line, row)
        for line, row in enumerate(rows, start=2)
        if wanted is None or row["geography code"] in wanted
    ]
    return header, chosen


def _read_ethnicity(
    path: Path, wanted: set[str] | None
) -> tuple[dict[str, str], dict[str, dict[str, dict[str, float]]]]:
    """Ward names and per-ward counts for ward, ethnicity and ethnicity_broad (TS021)."""
    header, rows = _ward_rows(path, wanted)
    _need(path, header, _ETHNIC_TOTAL)
    broad_by_label = {c.census_label: c for c in ETHNIC_BROAD}
    detailed_columns: dict[str, str] = {}
    broad_columns: dict[str, str] = {}
    for group in ETHNIC_GROUPS:
        broad = next(b for b in ETHNIC_BROAD if b.code == group.broad)
        column = f"{_ETHNIC_PREFIX}: {broad.census_label}: {group.census_label}"
        _need(path, header, column)
        detailed_columns[group.code] = column
    for label, broad in broad_by_label.items():
        column = f"{_ETHNIC_PREFIX}: {label}"
        _need(path, header, column)
        broad_columns[broad.code] = column
    names: dict[str, str] = {}
    counts: dict[str, dict[str, dict[str, float]]] = {
        "ward": {},
        "ethnicity": {},
        "ethnicity_broad": {},
    }
    for line, row in rows:
        code = row["geography code"]
        names[code] = row["geography"]
        counts["ward"][code] = {"total": _number(path, row, _ETHNIC_TOTAL, line)}
        counts["ethnicity"][code] = {
            k: _number(path, row, c, line) for k, c in detailed_columns.items()
        }
        counts["ethnicity_broad"][code] = {
            k: _number(path, row, c, line) for k, c in broad_columns.items()
        }
    return names, counts


def _read_religion(
    path: Path, wanted: set[str] | None
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Per-ward religion counts (those who answered) and "not answered" per ward (TS030)."""
    header, rows = _ward_rows(path, wanted)
    columns = {c.code: f"{_RELIGION_PREFIX}: {c.census_label}" for c in RELIGION}
    for column in (*columns.values(), _RELIGION_NOT_ANSWERED):
        _need(path, header, column)
    by_ward: dict[str, dict[str, float]] = {}
    not_answered: dict[str, float] = {}
    for line, row in rows:
        code = row["geography code"]
        by_ward[code] = {k: _number(path, row, c, line) for k, c in columns.items()}
        not_answered[code] = _number(path, row, _RELIGION_NOT_ANSWERED, line)
    return by_ward, not_answered


def _read_age(path: Path, lookup: Path, wards: set[str]) -> dict[str, dict[str, float]]:
    """Mid-2015 counts in three bands per ward, summing LSOAs 2011 through the ward lookup."""
    lookup_header, lookup_rows = _rows(lookup)
    for column in ("lsoa11_code", "ward17_code"):
        _need(lookup, lookup_header, column)
    ward_of = {
        row["lsoa11_code"]: row["ward17_code"] for row in lookup_rows if row["ward17_code"] in wards
    }
    header, rows = _rows(path)
    for column in (_AGE_LSOA, _AGE_TOTAL, *_AGE_COLUMNS.values()):
        _need(path, header, column)
    by_ward = {w: dict.fromkeys(_AGE_COLUMNS, 0.0) for w in wards}
    for line, row in enumerate(rows, start=2):
        ward = ward_of.get(row[_AGE_LSOA])
        if ward is None:
            continue
        for band, column in _AGE_COLUMNS.items():
            by_ward[ward][band] += _number(path, row, column, line)
    return by_ward


def load_profile(
    shared_dir: str | Path | None = None,
    ward_codes: Iterable[str] | None = None,
    *,
    files: Mapping[str, str | Path] | None = None,
) -> PopulationProfile:
    """Read the census profile of ``ward_codes`` (all wards in the ethnicity file if None).

    ``files`` overrides any of :data:`DEFAULT_FILES` (keys ``ethnicity``, ``religion``,
    ``age``, ``age_lookup``), relative to ``shared_dir`` or absolute, e.g. a national TS021
    ward file.  Raises :class:`PopulationError` naming the file and column when a file is not
    as expected, and when a requested ward is absent from a census table.  Wards with no LSOA
    in the age lookup (ward codes changed since 2017) get no age figures; a note says which.
    """
    if shared_dir is None:
        from commonground.paths import shared_dir as default_shared_dir

        shared_dir = default_shared_dir()
    base = Path(shared_dir)
    paths = {key: base / value for key, value in DEFAULT_FILES.items()}
    for key, value in (files or {}).items():
        if key not in DEFAULT_FILES:
            raise KeyError(f"unknown file key {key!r}; expected one of {sorted(DEFAULT_FILES)}")
        paths[key] = Path(value) if Path(value).is_absolute() else base / value
    wanted = None if ward_codes is None else set(ward_codes)

    names, ethnic = _read_ethnicity(paths["ethnicity"], wanted)
    if wanted is not None and wanted - set(names):
        missing_wards = ", ".join(sorted(wanted - set(names)))
        raise PopulationError(f"{paths['ethnicity']}: no row for ward(s) {missing_wards}")
    if not names:
        raise PopulationError(f"{paths['ethnicity']}: no ward rows")
    order = sorted(names)
    wards = {code: names[code] for code in order}
    religion, not_answered = _read_religion(paths["religion"], set(order))
    if set(order) - set(religion):
        absent = ", ".join(sorted(set(order) - set(religion)))
        raise PopulationError(f"{paths['religion']}: no row for ward(s) {absent}")
    age = _read_age(paths["age"], paths["age_lookup"], set(order))

    notes = [
        "Age is the mid-2015 population estimate (IoD2019 denominators) in three bands "
        "(0–15, 16–59, 60+), summed from 2011 LSOAs best-fitted to 2017 wards: older and "
        "coarser than the 2021 census figures. The survey's 50–64 band is split 2:1 between "
        "16–59 and 60+ by years.",
        "Religion shares are of people who answered the census's voluntary question; "
        "'not answered' is kept aside.",
        "Ethnicity and religion totals differ slightly (ONS cell-key perturbation).",
    ]
    no_age = [w for w in order if sum(age[w].values()) == 0]
    if no_age:
        notes.append(f"No age figures for ward(s) {', '.join(no_age)} (not in the 2017 lookup).")

    by_ward: dict[str, dict[str, dict[str, float]]] = {
        "ethnicity": {w: ethnic["ethnicity"][w] for w in order},
        "ethnicity_broad": {w: ethnic["ethnicity_broad"][w] for w in order},
        "religion": {w: religion[w] for w in order},
        "age_band": {w: age[w] for w in order},
    }
    district: dict[str, dict[str, float]] = {}
    for dimension, wards_counts in by_ward.items():
        total: dict[str, float] = {}
        for counts in wards_counts.values():
            for category, count in counts.items():
                total[category] = total.get(category, 0.0) + count
        district[dimension] = total
    district["ward"] = {w: ethnic["ward"][w]["total"] for w in order}

    def rel(path: Path) -> str:
        try:
            return str(path.relative_to(base))
        except ValueError:
            return str(path)

    sources = [
        Source("ethnicity", rel(paths["ethnicity"]), "ONS Census 2021 TS021 Ethnic group",
               "21 March 2021", "usual residents, by ward"),
        Source("ward", rel(paths["ethnicity"]), "ONS Census 2021 TS021 (total)",
               "21 March 2021", "usual residents per ward"),
        Source("religion", rel(paths["religion"]), "ONS Census 2021 TS030 Religion",
               "21 March 2021", "usual residents who answered, by ward"),
        Source("age_band", rel(paths["age"]),
               "MHCLG IoD2019 File 6 population denominators (ONS mid-year estimates)",
               "mid-2015", f"LSOA 2011 to ward 2017 via {rel(paths['age_lookup'])}"),
    ]  # fmt: skip
    return PopulationProfile(
        wards=wards,
        by_ward=by_ward,
        district=district,
        aside={"religion": {"not_answered": sum(not_answered[w] for w in order)}},
        missing={"sex": SEX_MISSING},
        sources=sources,
        notes=notes,
    )

"""Census 2021 proportions for proposing quotas (the district's ward tables in shared data).

Reads the ONS bulk tables already used by measures/segregation (``TS021`` ethnic group and
``TS030`` religion, by ward).  A proposal gives, for each value, the share of usual residents;
age, sex, disability, class and orientation have no ward table here, so their proposals come
from the pool itself (shares among people who answered).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from commonground.paths import shared_dir

ETHNICITY_FILE = "bradford_wards_ts021_ethnic_group.csv"
RELIGION_FILE = "bradford_wards_ts030_religion.csv"

ETHNICITY_COLUMNS = {
    "asian": "Ethnic group: Asian, Asian British or Asian Welsh",
    "black": "Ethnic group: Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Ethnic group: Mixed or Multiple ethnic groups",
    "white": "Ethnic group: White",
    "other": "Ethnic group: Other ethnic group",
}
RELIGION_COLUMNS = {
    "none": "Religion: No religion",
    "christian": "Religion: Christian",
    "buddhist": "Religion: Buddhist",
    "hindu": "Religion: Hindu",
    "jewish": "Religion: Jewish",
    "muslim": "Religion: Muslim",
    "sikh": "Religion: Sikh",
    "other": "Religion: Other religion",
}


def _path(name: str) -> Path:
    return shared_dir() / "data" / "uk" / "census2021" / name


@lru_cache(maxsize=8)
def _rows(name: str) -> tuple[dict[str, str], ...]:
    path = _path(name)
    if not path.is_file():
        return ()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return tuple(csv.DictReader(handle))


def wards() -> list[tuple[str, str]]:
    """(ward code, ward name) of the district, by name; empty when the table is absent."""
    return sorted(
        ((r["geography code"], r["geography"]) for r in _rows(RELIGION_FILE)), key=lambda w: w[1]
    )


def proportions(feature: str) -> dict[str, float]:
    """Census share of each value of ``feature`` in the district ({} when not in the census)."""
    if feature == "area":
        rows = _rows(RELIGION_FILE)
        total = sum(float(r["Religion: Total: All usual residents"]) for r in rows)
        return (
            {
                r["geography code"]: float(r["Religion: Total: All usual residents"]) / total
                for r in rows
            }
            if total
            else {}
        )
    table = {
        "ethnicity": (ETHNICITY_FILE, ETHNICITY_COLUMNS),
        "religion": (RELIGION_FILE, RELIGION_COLUMNS),
    }
    if feature not in table:
        return {}
    name, columns = table[feature]
    rows = _rows(name)
    sums = {value: sum(float(r[column]) for r in rows) for value, column in columns.items()}
    total = sum(sums.values())
    return {value: count / total for value, count in sums.items()} if total else {}

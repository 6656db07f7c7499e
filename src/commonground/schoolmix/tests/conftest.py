"""The real school census file (shared data) and small edited copies of it."""

import csv
from pathlib import Path

import pytest

from commonground.paths import shared_dir

SCHOOLS = "schools_2022-23_bradford_plus10km_ethnicity_latlong.csv"


def school_file() -> Path:
    path = shared_dir() / "data" / "uk" / "schools" / SCHOOLS
    if not path.is_file():
        pytest.fail(f"shared school table not found: {path} (set COMMONGROUND_SHARED_DIR)")
    return path


@pytest.fixture
def schools_csv() -> Path:
    return school_file()


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path

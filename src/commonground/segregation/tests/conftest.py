"""Locate the shared 2021 census tables used by the segregation tests.

The shared data directory comes from ``commonground.paths.shared_dir()``.
Tests that need a file skip (with the path in the reason) when it is absent.
"""

from pathlib import Path

import pytest

from commonground.paths import shared_dir

WARD_TOTAL = "Ethnic group: Total: All usual residents"
PAKISTANI = "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani"
WHITE_BRITISH = "Ethnic group: White: English, Welsh, Scottish, Northern Irish or British"


def census_file(name: str) -> Path:
    path = shared_dir() / "data" / "uk" / "census2021" / name
    if not path.is_file():
        pytest.fail(f"shared census table not found: {path} (set COMMONGROUND_SHARED_DIR)")
    return path


@pytest.fixture
def ward_file() -> Path:
    return census_file("bradford_wards_ts021_ethnic_group.csv")


@pytest.fixture
def lsoa_file() -> Path:
    return census_file("ethnicity21_lsoa21_bradford.csv")


@pytest.fixture
def msoa_file() -> Path:
    return census_file("ethnicity21_msoa21_bradford.csv")

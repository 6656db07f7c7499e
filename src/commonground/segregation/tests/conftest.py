"""Locate the shared 2021 census tables used by the segregation tests.

The shared data directory is ``$COMMONGROUND_SHARED_DIR`` if set, else ``<repo root>/../shared``
where the repository root is the nearest directory above this file holding ``pyproject.toml``.
Tests that need a file skip (with the path in the reason) when it is absent.
"""

import os
from pathlib import Path

import pytest

WARD_TOTAL = "Ethnic group: Total: All usual residents"
PAKISTANI = "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani"
WHITE_BRITISH = "Ethnic group: White: English, Welsh, Scottish, Northern Irish or British"


def _repo_root() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    raise RuntimeError("no pyproject.toml above the segregation tests")


def shared_dir() -> Path:
    configured = os.environ.get("COMMONGROUND_SHARED_DIR")
    return Path(configured) if configured else _repo_root().parent / "shared"


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

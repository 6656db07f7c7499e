"""Fixtures: Bradford (core's), the real school census file and a loaded copy of it."""

from pathlib import Path

import pytest

from commonground.core.tests.conftest import (  # noqa: F401 (fixtures)
    english_between_tests,
    make_bradford,
)
from commonground.schoolmix.tests.conftest import school_file


@pytest.fixture
def schools_csv() -> Path:
    return school_file()


@pytest.fixture
def bradford(db):
    return make_bradford()


@pytest.fixture
def loaded(bradford, schools_csv):
    from commonground.schools.loader import load_schools

    return load_schools(schools_csv)

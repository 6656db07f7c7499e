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


@pytest.fixture
def few(db, schools_csv, tmp_path):
    """The 14 District primary schools nearest the first one in the file, loaded alone (fast;
    no District, so nothing is sent to Measures)."""
    import math

    from commonground.schoolmix.tests.conftest import read_rows, write_rows
    from commonground.schools.loader import load_schools

    header, rows = read_rows(schools_csv)
    col = {name: header.index(name) for name in ("lat", "long", "in_bradford")}
    phase = header.index("phase_type_grouping")
    district = [r for r in rows if r[col["in_bradford"]] == "TRUE" and r[phase].endswith("primary")]
    lat0, long0 = float(district[0][col["lat"]]), float(district[0][col["long"]])

    def km(r) -> float:
        dy = float(r[col["lat"]]) - lat0
        dx = (float(r[col["long"]]) - long0) * math.cos(math.radians(lat0))
        return math.hypot(dx, dy)

    chosen = sorted(district, key=km)[:14]
    load_schools(write_rows(tmp_path / "few.csv", header, chosen))
    from commonground.schools.models import School

    return list(School.objects.order_by("urn"))


@pytest.fixture
def officer(db):
    from commonground.core.roles import Role
    from commonground.testing.people import make_user

    return make_user("officer", Role.OFFICER)


@pytest.fixture
def confirmed(few, officer):
    """A confirmed 2027/28 primary year on twelve schools (its pairs waiting for answers)."""
    from decimal import Decimal

    from commonground.schools import actions

    item = actions.create_year(actor=officer, year="2027/28", phase="primary", max_km=Decimal(5))
    actions.set_participants(
        actor=officer, linking_year=item, rows=[(s, 1, "Year 4") for s in few[:12]]
    )
    actions.propose(actor=officer, linking_year=item)
    return actions.confirm_year(actor=officer, linking_year=item)

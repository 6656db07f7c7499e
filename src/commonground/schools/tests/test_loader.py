"""`commonground schools load`: idempotent, ids kept, bad files change nothing, Measures fed."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commonground.core.models import AuditEvent
from commonground.measures.models import Indicator, Observation
from commonground.schoolmix.reader import SchoolFileError
from commonground.schoolmix.tests.conftest import read_rows, write_rows
from commonground.schools.loader import load_schools
from commonground.schools.models import School, SchoolCensus


@pytest.mark.django_db
def test_load_twice_keeps_ids_and_adds_nothing(loaded, schools_csv: Path) -> None:
    assert loaded.schools_created == 507 and loaded.censuses_created == 507
    ids = dict(School.objects.values_list("urn", "pk"))
    again = load_schools(schools_csv)
    assert (again.schools_created, again.schools_updated, again.censuses_created) == (0, 0, 0)
    assert dict(School.objects.values_list("urn", "pk")) == ids
    assert again.figures == {"created": 0, "corrected": 0, "unchanged": 4}
    assert AuditEvent.objects.filter(action="schools.census_loaded").count() == 2


@pytest.mark.django_db
def test_counts_flow_into_measures(loaded) -> None:
    more = Indicator.objects.get(slug="schools-more-white-british-than-neighbours")
    figures = {o.breakdown: o for o in Observation.objects.filter(indicator=more, is_current=True)}
    assert figures["phase=primary"].numerator == 38 and figures["phase=primary"].denominator == 156
    assert figures["phase=secondary"].numerator == 14
    assert figures["phase=primary"].period == "2022/23"
    less = Indicator.objects.get(slug="schools-less-white-british-than-neighbours")
    assert (
        Observation.objects.get(
            indicator=less, breakdown="phase=secondary", is_current=True
        ).numerator
        == 9
    )


@pytest.mark.django_db
def test_later_census_is_a_new_year(loaded, tmp_path: Path, schools_csv: Path) -> None:
    header, rows = read_rows(schools_csv)
    col = header.index("time_period")
    for row in rows:
        row[col] = "202324"
    result = load_schools(write_rows(tmp_path / "next.csv", header, rows))
    assert (
        result.year == "2023/24" and result.schools_created == 0 and result.censuses_created == 507
    )
    assert SchoolCensus.objects.filter(school__urn="107286").count() == 2


@pytest.mark.django_db
def test_bad_file_changes_nothing(loaded, tmp_path: Path, schools_csv: Path) -> None:
    header, rows = read_rows(schools_csv)
    rows[0][header.index("school_name")] = "Renamed"
    rows[10][header.index("headcount of pupils")] = "1"
    bad = write_rows(tmp_path / "bad.csv", header, rows)
    with pytest.raises(SchoolFileError, match=r'line 12, column "headcount of pupils"'):
        load_schools(bad)
    assert not School.objects.filter(name="Renamed").exists()
    with pytest.raises(CommandError, match="line 12"):
        call_command("schools", "load", str(bad))

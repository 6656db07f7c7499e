"""Loading Bradford's geography from the real ONS files in shared/data/uk."""

import gzip
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from commonground.core.areas.sources import AreaDataError, read_district
from commonground.core.models import Area, AuditEvent

UK = settings.SHARED_DIR / "data" / "uk"
BRADFORD = "E08000032"


def test_reading_bradford_gives_30_wards_61_msoas_312_lsoas():
    areas = read_district(UK, BRADFORD)

    assert areas.district.name == "Bradford"
    assert len(areas.wards) == 30
    assert len(areas.msoas) == 61
    assert len(areas.lsoas) == 312
    assert {w.code for w in areas.wards} == {f"E0500{n}" for n in range(1341, 1371)}
    # Census 2021 usual residents by ward (TS021) add up to the district's 546,403.
    assert areas.district.population == 546_403
    assert all(
        w.boundary and w.boundary["type"] in {"Polygon", "MultiPolygon"} for w in areas.wards
    )


def test_every_lsoa_sits_in_a_ward_and_an_msoa():
    areas = read_district(UK, BRADFORD)
    ward_codes = {w.code for w in areas.wards}
    msoa_codes = {m.code for m in areas.msoas}

    assert all(lsoa.parent_code in ward_codes for lsoa in areas.lsoas)
    assert all(lsoa.statistical_parent_code in msoa_codes for lsoa in areas.lsoas)
    # The four LSOAs split in 2021 have no 2011 polygon; every other LSOA has one.
    assert sum(1 for lsoa in areas.lsoas if lsoa.boundary is None) == 4


@pytest.mark.django_db
def test_load_areas_command_builds_the_hierarchy_and_is_idempotent():
    call_command("load_areas", district=BRADFORD, data_dir=UK, verbosity=0)
    tong = Area.objects.get(name="Tong", level="ward")
    first_pk = tong.pk

    call_command("load_areas", district=BRADFORD, data_dir=UK, verbosity=0)

    assert Area.objects.wards().count() == 30
    assert Area.objects.lsoas().count() == 312
    assert Area.objects.get(code=tong.code).pk == first_pk
    assert tong.parent.code == BRADFORD
    assert tong.children.count() > 5
    lsoa = tong.children.first()
    assert lsoa.ancestors() == [tong, tong.parent]
    assert lsoa.statistical_parent.level == "msoa"
    assert AuditEvent.objects.filter(action="areas.loaded").count() == 2


def test_a_missing_column_is_named_with_file_and_line(tmp_path):
    bad = tmp_path / "uk"
    shutil.copytree(UK / "lookups", bad / "lookups")
    path = bad / "lookups" / "lookup_lsoa21_ward24_ltla24.csv.gz"
    with gzip.open(path, "wt") as handle:
        handle.write("lsoa21_code,lsoa21_name\nE01,X\n")

    with pytest.raises(
        AreaDataError, match=r"lookup_lsoa21_ward24_ltla24.csv.gz:1: missing column"
    ):
        read_district(bad, BRADFORD)


@pytest.mark.django_db
def test_an_unknown_district_fails_clearly_and_saves_nothing():
    with pytest.raises(CommandError, match="no rows for district E99999999"):
        call_command("load_areas", district="E99999999", data_dir=UK, verbosity=0)
    assert not Area.objects.exists()

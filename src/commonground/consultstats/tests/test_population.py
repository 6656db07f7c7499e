"""Census profiles read from the real shared files, checked against the files' own columns."""

from __future__ import annotations

import csv
import gzip

import pytest

from commonground.consultstats.categories import ETHNIC_BROAD, ETHNIC_GROUPS, RELIGION
from commonground.consultstats.population import (
    AGE_BAND_SPLIT,
    DEFAULT_FILES,
    PopulationError,
    load_profile,
    survey_age_counts,
)
from commonground.paths import shared_dir

from .conftest import shared_file

pytestmark = pytest.mark.engine

PAKISTANI = "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani"
TOTAL = "Ethnic group: Total: All usual residents"


def read_csv(name: str) -> list[dict[str, str]]:
    path = shared_file(name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bradford_pakistani_share_from_the_files_own_columns(profile):
    rows = read_csv(DEFAULT_FILES["ethnicity"])
    expected = sum(int(r[PAKISTANI]) for r in rows) / sum(int(r[TOTAL]) for r in rows)
    assert profile.shares("ethnicity")["pakistani"] == pytest.approx(expected)
    assert 0.2 < expected < 0.3  # about a quarter of Bradford, as published


def test_ward_totals_sum_to_the_district_and_groups_to_their_ward(profile):
    rows = read_csv(DEFAULT_FILES["ethnicity"])
    assert len(profile.wards) == 30
    assert profile.wards["E05001341"] == "Baildon"
    assert sum(profile.ward_totals.values()) == sum(int(r[TOTAL]) for r in rows) == 546_403
    for ward, total in profile.ward_totals.items():
        assert sum(profile.counts("ethnicity", ward).values()) == total
        assert sum(profile.counts("ethnicity_broad", ward).values()) == total
    assert set(profile.district["ethnicity"]) == {c.code for c in ETHNIC_GROUPS}
    broad = profile.district["ethnicity_broad"]
    for group in ETHNIC_BROAD:
        members = [c.code for c in ETHNIC_GROUPS if c.broad == group.code]
        assert sum(profile.district["ethnicity"][m] for m in members) == broad[group.code]


def test_religion_kept_apart_from_not_answered(profile):
    rows = read_csv(DEFAULT_FILES["religion"])
    answered = {c.code: sum(int(r[f"Religion: {c.census_label}"]) for r in rows) for c in RELIGION}
    assert profile.district["religion"] == answered
    not_answered = sum(int(r["Religion: Not answered"]) for r in rows)
    assert profile.aside["religion"]["not_answered"] == not_answered
    total = sum(int(r["Religion: Total: All usual residents"]) for r in rows)
    assert sum(answered.values()) + not_answered == total
    assert sum(profile.shares("religion").values()) == pytest.approx(1)


def test_age_is_mid_2015_rolled_up_from_lsoas(profile):
    """Every Bradford 2011 LSOA lies in one of its 30 wards, so the wards' mid-2015 bands add
    up to the district's rows of the IoD2019 denominators file."""
    rows = [
        r for r in read_csv(DEFAULT_FILES["age"])
        if r["Local Authority District code (2019)"] == "E08000032"
    ]  # fmt: skip
    assert len(rows) == 310
    column = "Older population aged 60 and over: mid 2015 (excluding prisoners)"
    expected = sum(int(r[column].replace(",", "")) for r in rows)
    assert profile.district["age_band"]["60_plus"] == expected
    everyone = "Total population: mid 2015 (excluding prisoners)"
    assert sum(profile.district["age_band"].values()) == sum(
        int(r[everyone].replace(",", "")) for r in rows
    )
    assert any("mid-2015" in note for note in profile.notes)
    assert {s.dimension: s.date for s in profile.sources}["age_band"] == "mid-2015"


def test_sex_is_missing_not_invented(profile):
    assert "sex" in profile.missing
    assert "sex" not in profile.margins()
    with pytest.raises(KeyError, match="sex"):
        profile.shares("sex")


def test_ward_subset_and_margins():
    two = ["E05001346", "E05001354"]  # Bradford Moor, Ilkley
    small = load_profile(shared_dir(), two)
    assert list(small.wards) == two
    margins = small.margins(["ethnicity_broad", "ward"])
    assert sum(margins["ward"].values()) == sum(margins["ethnicity_broad"].values())
    with pytest.raises(PopulationError, match="E09999999"):
        load_profile(shared_dir(), ["E05001346", "E09999999"])


def test_survey_age_bands_on_census_bands():
    """90 respondents aged 50–64 count 60 in 16–59 and 30 in 60+ (ten years against five)."""
    coarse = survey_age_counts({"16_24": 10, "50_64": 90, "65_plus": 5, "prefer_not": 3})
    assert coarse == pytest.approx({"0_15": 0, "16_59": 70, "60_plus": 35})
    assert all(sum(split.values()) == pytest.approx(1) for split in AGE_BAND_SPLIT.values())


def test_a_wrong_file_names_file_and_column(tmp_path):
    source = shared_file(DEFAULT_FILES["ethnicity"])
    text = source.read_text(encoding="utf-8").replace("Ethnic group: White: Roma", "Roma", 1)
    broken = tmp_path / "ts021.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(PopulationError, match=r"ts021\.csv: no column 'Ethnic group: White: Roma'"):
        load_profile(shared_dir(), files={"ethnicity": broken})

"""Indicators from the strategy's baseline figures, and census-derived figures."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from commonground.core.strategy.loader import load_strategy_file
from commonground.measures.census import load_census
from commonground.measures.models import Indicator, Observation
from commonground.measures.strategy import sync_strategy

BRADFORD_FILE = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"
CENSUS = settings.SHARED_DIR / "data" / "uk" / "census2021"


def test_sync_makes_one_indicator_per_figure_with_its_baseline(strategy):
    result = sync_strategy(strategy)
    assert result.created == 3
    satisfied = Indicator.objects.get(slug="satisfied-with-area")
    assert satisfied.baseline_value == Decimal(66)
    assert satisfied.pillar.slug == "feeling-safe" and satisfied.direction == "higher"
    baseline = Observation.objects.get(indicator=satisfied)
    assert (baseline.period, baseline.value, baseline.area.code) == ("2017", 66, "E08000032")
    again = sync_strategy(strategy)
    assert again.created == 0 and again.counts.unchanged == 3 and again.counts.created == 0


def test_bradfords_strategy_file_yields_every_figure(bradford):
    load_strategy_file(BRADFORD_FILE)
    call_command("measures", "sync-strategy")
    with_values = Observation.objects.filter(origin="strategy")
    # 38 figures; 3 are stated only in words, so 35 have a number to record.
    assert with_values.count() == 35
    keighley = with_values.get(area__code="E05001357")
    assert keighley.indicator.slug == "living-harmoniously" and keighley.value == Decimal("38.9")
    strands = with_values.filter(indicator__slug="hate-crimes-by-strand")
    assert sorted(strands.values_list("breakdown", flat=True)) == [
        "strand=disability",
        "strand=faith",
        "strand=race",
        "strand=sexual-orientation",
    ]
    assert Indicator.objects.get(slug="progress-8-improvement").baseline_text


@pytest.mark.skipif(not CENSUS.exists(), reason=f"no census tables at {CENSUS}")
def test_census_indicators_reproduce_the_segregation_reference_figures(strategy):
    result = load_census()
    assert "ward-dissimilarity-pakistani-white-british" in result.indicators
    district = {
        o.indicator.slug: float(o.value)
        for o in Observation.objects.filter(area__code="E08000032", breakdown="").select_related(
            "indicator"
        )
    }
    # docs/segregation.md, "Reference figures (Bradford, Census 2021)"
    assert district["ward-dissimilarity-pakistani-white-british"] == pytest.approx(
        0.671922, abs=1e-6
    )
    assert district["ward-isolation-pakistani"] == pytest.approx(0.484087, abs=1e-6)
    assert district["lsoa-multigroup-dissimilarity"] == pytest.approx(0.594218, abs=1e-6)
    assert district["lsoa-multigroup-theil-h"] == pytest.approx(0.314609, abs=1e-6)
    # Five of Bradford's wards are loaded in the fixture; the others are reported skipped.
    tong = Observation.objects.get(
        indicator__slug="religion-share", area__code="E05001365", breakdown="religion=muslim"
    )
    assert tong.denominator > 0 and 0 < tong.value < 100
    assert result.skipped_areas["ethnic-composition"]
    assert load_census().counts.created == 0  # idempotent


@pytest.mark.skipif(not CENSUS.exists(), reason=f"no census tables at {CENSUS}")
def test_stored_indices_equal_the_segregation_package_to_1e10(strategy):
    """Stored figures are the package's numbers; segregation/tests/test_pysal.py checks the
    package against PySAL to 1e-9 on the same tables, so pages match PySAL to 1e-9 too."""
    from commonground import segregation

    load_census(only=[
        "ward-dissimilarity-pakistani-white-british",
        "ward-isolation-pakistani",
        "lsoa-multigroup-dissimilarity",
        "lsoa-multigroup-theil-h",
    ])  # fmt: skip
    stored = {
        o.indicator.slug: float(o.value)
        for o in Observation.objects.filter(area__code="E08000032").select_related("indicator")
    }
    ward_file = CENSUS / "bradford_wards_ts021_ethnic_group.csv"
    pak = "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani"
    wbri = "Ethnic group: White: English, Welsh, Scottish, Northern Irish or British"
    pair = segregation.read_table(ward_file, area="geography code", groups=[pak, wbri])
    every = segregation.read_table(
        ward_file,
        area="geography code",
        groups=[pak],
        total="Ethnic group: Total: All usual residents",
    )
    lsoas = segregation.read_long_table(
        CENSUS / "ethnicity21_lsoa21_bradford.csv",
        area="lsoa21_code",
        group_column="ethnic_group",
        count_column="n",
    )
    expected = {
        "ward-dissimilarity-pakistani-white-british": segregation.dissimilarity(
            pair.counts[:, 0], pair.counts.sum(axis=1)
        ),
        "ward-isolation-pakistani": segregation.isolation(every.counts[:, 0], every.total),
        "lsoa-multigroup-dissimilarity": segregation.multigroup_dissimilarity(lsoas.counts),
        "lsoa-multigroup-theil-h": segregation.multigroup_theil_h(lsoas.counts),
    }
    for slug, value in expected.items():
        assert abs(stored[slug] - value) <= 5e-11, slug  # stored to 10 decimal places

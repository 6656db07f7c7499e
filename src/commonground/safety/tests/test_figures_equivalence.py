"""The figures are counted in the database from covering indexes (``figures._strand_counts``,
``figures.daily_counts``) for speed; these tests count the same reports the plain way, one
report at a time in Python, and require the same numbers: the speed-ups change no figure."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from commonground.measures.disclosure import is_suppressed
from commonground.measures.suppression import threshold
from commonground.safety import figures
from commonground.safety.models import IncidentReport, Strand
from commonground.spatial import classify, gi_star

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_reports(places):
    """150 reports over two financial years and fifteen months, in both wards, in LSOAs or
    none, some without a ward, a third triaged with strands confirmed (sometimes others)."""
    rng = random.Random(15)
    strands = list(Strand.objects.all())
    wards = [places["ward"], places["other_ward"], None]
    lsoas = [a for k, a in places.items() if k.startswith("lsoa")] + [None]
    for n in range(150):
        lsoa = rng.choice(lsoas)
        ward = lsoa.parent if lsoa is not None else rng.choice(wards)
        report = IncidentReport.objects.create(
            reference=f"HR-TEST-{n:04d}",
            secret_hash="x",
            reporter_role="victim",
            occurred_on=date(2025, 1, 10) + timedelta(days=rng.randrange(450)),
            lsoa=lsoa,
            ward=ward,
            reported_to_police="no",
            risk=rng.choice(["", "", "standard", "high"]),
        )
        report.strands.set(rng.sample(strands, rng.choice([1, 1, 2])))
        if report.risk:
            report.confirmed_strands.set(rng.sample(strands, rng.choice([0, 1, 2])))
    return list(IncidentReport.objects.prefetch_related("strands", "confirmed_strands"))


def test_strand_by_ward_counts_match_counting_each_report(mixed_reports):
    for year in ("2024/25", "2025/26"):
        start, end = figures.year_bounds(year)
        expected: Counter = Counter()
        for report in mixed_reports:
            if not start <= report.occurred_on <= end:
                continue
            named = report.confirmed_strands.all() if report.risk else report.strands.all()
            for strand in named:
                expected[
                    (strand.pk, str(report.ward_id) if report.ward_id else figures.NO_WARD)
                ] += 1
        table = figures.strand_ward_table(year)
        assert {k: f.value for k, f in table.cells.items()} == dict(expected)
        totals: Counter = Counter()
        for (strand_id, _ward), n in expected.items():
            totals[strand_id] += n
        assert {k: f.value for k, f in table.totals.items()} == dict(totals)
        in_year = sum(start <= r.occurred_on <= end for r in mixed_reports)
        assert table.reports.value == in_year > 0


def test_monthly_counts_and_years_match_counting_each_report(mixed_reports):
    by_month = Counter(r.occurred_on.replace(day=1) for r in mixed_reports)
    newest = sorted(by_month)[-12:]
    got = figures.monthly()
    assert [(m, f.value) for m, f in got] == [(m, by_month[m]) for m in newest]
    below = threshold()
    assert [f.withheld for _m, f in got] == [
        is_suppressed("count", by_month[m], below=below) for m in newest
    ]
    assert figures.years() == sorted(
        {figures.financial_year(r.occurred_on) for r in mixed_reports}, reverse=True
    )
    assert len(figures.monthly(months=3)) == 3
    days = figures.daily_counts()
    assert figures.monthly(days=days) == got and figures.years(days) == figures.years()


def test_hotspots_use_the_same_counts_as_counting_each_report(mixed_reports):
    year = "2025/26"
    start, end = figures.year_bounds(year)
    areas, neighbours = figures._lsoa_neighbours()
    counts = Counter(
        r.lsoa_id for r in mixed_reports if r.lsoa_id and start <= r.occurred_on <= end
    )
    result = gi_star([counts.get(a.pk, 0) for a in areas], neighbours)
    expected = {
        a.code: float(z) for a, z in zip(areas, result.z, strict=True) if classify(float(z))
    }
    assert {h.area.code: h.z for h in figures.hotspots(year)} == expected

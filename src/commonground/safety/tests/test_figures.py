"""The figures page: counts by strand and ward withheld under the threshold (with what they
could be worked out from), police figures beside them, and hotspots."""

from datetime import date

import pytest
from django.urls import reverse

from commonground.safety import figures
from commonground.safety.models import IncidentReport

from .conftest import make_report

pytestmark = pytest.mark.django_db


def test_financial_years():
    assert figures.financial_year(date(2026, 3, 31)) == "2025/26"
    assert figures.financial_year(date(2026, 4, 1)) == "2026/27"
    assert figures.year_bounds("2026/27") == (date(2026, 4, 1), date(2027, 3, 31))


def test_small_counts_are_withheld_with_their_complement(places):
    for _ in range(7):
        make_report(ward=places["ward"], strands=("race",))
    for _ in range(2):
        make_report(ward=places["other_ward"], strands=("race",))
    table = figures.strand_ward_table("2026/27")
    race = next(s for s in table.strands if s.slug == "race")
    city = table.cells[(race.pk, str(places["ward"].pk))]
    bingley = table.cells[(race.pk, str(places["other_ward"].pk))]
    total = table.totals[race.pk]
    assert bingley.withheld  # 2 < 5
    assert total.value == 9 and not total.withheld
    assert city.withheld  # else 9 − 7 gives Bingley's 2
    assert table.reports.shown == 9


def test_confirmed_strands_replace_the_reporters_after_triage(places, people):
    from commonground.safety import actions
    from commonground.safety.models import Strand

    for _ in range(5):
        report, _ = make_report(ward=places["ward"], strands=("race",))
    actions.triage(
        actor=people["caseworker"],
        report=report,
        risk="standard",
        confirmed_strands=[Strand.objects.get(slug="religion")],
        linked=[],
    )
    table = figures.strand_ward_table("2026/27")
    by_slug = {s.slug: table.totals.get(s.pk) for s in table.strands}
    assert by_slug["race"].value == 4 and by_slug["religion"].value == 1


def test_police_figures_are_read_from_the_shared_files():
    west_yorkshire = dict(figures.police_by_year())
    assert west_yorkshire["2018/19"]["Race"] == 6151
    assert west_yorkshire["2018/19"]["Religion"] == 452
    assert west_yorkshire["2022/23"]["Transgender"] == 328


def test_hotspot_of_many_reports_in_one_lsoa(places):
    for _ in range(6):
        make_report(lsoa=places["lsoa0"])
    spots = figures.hotspots("2026/27")
    # three LSOAs only: Gi* is defined, and whatever it finds is classified by |z| > 1.96
    assert all(abs(s.z) > 1.96 for s in spots)
    assert all(s.kind in ("hot", "cold") for s in spots)


def test_page_is_public_and_shows_withheld_marks(client, places):
    for _ in range(6):
        make_report(ward=places["ward"])
    make_report(ward=places["other_ward"])
    response = client.get(reverse("safety:figures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "[c]" in html
    assert "6151" in html  # West Yorkshire, race, 2018/19
    assert IncidentReport.objects.count() == 7
    assert "bus stop" not in html

"""Monthly incident counts by ward flow into Measures, where small counts are withheld."""

from __future__ import annotations

from datetime import date

import pytest

from commonground.core.models import AuditEvent
from commonground.measures.models import Indicator, Observation
from commonground.safety import actions
from commonground.safety.events import SafetyEvent

from .conftest import client_for, make_report

pytestmark = pytest.mark.django_db


def _reports(places):
    for day in range(1, 7):  # six in City in March
        make_report(occurred_on=date(2026, 3, day), ward=places["ward"])
    for day in (2, 3):  # two in Bingley in March
        make_report(occurred_on=date(2026, 3, day), ward=places["other_ward"])
    make_report(occurred_on=date(2026, 4, 2), ward=places["ward"])  # the current month
    make_report(occurred_on=date(2026, 2, 10), ward=None)  # no ward known


def test_publish_monthly_counts_by_ward_and_district(places, people):
    _reports(places)
    result = actions.publish_figures(actor=people["officer"], today=date(2026, 4, 15))
    indicator = Indicator.objects.get(slug=actions.INDICATOR_SLUG)
    assert indicator.unit == "count"
    current = {
        (o.area.name, o.period): int(o.value)
        for o in Observation.objects.filter(indicator=indicator, is_current=True).select_related(
            "area"
        )
    }
    assert current == {
        ("Bradford", "2026-02"): 1,
        ("City", "2026-02"): 0,
        ("Bingley", "2026-02"): 0,
        ("Bradford", "2026-03"): 8,
        ("City", "2026-03"): 6,
        ("Bingley", "2026-03"): 2,
    }
    assert {o.origin for o in Observation.objects.filter(indicator=indicator)} == {"safety"}
    assert result["created"] == 6 and result["months"] == 2
    # again: nothing new; a late report for March: a corrected version, not an edit
    again = actions.publish_figures(actor=people["officer"], today=date(2026, 4, 15))
    assert again["created"] == 0 and again["unchanged"] == 6
    make_report(occurred_on=date(2026, 3, 20), ward=places["other_ward"])
    later = actions.publish_figures(actor=people["officer"], today=date(2026, 4, 16))
    assert later["corrected"] == 2  # Bingley and the District
    assert AuditEvent.objects.filter(action=SafetyEvent.FIGURES_PUBLISHED).count() == 3


def test_measures_withholds_the_small_counts(places, people):
    from commonground.measures.suppression import is_suppressed, secondary_withheld, threshold

    _reports(places)
    actions.publish_figures(actor=people["officer"], today=date(2026, 4, 15))
    indicator = Indicator.objects.get(slug=actions.INDICATOR_SLUG)
    bingley = Observation.objects.get(
        indicator=indicator, area=places["other_ward"], period="2026-03", is_current=True
    )
    city = Observation.objects.get(
        indicator=indicator, area=places["ward"], period="2026-03", is_current=True
    )
    assert is_suppressed("count", bingley.value, below=threshold())
    # City's 6 could give Bingley's 2 away (8 − 6): Measures withholds it as a complement
    withheld = secondary_withheld({indicator.pk: "count"}, [(indicator.pk, "2026-03")])
    assert not is_suppressed("count", city.value, below=threshold())
    assert (indicator.pk, places["ward"].pk, "2026-03", "") in withheld


def test_only_officers_publish_through_the_button(places, people):
    _reports(places)
    for role in ("caseworker", "partner", "board", "resident", "admin"):
        assert client_for(people[role]).post("/safety/figures/publish/").status_code == 403
    assert not Observation.objects.exists()
    response = client_for(people["officer"]).post("/safety/figures/publish/", follow=True)
    assert response.status_code == 200
    assert "Sent to Measures" in response.content.decode()
    assert Observation.objects.filter(origin="safety").exists()

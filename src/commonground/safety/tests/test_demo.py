"""The demo: a caseworker account, a reporting centre and invented reports that the figures
page can show."""

import pytest
from django.contrib.auth.models import Group

from commonground.core.models import Organisation
from commonground.safety import demo, figures
from commonground.safety.models import IncidentReport, ReportingCentre

pytestmark = pytest.mark.django_db


def test_load_demo(places):
    Group.objects.get_or_create(name="caseworker")
    Organisation.objects.create(name="Bradford Hate Crime Alliance", slug="bhca")
    said = []
    accounts = demo.load_demo(said.append)
    assert [(a[0], a[2]) for a in accounts] == [("caseworker", "Caseworker")]
    assert IncidentReport.objects.count() == demo.DEMO_REPORTS
    assert ReportingCentre.objects.get().organisation.slug == "bhca"
    assert said == [f"safety: {demo.DEMO_REPORTS} demo incident reports (invented)"]
    assert figures.years()
    demo.load_demo(said.append)  # again: no duplicates
    assert IncidentReport.objects.count() == demo.DEMO_REPORTS

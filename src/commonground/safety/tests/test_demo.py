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
    assert said == [
        f"safety: {demo.DEMO_REPORTS} demo incident reports (invented)",
        "safety: no officer or partner yet: demo tension reports skipped",
    ]
    assert figures.years()
    demo.load_demo(said.append)  # again: no duplicates
    assert IncidentReport.objects.count() == demo.DEMO_REPORTS


def test_demo_tension_reports_alert_and_myths(places):
    from commonground.core.models import Area
    from commonground.core.roles import Role
    from commonground.safety.models import Myth, MythQuestion, TensionAlert, TensionReport
    from commonground.testing.people import make_user

    Area.objects.create(code="E05001350", name="Heaton", level="ward", parent=places["district"])
    organisation = Organisation.objects.create(name="Faith Forum", slug="faith-forum")
    officer = make_user("officer", Role.OFFICER)
    make_user("partner", Role.PARTNER, organisation=organisation)
    said = []
    demo.load_demo(said.append)
    assert "safety: 7 demo tension reports (invented), one alert" in said
    assert TensionReport.objects.count() == 7
    alert = TensionAlert.objects.get()
    assert (alert.rose_from, alert.level, alert.ward.name) == (2, 3, "Heaton")
    assert list(alert.recipients.all()) == [officer]
    assert Myth.objects.filter(published_at__isnull=False).count() == 2
    assert Myth.objects.get(slug="fund-preferential-treatment").sources[0]["url"] == "/fund/"
    assert MythQuestion.objects.count() == 1
    # the partner reports on the three wards, weekly on Bingley, last read 13 days ago
    from commonground.safety import waiting
    from commonground.safety.models import TensionSchedule

    assert sorted(TensionSchedule.objects.values_list("ward__name", "every_days")) == [
        ("Bingley", 7),
        ("City", 14),
        ("Heaton", 14),
    ]
    partner = organisation.memberships.get().user
    overdue = [t for t in waiting.tasks(partner) if "tension report" in t.text]
    assert len(overdue) == 1 and "Bingley" in overdue[0].text

    demo.load_demo(said.append)  # again: nothing doubled
    assert (TensionReport.objects.count(), TensionAlert.objects.count()) == (7, 1)
    assert (Myth.objects.count(), MythQuestion.objects.count()) == (2, 1)


def test_demo_caseworker_acts_for_the_council(places):
    Group.objects.get_or_create(name="caseworker")
    council = Organisation.objects.create(name="Bradford Council", slug="council", kind="council")
    demo.load_demo([].append)
    from commonground.core.models import User

    assert User.objects.get(username=demo.CASEWORKER).may_act_for(council)

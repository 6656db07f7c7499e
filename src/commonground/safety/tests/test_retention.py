"""Personal details are deleted after the retention period; the anonymous record stays."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from commonground.core.models import AuditEvent
from commonground.safety import actions
from commonground.safety.models import IncidentReport

from .conftest import make_report

pytestmark = pytest.mark.django_db


def test_closed_reports_past_retention_lose_personal_details(people, places, monkeypatch):
    monkeypatch.setenv("SAFETY_RETENTION_DAYS", "30")
    old, _ = make_report(contact_name="Sam", place_text="Oak Lane", lsoa=places["lsoa0"])
    actions.refer(
        actor=people["caseworker"],
        report=old,
        service="police",
        consent_given=True,
        notes="Sam agreed",
    )
    actions.close(actor=people["caseworker"], report=old, outcome="referred")
    recent, _ = make_report(contact_name="Kim")
    actions.close(actor=people["caseworker"], report=recent, outcome="supported")
    still_open, _ = make_report(contact_name="Lee")
    IncidentReport.objects.filter(pk__in=[old.pk, still_open.pk]).update(
        closed_at=timezone.now() - timedelta(days=31)
    )
    IncidentReport.objects.filter(pk=still_open.pk).update(closed_at=None)

    call_command("safety", "delete-personal-details")

    old.refresh_from_db()
    assert old.description == old.contact_name == old.place_text == ""
    assert old.referrals.get().notes == ""
    assert old.personal_details_deleted_at is not None
    assert old.lsoa == places["lsoa0"] and old.outcome == "referred"
    assert list(old.strands.values_list("slug", flat=True)) == ["race"]
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.contact_name == "Kim" and still_open.contact_name == "Lee"
    event = AuditEvent.objects.get(action="safety.personal_details_deleted")
    assert event.data == {"reports": 1, "retention_days": 30}
    assert actions.delete_personal_details() == 0  # nothing twice

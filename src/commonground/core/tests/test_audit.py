"""The audit trail can be added to but never rewritten."""

import pytest

from commonground.core import audit
from commonground.core.models import Area, AuditEvent, User


@pytest.mark.django_db
def test_record_keeps_who_did_what_to_which_object():
    officer = User.objects.create_user("officer1", password="a-long-password")
    ward = Area.objects.create(code="E05001370", name="Wyke", level="ward")

    event = audit.record("area.renamed", actor=officer, obj=ward, reason="ONS rename")

    assert event.actor_label == "officer1"
    assert (event.object_type, event.object_id) == ("core.area", str(ward.pk))
    assert AuditEvent.objects.get().reason == "ONS rename"


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    event = audit.record("strategy.loaded", actor_label="load-strategy")
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()

"""Taking attendance: a code from another event is refused, a code counts once."""

import pytest
from django.core.exceptions import ValidationError

from commonground.core.models import AuditEvent
from commonground.involved import actions
from commonground.involved.models import Registration

from .conftest import new_event


@pytest.mark.django_db
def test_a_code_checks_in_once(people, event):
    registration = actions.register(actor=people["alice"], event=event)
    done = actions.check_in(actor=people["organiser"], event=event, code=registration.code)
    assert done.checked_in_at is not None
    with pytest.raises(ValidationError, match="already been used"):
        actions.check_in(actor=people["organiser"], event=event, code=registration.code)
    assert AuditEvent.objects.filter(action="involved.registration.checked_in").count() == 1


@pytest.mark.django_db
def test_a_code_from_another_event_is_refused_and_changes_nothing(people, event):
    other = new_event(people, title="Faith walk through Manningham", kind="faith_walk")
    elsewhere = actions.register(actor=people["alice"], event=other)
    with pytest.raises(ValidationError, match="another event: Faith walk"):
        actions.check_in(actor=people["organiser"], event=event, code=elsewhere.code)
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


@pytest.mark.django_db
def test_a_scanned_address_is_read_for_its_code(people, event):
    registration = actions.register(actor=people["alice"], event=event)
    url = f"https://example.org/involved/check-in/{registration.code}/"
    actions.check_in(actor=people["organiser"], event=event, code=url)
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


@pytest.mark.django_db
def test_the_wait_list_and_unknown_codes_are_refused(people, event):
    for name in ("alice", "bob"):
        actions.register(actor=people[name], event=event)
    waiting = actions.register(actor=people["carol"], event=event)
    with pytest.raises(ValidationError, match="no confirmed place"):
        actions.check_in(actor=people["organiser"], event=event, code=waiting.code)
    with pytest.raises(ValidationError, match="No registration has this code"):
        actions.check_in(actor=people["organiser"], event=event, code="nonsense")
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()

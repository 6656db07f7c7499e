"""Details past their deletion date are erased (contact deleted, characteristics blanked),
except a serving member's; the reference stays; the command runs it; it is audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.people import actions
from commonground.people.models import ContactDetails, MemberStatus, PanelMember, Respondent

from .conftest import make_user

pytestmark = pytest.mark.django_db


def _with_contacts(pool) -> None:
    for person in pool.respondents.all():
        ContactDetails.objects.create(respondent=person, name=f"Person {person.reference}")


def test_only_respondents_past_their_date_are_erased(officer, pool):
    _with_contacts(pool)
    today = timezone.localdate()
    Respondent.objects.filter(reference__in=["r000", "r001"]).update(delete_after=today)
    Respondent.objects.filter(reference="r002").update(delete_after=today + timedelta(days=1))
    assert actions.erase_expired(actor=officer, today=today) == 2
    gone = Respondent.objects.get(reference="r000")
    assert gone.characteristics == {} and gone.household_key == "" and gone.withdrawn
    assert gone.erased_on == today and not ContactDetails.objects.filter(respondent=gone).exists()
    kept = Respondent.objects.get(reference="r002")
    assert kept.characteristics and kept.contact.name == "Person r002"
    assert ContactDetails.objects.count() == 58
    event = AuditEvent.objects.get(action="people.erase_expired")
    assert event.data == {"respondents": 2, "on": today.isoformat()}
    assert "Person" not in str(event.data)
    assert actions.erase_expired(actor=officer, today=today) == 0  # idempotent
    assert AuditEvent.objects.filter(action="people.erase_expired").count() == 1


def test_a_serving_member_keeps_their_details_until_the_term_ends(officer, pool):
    from commonground.people.models import SelectionRun

    _with_contacts(pool)
    run = actions.run_selection(
        SelectionRun.objects.create(pool=pool, seed=5, requested_by=officer).pk
    )
    run = actions.publish_selection(actor=officer, run=run)
    actions.establish_panel(
        actor=officer, run=run, started_on=timezone.localdate(), term_months=12, rotation_groups=1
    )
    member = PanelMember.objects.filter(run=run).first()
    today = timezone.localdate()
    pool.respondents.update(delete_after=today)
    assert actions.erase_expired(today=today) == 50
    assert member.respondent.contact.name.startswith("Person")
    PanelMember.objects.filter(pk=member.pk).update(status=MemberStatus.ROTATED)
    assert actions.erase_expired(today=today) == 1  # the others still serve
    assert not ContactDetails.objects.filter(respondent=member.respondent).exists()
    assert ContactDetails.objects.count() == 9


def test_the_command_erases_and_says_how_many(pool, capsys):
    _with_contacts(pool)
    Respondent.objects.filter(reference="r010").update(
        delete_after=timezone.localdate() - timedelta(days=1)
    )
    call_command("people", "erase-expired")
    assert "erased the details of 1 respondents" in capsys.readouterr().out
    assert AuditEvent.objects.get(action="people.erase_expired").actor_label == "command line"


def test_a_resident_may_not_erase(pool):
    with pytest.raises(PermissionDenied):
        actions.erase_expired(actor=make_user("someone", Role.RESIDENT))

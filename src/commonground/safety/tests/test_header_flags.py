"""The header asks no query for safety's tools: tension leads and reporting centres' staff
are known by model permissions kept in step with their rows (``models.sync_lead_flag``,
``models.sync_centre_flag``), read once a request with the rest."""

from __future__ import annotations

import pytest

from commonground.core.memberships import end_membership
from commonground.core.models import Membership, Organisation, User
from commonground.core.roles import Role
from commonground.safety import actions, waiting
from commonground.safety.models import ReportingCentre
from commonground.testing.people import make_user

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def _tool_names(user) -> set[str]:
    return {tool.label for tool in waiting.tools(_fresh(user))}


def test_naming_and_removing_a_lead_grants_and_withdraws_the_flag(people):
    newcomer = make_user("lena", Role.RESIDENT)
    assert not _fresh(newcomer).has_perm("safety.receives_tension_alerts")
    assert not _fresh(newcomer).has_perm("safety.view_tension")
    lead = actions.name_tension_lead(actor=people["officer"], user=newcomer)
    person = _fresh(newcomer)
    assert person.has_perm("safety.receives_tension_alerts")
    assert person.has_perm("safety.view_tension")
    assert "Community tension" in _tool_names(newcomer)
    actions.remove_tension_lead(actor=people["officer"], lead=lead)
    person = _fresh(newcomer)
    assert not person.has_perm("safety.receives_tension_alerts")
    assert not person.has_perm("safety.view_tension")
    assert "Community tension" not in _tool_names(newcomer)


def test_centre_staff_flag_follows_the_centre_and_the_membership(people):
    centre = people["centre"]
    assert _fresh(centre).has_perm("safety.staffs_a_reporting_centre")
    assert "Report a hate incident for someone" in _tool_names(centre)
    hub = ReportingCentre.objects.get(organisation=centre.organisation)
    hub.active = False
    hub.save()
    assert not _fresh(centre).has_perm("safety.staffs_a_reporting_centre")
    hub.active = True
    hub.save()
    assert _fresh(centre).has_perm("safety.staffs_a_reporting_centre")
    membership = Membership.objects.get(user=centre, organisation=centre.organisation)
    end_membership(actor=centre, membership=membership)  # they leave
    person = _fresh(centre)
    assert not person.has_perm("safety.staffs_a_reporting_centre")
    assert not person.has_perm("safety.report_for_someone")
    assert "Report a hate incident for someone" not in _tool_names(centre)


def test_a_partner_of_another_organisation_is_not_offered_the_centres_form(people):
    other = make_user("val", Role.PARTNER, Organisation.objects.create(name="V", slug="v"))
    names = _tool_names(other)
    assert "Report a hate incident for someone" not in names
    assert "Report community tension" in names

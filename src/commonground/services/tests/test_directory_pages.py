"""Resident search (public), the printable list, partner edits awaiting an officer, assurance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.core.models import AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.services.models import Service
from commonground.testing.people import make_user


def test_search_by_need_language_and_cost(client, directory):
    esol = directory.uid("term:esol")
    response = client.get("/services/", {"need": str(esol), "language": "pl", "free": "on"})
    names = [r.service.name for r in response.context["results"]]
    assert names and all("ESOL" in n for n in names)
    assert "ESOL Level 1 and Level 2 exam course" not in names  # costs £150
    assert "ESOL Entry 2 and Entry 3: evening classes" in names
    assert "Entry 2 and Entry 3" in response.content.decode()


def test_search_near_a_postcode_nearest_first(client, directory):
    response = client.get("/services/", {"postcode": "bd8 9aa", "within": "1000"})
    results = response.context["results"]
    assert results[0].service.name == "Debt and benefits advice"
    assert [r.distance_m for r in results] == sorted(r.distance_m for r in results)
    assert all(r.distance_m <= 1000 for r in results)


def test_unknown_postcode_is_explained(client, directory):
    response = client.get("/services/", {"postcode": "ZZ1 1ZZ"})
    assert "We do not know the postcode ZZ1 1ZZ" in response.content.decode()
    assert response.context["results"] == []


def test_search_in_urdu_shows_urdu_names(client, directory):
    response = client.get("/ur/services/", {"q": "ESOL", "day": "MO"})
    text = response.content.decode()
    assert "خواتین کے لیے ای ایس او ایل" in text
    assert all("MO" in r.service.schedules.all()[0].byday for r in response.context["results"])


def test_printable_list(client, directory):
    response = client.get("/services/print/", {"q": "advice"})
    names = {r.service.name for r in response.context["results"]}
    assert "Debt and benefits advice" in names and "ESOL conversation club" not in names


@pytest.fixture
def kept(directory):
    """The demo partner's volunteering entry, and that partner."""
    service = Service.objects.select_related("organization").get(
        name="Volunteer with school linking"
    )
    partner, _ = Organisation.objects.get_or_create(
        name="The Linking Network", defaults={"slug": "the-linking-network", "kind": "voluntary"}
    )
    service.organization.partner = partner
    service.organization.save()
    return service, partner


def test_partner_proposes_and_officer_approves(client, kept):
    service, partner = kept
    member = make_user("keeper", Role.PARTNER, partner)
    client.force_login(member)
    response = client.post(
        f"/services/{service.pk}/edit/",
        {"name": "Volunteer with school linking", "description": "New text", "status": "active"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert (
        service.description != "New text" and service.pending_changes["description"] == "New text"
    )
    officer = make_user("officer1", Role.OFFICER)
    client.force_login(officer)
    assert service.name in client.get("/services/review/").content.decode()
    client.post(f"/services/{service.pk}/approve/", {"decision": "approve"})
    service.refresh_from_db()
    assert service.description == "New text" and service.pending_changes == {}
    assert service.assured_date == timezone.localdate()
    assert AuditEvent.objects.filter(action="services.change_approved").exists()


def test_bad_web_address_is_refused(client, kept):
    service, partner = kept
    client.force_login(make_user("keeper", Role.PARTNER, partner))
    response = client.post(
        f"/services/{service.pk}/edit/",
        {"name": "x", "url": "not a web address", "status": "active"},
    )
    assert "Enter a full web address" in response.content.decode()
    service.refresh_from_db()
    assert service.pending_changes == {}


def test_other_partners_and_residents_cannot_edit(client, kept):
    service, _ = kept
    other = Organisation.objects.create(name="Another group", slug="another", kind="voluntary")
    for user in (make_user("other", Role.PARTNER, other), make_user("res", Role.RESIDENT)):
        client.force_login(user)
        assert client.get(f"/services/{service.pk}/edit/").status_code == 403
        assert client.post(f"/services/{service.pk}/approve/").status_code == 403
        assert client.get("/services/review/").status_code == 403


def test_keeper_confirms_an_overdue_entry(client, kept):
    service, partner = kept
    Service.objects.filter(pk=service.pk).update(
        assured_date=timezone.localdate() - timedelta(days=100)
    )
    client.force_login(make_user("keeper", Role.PARTNER, partner))
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "has not been checked for over three months" in page
    client.post(f"/services/{service.pk}/")
    service.refresh_from_db()
    assert not service.assurance_overdue()


def test_tasks_remind_keeper_and_officer(kept):
    from commonground.services import waiting

    service, partner = kept
    Service.objects.filter(pk=service.pk).update(
        assured_date=timezone.localdate() - timedelta(days=100), pending_since=timezone.now()
    )
    keeper_tasks = waiting.tasks(make_user("keeper", Role.PARTNER, partner))
    assert [t.count for t in keeper_tasks] == [1]
    assert keeper_tasks[0].url == f"/services/{service.pk}/"
    officer_tasks = waiting.tasks(make_user("officer1", Role.OFFICER))
    assert len(officer_tasks) == 2 and officer_tasks[0].count == 1
    assert waiting.tasks(make_user("res", Role.RESIDENT)) == []

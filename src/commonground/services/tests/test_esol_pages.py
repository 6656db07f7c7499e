"""ESOL unit pages: a community worker records a need, the unit offers a place, the provider
follows the learner and updates places; nobody else gets in."""

from __future__ import annotations

import pytest

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.services.models import EsolClass, EsolNeed, Placement, Service
from commonground.testing.people import make_user


@pytest.fixture
def setup(directory):
    provider, _ = Organisation.objects.get_or_create(
        name="Manningham CLC", defaults={"slug": "manningham-clc", "kind": "voluntary"}
    )
    service = Service.objects.select_related("organization").get(
        name="ESOL for women: Pre-entry and Entry 1"
    )
    service.organization.partner = provider
    service.organization.save()
    esol_class = EsolClass.objects.create(
        service=service, lowest_level="pre-entry", highest_level="entry-1", capacity=8,
        childcare=True,
    )  # fmt: skip
    return {
        "class": esol_class,
        "worker": make_user("worker", Role.PARTNER, provider),
        "officer": make_user("unit", Role.OFFICER),
    }


NEED = {
    "first_name": "Amina",
    "contact": "07700 900123",
    "languages": ["ur", "pa"],
    "level": "entry-1",
    "goals": ["children"],
    "available_days": ["MO"],
    "needs_childcare": "on",
    "travel": "",
    "ward": "",
    "recorded_via": "community-worker",
}


def test_need_offer_and_follow_through_the_pages(client, setup):
    client.force_login(setup["worker"])
    refused = client.post("/services/esol/need/", NEED)
    assert "This field is required" in refused.content.decode()  # no consent ticked
    assert EsolNeed.objects.count() == 0
    client.post("/services/esol/need/", NEED | {"consent": "on"})
    need = EsolNeed.objects.get()
    assert need.languages == ["ur", "pa"] and need.needs_childcare

    client.force_login(setup["officer"])
    page = client.get("/services/esol/waiting/").content.decode()
    assert "Amina" in page and "ESOL for women" in page
    client.post(f"/services/esol/offer/{need.pk}/{setup['class'].pk}/")
    placement = Placement.objects.get()
    assert placement.state == "offered"
    assert "Amina" not in client.get("/services/esol/waiting/").content.decode()

    client.force_login(setup["worker"])
    assert "Amina" in client.get("/services/esol/provider/").content.decode()
    client.post(f"/services/esol/placements/{placement.pk}/", {"state": "accepted"})
    client.post(f"/services/esol/classes/{setup['class'].pk}/capacity/", {"capacity": "12"})
    placement.refresh_from_db()
    assert placement.state == "accepted"
    assert EsolClass.objects.get().capacity == 12


def test_others_are_kept_out(client, setup):
    other = Organisation.objects.create(name="Other", slug="other", kind="voluntary")
    need = EsolNeed.objects.create(
        first_name="B", contact="x", level="entry-1", consent_at="2026-01-01T00:00:00Z",
        recorded_via="learner",
    )  # fmt: skip
    client.force_login(make_user("resident", Role.RESIDENT))
    for url in ("/services/esol/need/", "/services/esol/waiting/", "/services/esol/provider/"):
        assert client.get(url).status_code == 403
    client.force_login(make_user("stranger", Role.PARTNER, other))
    assert client.get("/services/esol/waiting/").status_code == 403
    assert "B (" not in client.get("/services/esol/provider/").content.decode()
    client.post(f"/services/esol/offer/{need.pk}/{setup['class'].pk}/")
    client.post(f"/services/esol/classes/{setup['class'].pk}/capacity/", {"capacity": "0"})
    assert Placement.objects.count() == 0 and EsolClass.objects.get().capacity == 8

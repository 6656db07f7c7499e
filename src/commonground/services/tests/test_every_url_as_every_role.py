"""Every services page as every role: signed out, a resident, a board member, the partner that
keeps (and runs) the entry, another partner, an officer. Public pages answer everyone; the
rest answer only who may; posts change nothing for anyone else. A guard fails when a services
URL is added without being walked here."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.services import esol, urls
from commonground.services.models import (
    EsolClass,
    EsolNeed,
    Organization,
    Placement,
    Service,
)
from commonground.testing.people import make_user

ROLES = ["resident", "board", "keeper", "other_partner", "officer"]
EVERYONE = set(ROLES) | {"signed_out"}
PARTNERS = {"keeper", "other_partner", "officer"}


@pytest.fixture
def world(db) -> dict:
    runs = Organisation.objects.create(name="Manningham CLC", slug="mclc", kind="voluntary")
    other = Organisation.objects.create(name="Other Group", slug="other", kind="voluntary")
    service = Service.objects.create(
        id=uuid.uuid4(),
        organization=Organization.objects.create(name="Manningham CLC", partner=runs),
        name="ESOL for women",
        description="Entry 1",
    )
    service.refresh_search_text()
    esol_class = EsolClass.objects.create(
        service=service, lowest_level="pre-entry", highest_level="entry-2", capacity=5
    )
    officer = make_user("officer", Role.OFFICER)
    need = esol.record_need(
        actor=officer, consent=True, first_name="Nadia", contact="07700 900789",
        languages=["ur"], level="entry-1", goals=["work"], recorded_via="community-worker",
    )  # fmt: skip
    waiting = esol.record_need(
        actor=officer, consent=True, first_name="Zofia", contact="07700 900790",
        languages=["pl"], level="entry-1", goals=["work"], recorded_via="community-worker",
    )  # fmt: skip
    placement = esol.offer_place(actor=officer, need=need, esol_class=esol_class)
    return {
        "service": service,
        "class": esol_class,
        "need": need,
        "waiting": waiting,
        "placement": placement,
        "resident": make_user("resident", Role.RESIDENT),
        "board": make_user("board", Role.BOARD),
        "keeper": make_user("keeper", Role.PARTNER, runs),
        "other_partner": make_user("outsider", Role.PARTNER, other),
        "officer": officer,
    }


def pages(w) -> list[tuple[str, str, set[str]]]:
    """(URL name, URL, who gets a 200); everyone else signed in gets a 403, signed out a
    redirect to sign in."""
    s = w["service"].pk
    return [
        ("services:search", "/services/?q=ESOL", EVERYONE),
        ("services:print", "/services/print/?q=ESOL", EVERYONE),
        ("services:export_csv", "/services/export.csv?q=ESOL", EVERYONE),
        ("services:export_oruk", "/services/export.json?q=ESOL", EVERYONE),
        ("services:detail", f"/services/{s}/", EVERYONE),
        ("services:esol_join", "/services/esol/join/", EVERYONE),
        ("services:esol_join_done", "/services/esol/join/done/", EVERYONE),
        ("services:review", "/services/review/", {"officer"}),
        ("services:edit", f"/services/{s}/edit/", {"keeper", "officer"}),
        ("services:esol_need", "/services/esol/need/", PARTNERS),
        ("services:esol_waiting", "/services/esol/waiting/", {"officer"}),
        ("services:esol_gaps", "/services/esol/gaps/", {"officer"}),
        ("services:esol_provider", "/services/esol/provider/", PARTNERS),
    ]


def posts(w) -> list[tuple[str, str, dict, set[str]]]:
    """(URL name, URL, form, who may): the others get a 403 (signed out: to sign in)."""
    s, c, p = w["service"].pk, w["class"].pk, w["placement"].pk
    return [
        ("services:detail", f"/services/{s}/", {}, {"keeper", "officer"}),
        ("services:edit", f"/services/{s}/edit/", {"name": "Changed", "status": "active"},
         {"keeper", "officer"}),
        ("services:approve", f"/services/{s}/approve/", {}, {"officer"}),
        ("services:esol_offer", f"/services/esol/offer/{w['waiting'].pk}/{c}/", {}, {"officer"}),
        ("services:esol_move", f"/services/esol/placements/{p}/", {"state": "accepted"},
         {"keeper", "officer"}),
        ("services:esol_capacity", f"/services/esol/classes/{c}/capacity/", {"capacity": "2"},
         {"keeper", "officer"}),
        ("services:esol_gaps", "/services/esol/gaps/", {}, {"officer"}),
    ]  # fmt: skip


def test_every_page_as_every_role(client, world):
    for _name, url, allowed in pages(world):
        client.logout()
        status = client.get(url).status_code
        assert status == (200 if "signed_out" in allowed else 302), (url, "signed out", status)
        for role in ROLES:
            client.force_login(world[role])
            status = client.get(url).status_code
            assert status == (200 if role in allowed else 403), (url, role, status)


def test_every_post_refused_to_whoever_may_not(client, world):
    for name, url, data, allowed in posts(world):
        client.logout()
        # Signed out: to sign in, or refused outright where the page itself is public.
        expected = 403 if name in urls.PUBLIC_VIEWS else 302
        assert client.post(url, data).status_code == expected, url
        for role in ROLES:
            if role in allowed:
                continue
            client.force_login(world[role])
            assert client.post(url, data).status_code == 403, (url, role)
    service = Service.objects.get(pk=world["service"].pk)
    assert service.pending_changes in ({}, None) and service.name == "ESOL for women"
    assert Placement.objects.get().state == "offered"
    assert EsolClass.objects.get().capacity == 5
    assert not EsolNeed.objects.get(pk=world["waiting"].pk).placements.exists()


def test_another_partner_sees_none_of_the_provider_s_learners(client, world):
    client.force_login(world["other_partner"])
    assert "Nadia" not in client.get("/services/esol/provider/").content.decode()
    client.force_login(world["keeper"])
    assert "Nadia" in client.get("/services/esol/provider/").content.decode()


def test_every_services_url_is_walked_here(world):
    walked = {name for name, *_rest in pages(world)} | {name for name, *_rest in posts(world)}
    names = {f"services:{p.name}" for p in urls.urlpatterns if isinstance(p, URLPattern)}
    assert names - walked == set(), sorted(names - walked)

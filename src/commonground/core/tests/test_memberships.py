"""Who may act for an organisation: ask to join, confirmed by an officer or the organisation's
admin, refused or ended; every step audited, asked for by permission name, seen on the
account page (issue 10, finding 6)."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from commonground.core import memberships
from commonground.core.models import AuditEvent, Membership, Organisation, User
from commonground.core.roles import Role
from commonground.core.rules import PERMISSIONS
from commonground.testing.people import make_user


@pytest.fixture
def police(db) -> Organisation:
    return Organisation.objects.create(
        name="West Yorkshire Police", slug="west-yorkshire-police", kind="police"
    )


@pytest.fixture
def cast(police) -> dict[str, User]:
    officer = make_user("officer", Role.OFFICER)
    sergeant = make_user("sergeant", Role.PARTNER)
    memberships.grant_membership(user=sergeant, organisation=police, admin=True, actor=officer)
    constable = make_user("constable", Role.PARTNER, police)  # confirmed, not an admin
    return {
        "officer": officer,
        "sergeant": sergeant,
        "constable": constable,
        "resident": make_user("resident", Role.RESIDENT),
    }


def _client(user, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def _token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_every_membership_permission_is_asked_for_by_name():
    text = "".join(
        Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")
        for module in ("commonground.core.memberships", "commonground.core.views.membership")
    )
    names = [name for name in PERMISSIONS if "membership" in name or "organisation" in name]
    assert len(names) == 5
    for name in names:
        assert f'"{name}"' in text, name


def test_a_resident_asks_to_join_and_sees_the_request_on_their_account_page(cast, police):
    client = _client(cast["resident"], csrf=True)
    account = client.get("/account/").content.decode()
    assert "You do not act for any organisation yet." in account
    assert 'href="/account/join/"' in account
    token = _token(client, "/account/join/")
    response = client.post(
        "/account/join/", {"organisation": police.pk, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    membership = Membership.objects.get(user=cast["resident"])
    assert membership.status == "requested" and not cast["resident"].may_act_for(police)
    page = client.get("/account/").content.decode()
    assert "West Yorkshire Police" in page and "Waiting for confirmation" in page
    assert AuditEvent.objects.filter(
        action="core.membership_requested", object_id=str(membership.pk)
    ).exists()
    # Asking twice is refused with a message naming the field.
    again = client.post("/account/join/", {"organisation": police.pk, "csrfmiddlewaretoken": token})
    assert again.status_code == 200
    assert "Organisation: Choose an organisation from the list" in again.content.decode()


def test_the_organisation_admin_confirms_and_the_member_may_act(cast, police):
    asked = memberships.request_membership(actor=cast["resident"], organisation=police)
    client = _client(cast["sergeant"], csrf=True)
    members = client.get(f"/organisations/{police.slug}/members/")
    assert members.status_code == 200 and "resident" in members.content.decode()
    token = _token(client, f"/organisations/{police.slug}/members/")
    response = client.post(
        f"/organisations/{police.slug}/members/{asked.pk}/confirm/",
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    resident = User.objects.get(pk=cast["resident"].pk)
    assert asked.status == "confirmed" and asked.decided_by == cast["sergeant"]
    assert resident.may_act_for(police) and resident.organisation == police
    event = AuditEvent.objects.get(action="core.membership_confirmed", object_id=str(asked.pk))
    assert event.actor == cast["sergeant"] and event.data["organisation"] == police.slug
    assert "Confirmed" in _client(resident).get("/account/").content.decode()


def test_an_admin_may_not_make_admins_but_an_officer_may(cast, police):
    asked = memberships.request_membership(actor=cast["resident"], organisation=police)
    with pytest.raises(PermissionDenied):
        memberships.confirm_membership(actor=cast["sergeant"], membership=asked, admin=True)
    memberships.confirm_membership(actor=cast["officer"], membership=asked, admin=True)
    assert User.objects.get(pk=cast["resident"].pk).administers(police)


@pytest.mark.parametrize("who", ["constable", "resident"])
def test_members_without_the_admin_flag_and_strangers_cannot_decide(cast, police, who):
    newcomer = make_user("newcomer", Role.RESIDENT)
    asked = memberships.request_membership(actor=newcomer, organisation=police)
    client = _client(cast[who])
    assert client.get(f"/organisations/{police.slug}/members/").status_code == 403
    response = client.post(f"/organisations/{police.slug}/members/{asked.pk}/confirm/")
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        memberships.confirm_membership(actor=cast[who], membership=asked)
    asked.refresh_from_db()
    assert asked.status == "requested"
    assert client.get("/memberships/").status_code == 403


def test_a_refusal_is_shown_to_the_requester_and_audited(cast, police):
    asked = memberships.request_membership(actor=cast["resident"], organisation=police)
    client = _client(cast["officer"])
    review = client.get("/memberships/").content.decode()
    assert "resident" in review and "West Yorkshire Police" in review
    client.post(f"/organisations/{police.slug}/members/{asked.pk}/refuse/")
    asked.refresh_from_db()
    assert asked.status == "refused" and asked.confirmed_at is None
    assert AuditEvent.objects.filter(action="core.membership_refused").exists()
    page = _client(cast["resident"]).get("/account/").content.decode()
    assert "Refused" in page
    with pytest.raises(ValidationError):
        memberships.confirm_membership(actor=cast["officer"], membership=asked)
    # Refused, they may ask again (a new row; the old decision is kept).
    memberships.request_membership(actor=cast["resident"], organisation=police)
    assert Membership.objects.filter(user=cast["resident"]).count() == 2


def test_leaving_clears_the_default_organisation_and_keeps_the_history(cast, police):
    constable = cast["constable"]
    other = Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    memberships.grant_membership(user=constable, organisation=other, actor=cast["officer"])
    membership = constable.memberships.get(organisation=police)
    client = _client(constable)
    response = client.post(f"/account/memberships/{membership.pk}/end/")
    assert response.status_code == 302
    constable.refresh_from_db()
    membership.refresh_from_db()
    assert membership.status == "ended" and membership.ended_at and membership.confirmed_at
    assert not constable.may_act_for(police)
    assert constable.organisation == other  # moved to the organisation still confirmed
    assert AuditEvent.objects.filter(action="core.membership_ended").exists()
    assert client.post(f"/account/memberships/{membership.pk}/end/").status_code == 302
    membership.refresh_from_db()
    assert membership.status == "ended"


def test_the_member_flag_follows_confirmation_and_ending(cast, police):
    """``core.acts_for_an_organisation`` (read by header tools with no query) is held exactly
    while a membership is confirmed: not on asking, yes on confirming, no once the last ends."""
    flag = "core.acts_for_an_organisation"
    asked = memberships.request_membership(actor=cast["resident"], organisation=police)
    assert not User.objects.get(pk=cast["resident"].pk).has_perm(flag)
    memberships.confirm_membership(actor=cast["sergeant"], membership=asked)
    assert User.objects.get(pk=cast["resident"].pk).has_perm(flag)
    memberships.end_membership(actor=cast["officer"], membership=asked)
    assert not User.objects.get(pk=cast["resident"].pk).has_perm(flag)
    assert User.objects.get(pk=cast["constable"].pk).has_perm(flag)


def test_one_cannot_end_someone_elses_membership(cast, police):
    membership = cast["constable"].memberships.get()
    response = _client(cast["resident"]).post(f"/account/memberships/{membership.pk}/end/")
    assert response.status_code == 403
    assert _client(cast["resident"]).get(
        f"/account/memberships/{membership.pk}/end/"
    ).status_code in (
        403,
        405,
    )
    membership.refresh_from_db()
    assert membership.is_confirmed


def test_the_account_page_links_each_role_to_its_tools(cast, police):
    officer_page = _client(cast["officer"]).get("/account/").content.decode()
    assert 'href="/memberships/"' in officer_page
    admin_page = _client(cast["sergeant"]).get("/account/").content.decode()
    assert f'href="/organisations/{police.slug}/members/"' in admin_page
    assert 'href="/memberships/"' not in admin_page
    home = _client(cast["resident"]).get("/").content.decode()
    assert 'href="/account/"' in home


def test_the_account_pages_render_in_urdu(cast, police):
    memberships.request_membership(actor=cast["resident"], organisation=police)
    page = _client(cast["resident"]).get("/ur/account/")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()


def test_existing_organisations_become_confirmed_memberships():
    """The data step of migration 0004, run on a user whose organisation an admin set."""
    migration = importlib.import_module("commonground.core.migrations.0004_organisation_membership")
    police = Organisation.objects.create(name="Police", slug="police", kind="police")
    user = User.objects.create(username="legacy", organisation=police)
    migration.carry_over_organisations(apps, None)
    membership = Membership.objects.get(user=user)
    assert membership.is_confirmed and membership.confirmed_at is not None


pytestmark = pytest.mark.django_db

"""A caseworker refers a victim, with consent, to a directory service through the referrals
route: the referrals app's own action makes the referral (its consent record, its message to
the person, its audit event), the case records which one, and the service never sees the
incident report."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commonground.core import messaging
from commonground.core.memberships import grant_membership
from commonground.core.models import AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.referrals.models import Referral as RouteReferral
from commonground.referrals.models import State
from commonground.safety import actions
from commonground.safety.events import SafetyEvent
from commonground.safety.models import Referral, Status
from commonground.services.models import Organization, Service
from commonground.testing.people import make_user

from .conftest import client_for, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(people):
    council = Organisation.objects.create(name="Hate Crime Team", slug="hct", kind="council")
    grant_membership(user=people["caseworker"], organisation=council, actor_label="test")
    support = Organisation.objects.create(name="Victim Support", slug="vs", kind="voluntary")
    worker = make_user("vs-worker", Role.PARTNER, support)
    service = Service.objects.create(
        id=uuid.uuid4(),
        organization=Organization.objects.create(name="Victim Support", partner=support),
        name="Hate crime advocacy",
        description="Emotional and practical support after a hate incident.",
    )
    return {"council": council, "service": service, "worker": worker}


def _route(route, **changes) -> actions.DirectoryReferral:
    values = {
        "organisation": route["council"],
        "service": route["service"],
        "first_name": "A.",
        "language": "ur",
        "need": "Emotional support after abuse at a bus stop.",
        "consent_given_by": "person",
        "consent_on": timezone.localdate(),
        "consent_purpose": "To share my initials and need with Victim Support.",
        "channel": "sms",
        "contact": "07700 900123",
    } | changes
    return actions.DirectoryReferral(**values)


def test_referral_goes_through_the_referrals_route(people, route):
    report, _secret = make_report(description="Shouted abuse at me at the bus stop")
    messaging.outbox.clear()
    referral = actions.refer_through_directory(
        actor=people["caseworker"],
        report=report,
        kind="victim_support",
        route=_route(route),
        consent_given=True,
        notes="Prefers a call after 5pm.",
    )
    sent = referral.route
    assert isinstance(sent, RouteReferral)
    assert (sent.service, sent.from_organisation, sent.to_organisation.slug) == (
        route["service"],
        route["council"],
        "vs",
    )
    assert sent.state == State.SENT and sent.referrer == people["caseworker"]
    assert sent.consent_given_by == "person"
    # the service gets only what the caseworker passed on, never the account
    assert "bus stop" not in sent.first_name and sent.need.startswith("Emotional support")
    assert not RouteReferral.objects.filter(need__contains="Shouted").exists()
    report.refresh_from_db()
    assert report.status == Status.REFERRED
    assert referral.service == "victim_support" and referral.notes == "Prefers a call after 5pm."
    event = AuditEvent.objects.get(action=SafetyEvent.REPORT_REFERRED)
    assert event.data == {"service": "victim_support", "route": sent.reference}
    assert AuditEvent.objects.filter(action="referrals.sent").count() == 1
    # the person is told in their language by the referrals route's own message
    assert [m.channel for m in messaging.outbox if m.to == "07700 900123"] == ["sms"]


def test_without_consent_nothing_is_sent(people, route):
    report, _ = make_report()
    with pytest.raises(actions.NoConsent):
        actions.refer_through_directory(
            actor=people["caseworker"],
            report=report,
            kind="victim_support",
            route=_route(route),
            consent_given=False,
        )
    assert not RouteReferral.objects.exists() and not Referral.objects.exists()


def test_the_routes_own_rules_apply(people, route):
    report, _ = make_report()
    # a caseworker may refer only for an organisation they act for
    other = Organisation.objects.create(name="Other", slug="other")
    with pytest.raises(PermissionDenied):
        actions.refer_through_directory(
            actor=people["caseworker"],
            report=report,
            kind="other",
            route=_route(route, organisation=other),
            consent_given=True,
        )
    # a service nobody keeps cannot take referrals; nothing is half-saved
    unkept = Service.objects.create(
        organization=Organization.objects.create(name="Nobody"), name="Unkept"
    )
    with pytest.raises(ValidationError):
        actions.refer_through_directory(
            actor=people["caseworker"],
            report=report,
            kind="other",
            route=_route(route, service=unkept),
            consent_given=True,
        )
    assert not Referral.objects.exists()
    # no one but a caseworker refers a case, whatever their memberships
    grant_membership(user=people["officer"], organisation=route["council"], actor_label="test")
    with pytest.raises(PermissionDenied):
        actions.refer_through_directory(
            actor=people["officer"],
            report=report,
            kind="other",
            route=_route(route),
            consent_given=True,
        )


def _form(route, **changes) -> dict:
    data = {
        "route-kind": "victim_support",
        "route-organisation": route["council"].pk,
        "route-service": str(route["service"].pk),
        "route-first_name": "A.",
        "route-language": "ur",
        "route-need": "Emotional support.",
        "route-channel": "",
        "route-contact": "",
        "route-consent": "on",
        "route-consent_given_by": "person",
        "route-consent_on": timezone.localdate().strftime("%d/%m/%Y"),
        "route-consent_purpose": "To share my initials and need.",
        "route-notes": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_caseworker_refers_on_the_case_page(people, route):
    report, _ = make_report()
    client = client_for(people["caseworker"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Refer to a service in the directory" in page and "Hate crime advocacy" in page
    refused = client.post(
        f"/safety/cases/{report.reference}/refer-route/", _form(route, **{"route-consent": None})
    )
    assert refused.status_code == 400
    assert "You need the person&#x27;s consent before you go on." in refused.content.decode()
    assert not RouteReferral.objects.exists()
    done = client.post(f"/safety/cases/{report.reference}/refer-route/", _form(route))
    assert done.status_code == 302
    sent = RouteReferral.objects.get()
    page = client.get(report.get_absolute_url()).content.decode()
    assert f"through the referrals route ({sent.reference}): Sent" in page
    # the service accepts it in the referrals app; the case page follows it
    from commonground.referrals import actions as route_actions

    route_actions.move(actor=route["worker"], referral=sent, state=State.ACCEPTED)
    page = client.get(report.get_absolute_url()).content.decode()
    assert f"({sent.reference}): Accepted" in page


def test_a_caseworker_acting_for_no_organisation_is_told_why(people, route):
    report, _ = make_report()
    loner = make_user("loner", Role.CASEWORKER)
    client = client_for(loner)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "you need a confirmed membership of an organisation" in page
    posted = client.post(f"/safety/cases/{report.reference}/refer-route/", _form(route))
    assert posted.status_code == 403


@pytest.mark.parametrize("role", ["officer", "partner", "board", "resident", "admin"])
def test_no_other_role_refers(people, route, role):
    report, _ = make_report()
    posted = client_for(people[role]).post(
        f"/safety/cases/{report.reference}/refer-route/", _form(route)
    )
    assert posted.status_code == 403
    assert not RouteReferral.objects.exists()

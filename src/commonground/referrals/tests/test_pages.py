"""Referral pages as each role: the referrer sends through the form, the service decides and
follows through, both see the status and timeline; nobody else sees the person's record
(every URL walked as every role), and every opening of a record is logged."""

from __future__ import annotations

import pytest
from django.utils import timezone

from commonground.core import messaging
from commonground.referrals import actions
from commonground.referrals.models import RecordView, Referral, State, StepKind

from .conftest import referral_data

FORM = {
    "first_name": "Amina",
    "language": "ur",
    "need": "Help with an asylum claim letter.",
    "channel": "sms",
    "contact": "07700 900123",
    "consent": "on",
    "consent_given_by": "person",
    "consent_purpose": "To share my first name and need.",
}


def form(cast, **changes) -> dict:
    return (
        FORM
        | {
            "organisation": cast["health"].pk,
            "service": str(cast["service"].pk),
            "consent_on": timezone.localdate().strftime("%d/%m/%Y"),
        }
        | changes
    )


def test_referrer_sends_and_the_service_takes_it_to_completed(client, cast):
    messaging.outbox.clear()
    client.force_login(cast["referrer"])
    page = client.get(f"/referrals/new/?service={cast['service'].pk}").content.decode()
    assert "Immigration advice drop-in" in page and "Unkept service" not in page
    response = client.post("/referrals/new/", form(cast))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.first_name == "Amina" and referral.consent_given_by == "person"

    client.force_login(cast["worker"])
    listing = client.get("/referrals/?state=sent").content.decode()
    assert referral.reference in listing and "NHS Trust" in listing
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Accept" in detail and "Decline" in detail
    for state in ("accepted", "started", "completed"):
        client.post(f"/referrals/{referral.pk}/move/", {"state": state})
    referral.refresh_from_db()
    assert referral.state == State.COMPLETED
    assert len(messaging.outbox) == 4

    client.force_login(cast["referrer"])
    seen = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Completed" in seen and "Accepted" in seen and "Started" in seen  # the timeline
    assert RecordView.objects.filter(referral=referral).count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"consent": ""}, "consent", "You need the person"),
        ({"first_name": ""}, "first_name", "Enter a first name or initials."),
        ({"contact": "12"}, "contact", "Enter a phone number"),
        ({"channel": "email", "contact": "not-an-address"}, "contact", "Enter an e-mail address"),
        ({"consent_on": "31/02/2026"}, "consent_on", "Enter the date consent was given"),
        ({"consent_on": "01/01/2999"}, "consent_on", "Consent cannot be given in the future."),
    ],
)
def test_bad_answers_name_the_field_and_change_nothing(client, cast, changes, field, message):
    client.force_login(cast["referrer"])
    response = client.post("/referrals/new/", form(cast, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'href="#id_{field}"' in response.content.decode()
    assert Referral.objects.count() == 0


def test_a_referral_to_another_organisations_service_cannot_be_chosen(client, cast):
    client.force_login(cast["referrer"])
    client.post("/referrals/new/", form(cast, service=str(cast["unkept"].pk)))
    client.post("/referrals/new/", form(cast, organisation=cast["other"].pk))
    assert Referral.objects.count() == 0


def test_declining_on_the_page_needs_a_reason(client, cast):
    referral = actions.refer(actor=cast["referrer"], **referral_data(cast))
    client.force_login(cast["worker"])
    response = client.post(f"/referrals/{referral.pk}/move/", {"state": "declined"})
    assert response.status_code == 400
    assert "Say why the service cannot take this referral." in response.content.decode()
    client.post(f"/referrals/{referral.pk}/move/", {"state": "declined", "reason": "Full"})
    assert Referral.objects.get().state == State.DECLINED
    client.force_login(cast["referrer"])
    assert "Mark as seen" in client.get(f"/referrals/{referral.pk}/").content.decode()
    client.post(f"/referrals/{referral.pk}/seen/")
    assert Referral.objects.get().decline_noted_at is not None


def _records(cast):
    referral = actions.refer(actor=cast["referrer"], **referral_data(cast))
    plan = actions.start_plan(
        actor=cast["referrer"],
        organisation=cast["health"],
        first_name="Hassan",
        language="en",
        status="refugee",
        consent_given_by="person",
        consent_on=timezone.localdate(),
    )
    step = plan.steps.get(kind=StepKind.GP)
    return referral, plan, step


# Every page, and which roles get a 200 (everyone else signed in gets a 403).
def urls(referral, plan, step) -> list[tuple[str, set[str]]]:
    members = {"referrer", "worker", "advice_admin", "outsider"}
    return [
        ("/referrals/", members),
        ("/referrals/new/", members),
        (f"/referrals/{referral.pk}/", {"referrer", "worker", "advice_admin"}),
        ("/referrals/access-log/", {"officer", "advice_admin"}),
        ("/referrals/plans/", members),
        ("/referrals/plans/new/", members),
        (f"/referrals/plans/{plan.pk}/", {"referrer"}),
        (f"/referrals/new/?step={step.pk}", {"referrer"}),
        ("/referrals/new-arrivals/", members | {"officer", "board"}),
    ]


ROLES = ["referrer", "worker", "advice_admin", "outsider", "officer", "board", "resident"]


def test_every_url_as_every_role(client, cast):
    referral, plan, step = _records(cast)
    for url, allowed in urls(referral, plan, step):
        client.logout()
        assert client.get(url).status_code == 302, url  # signed out: to the sign-in page
        for role in ROLES:
            client.force_login(cast[role])
            status = client.get(url).status_code
            assert status == (200 if role in allowed else 403), (url, role, status)


def test_every_action_as_every_role(client, cast):
    referral, plan, step = _records(cast)
    posts = [
        (f"/referrals/{referral.pk}/move/", {"state": "accepted"}, {"worker", "advice_admin"}),
        (f"/referrals/plans/{plan.pk}/steps/{step.pk}/", {"outcome": "not_needed"}, {"referrer"}),
        (f"/referrals/plans/{plan.pk}/close/", {}, {"referrer"}),
    ]
    for url, data, allowed in posts:
        for role in ROLES:
            if role in allowed:
                continue
            client.force_login(cast[role])
            assert client.post(url, data).status_code == 403, (url, role)
    assert Referral.objects.get().state == State.SENT
    assert step.__class__.objects.get(pk=step.pk).outcome == "todo"


def test_a_service_sees_only_referrals_to_its_own_services(client, cast):
    actions.refer(actor=cast["referrer"], **referral_data(cast, first_name="Visible"))
    client.force_login(cast["outsider"])
    assert "Visible" not in client.get("/referrals/").content.decode()
    client.force_login(cast["worker"])
    assert "Visible" in client.get("/referrals/").content.decode()


def test_the_access_log_shows_who_opened_which_record(client, cast):
    referral, plan, _ = _records(cast)
    client.force_login(cast["worker"])
    client.get(f"/referrals/{referral.pk}/")
    client.force_login(cast["referrer"])
    client.get(f"/referrals/plans/{plan.pk}/")
    client.force_login(cast["advice_admin"])
    log = client.get("/referrals/access-log/").content.decode()
    assert "worker" in log and referral.reference in log
    assert str(plan) not in log  # the health trust's plan: not this admin's
    client.force_login(cast["officer"])
    log = client.get("/referrals/access-log/").content.decode()
    assert "worker" in log and str(plan) in log
    assert "Amina" not in log and "Hassan" not in log  # no personal details in the log


def test_an_anonymised_referral_shows_no_details_and_takes_no_actions(client, cast):
    referral = actions.refer(actor=cast["referrer"], **referral_data(cast))
    actions.move(actor=cast["worker"], referral=referral, state=State.DECLINED, reason="Full")
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now().replace(year=2000))
    actions.anonymise_closed()
    client.force_login(cast["referrer"])
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Amina" not in page and "details were removed" in page

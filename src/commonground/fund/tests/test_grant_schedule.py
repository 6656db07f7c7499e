"""Officers edit a grant's conditions and payment milestones on a form: payments may not add up
to more than the grant, dates run in order, paid milestones stay as paid; every change is
audited and the public grant and tracking pages show the new schedule."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import Grant

from .test_grants import delivered  # noqa: F401  (fixture)


@pytest.fixture
def grant(delivered):  # noqa: F811
    return Grant.objects.select_related("round").order_by("pk").first()


def _post(client: Client, grant: Grant, milestones: list[dict], **fields):
    data = {
        "conditions": fields.get("conditions", "Report every quarter.\nCredit the fund."),
        "planned_start": fields.get("planned_start", "2026-01-05"),
        "planned_end": fields.get("planned_end", "2026-12-18"),
        "m-TOTAL_FORMS": str(len(milestones)),
        "m-INITIAL_FORMS": "0",
    }
    for i, m in enumerate(milestones):
        data.update({f"m-{i}-{key}": value for key, value in m.items()})
    return client.post(f"/fund/{grant.round.slug}/grants/{grant.pk}/edit/", data)


def _officer(people) -> Client:
    client = Client()
    client.force_login(people["officer"])
    return client


def test_officer_sets_conditions_and_milestones_and_the_public_sees_them(grant, people):
    client = _officer(people)
    form = client.get(f"/fund/{grant.round.slug}/grants/{grant.pk}/edit/").content.decode()
    assert "Conditions and milestones" in form and 'name="conditions"' in form
    half = grant.amount / 2
    response = _post(
        client,
        grant,
        [
            {"title": "Volunteers recruited", "due_on": "2026-03-01", "payment": str(half)},
            {"title": "Summer festival held", "due_on": "2026-08-01", "payment": str(half)},
            {"title": "", "due_on": "", "payment": ""},  # a spare row
        ],
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.conditions == "Report every quarter.\nCredit the fund."
    assert grant.planned_start == date(2026, 1, 5)
    assert [(m.title, m.payment) for m in grant.milestones.all()] == [
        ("Volunteers recruited", half),
        ("Summer festival held", half),
    ]
    event = AuditEvent.objects.get(action="fund.grant_updated")
    assert event.actor == people["officer"] and len(event.data["before"]["milestones"]) == 3
    assert event.data["after"]["milestones"][1]["title"] == "Summer festival held"

    public = Client()
    page = public.get(grant.get_absolute_url()).content.decode()
    assert "Credit the fund." in page and "Summer festival held" in page and "5 Jan 2026" in page
    tracking = public.get("/fund/tracking/").content.decode()
    assert "Volunteers recruited, due 1 Mar 2026" in tracking


@pytest.mark.parametrize(
    ("milestones", "fields", "message"),
    [
        ([("A", "2026-03-01", "999999")], {}, "more than the grant"),
        ([("A", "2026-06-01", "10"), ("B", "2026-03-01", "10")], {}, "date order"),
        ([("A", "2026-03-01", "10")], {"planned_end": "2025-12-01"}, "before the planned start"),
        ([("A", "2025-12-01", "10")], {}, "due before the planned start"),
        ([("A", "2027-03-01", "10")], {}, "due after the planned end"),
    ],
)
def test_the_schedule_is_checked_as_a_whole(grant, people, milestones, fields, message):
    before = list(grant.milestones.values_list("title", "payment"))
    rows = [{"title": t, "due_on": d, "payment": p} for t, d, p in milestones]
    response = _post(_officer(people), grant, rows, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(grant.milestones.values_list("title", "payment")) == before
    assert not AuditEvent.objects.filter(action="fund.grant_updated").exists()


def test_a_paid_milestone_keeps_its_payment_and_cannot_be_removed(grant, people):
    first = grant.milestones.first()
    actions.pay_milestone(actor=people["officer"], milestone=first)
    schedule = [
        {"id": m.pk, "title": m.title, "due_on": m.due_on, "payment": m.payment}
        for m in grant.milestones.all()
    ]
    with pytest.raises(ValidationError, match="cannot be removed"):
        actions.update_grant(
            actor=people["officer"],
            grant=grant,
            conditions="",
            planned_start=grant.planned_start,
            planned_end=grant.planned_end,
            milestones=schedule[1:],
        )
    schedule[0]["payment"] = first.payment + Decimal(1)
    with pytest.raises(ValidationError, match="payment cannot change"):
        actions.update_grant(
            actor=people["officer"],
            grant=grant,
            conditions="",
            planned_start=grant.planned_start,
            planned_end=grant.planned_end,
            milestones=schedule,
        )
    # The form does not offer to remove it.
    page = _officer(people).get(f"/fund/{grant.round.slug}/grants/{grant.pk}/edit/")
    assert page.content.decode().count('name="m-0-remove"') == 0


def test_only_officers_edit_grants(grant, people):
    client = Client()
    client.force_login(people["partner"])
    assert _post(client, grant, []).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.update_grant(
            actor=people["partner"],
            grant=grant,
            conditions="",
            planned_start=None,
            planned_end=None,
            milestones=[],
        )

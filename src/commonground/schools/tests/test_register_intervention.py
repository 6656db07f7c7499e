"""A confirmed linking year registered as an intervention in test and learn, through
evaluation's own action (its audit event too), once only, from the results page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.evaluation.models import Intervention
from commonground.schools import actions


@pytest.mark.django_db
def test_a_confirmed_year_becomes_an_intervention(confirmed, officer) -> None:
    intervention = actions.register_intervention(
        actor=officer,
        linking_year=confirmed,
        owner="Schools linking team",
        start_date=date(2027, 9, 1),
    )
    confirmed.refresh_from_db()
    assert confirmed.intervention == intervention
    assert intervention.title == "School linking 2027/28, Primary"
    assert intervention.kind == "programme" and intervention.owner == "Schools linking team"
    assert intervention.start_date == date(2027, 9, 1)
    outputs = intervention.outputs.splitlines()
    assert len(outputs) == confirmed.pairs.count()
    assert AuditEvent.objects.filter(action="evaluation.intervention_registered").count() == 1
    event = AuditEvent.objects.get(action="schools.intervention_registered")
    assert event.data["intervention"] == intervention.pk
    with pytest.raises(ValidationError, match="already registered"):
        actions.register_intervention(
            actor=officer, linking_year=confirmed, owner="x", start_date=date(2027, 9, 1)
        )
    assert Intervention.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_year_or_an_empty_owner_is_refused(few, officer) -> None:
    draft = actions.create_year(actor=officer, year="2028/29", phase="primary", max_km=Decimal("5"))
    with pytest.raises(ValidationError, match="Confirm the year"):
        actions.register_intervention(
            actor=officer, linking_year=draft, owner="Team", start_date=date(2028, 9, 1)
        )
    assert not Intervention.objects.exists()


@pytest.mark.django_db
def test_the_results_page_registers_and_links(client, confirmed, officer) -> None:
    client.force_login(officer)
    url = reverse("schools:year_results", args=[confirmed.pk])
    assert 'id="register"' in client.get(url).content.decode()
    refused = client.post(reverse("schools:year_register", args=[confirmed.pk]), {"owner": ""})
    assert refused.status_code == 400 and not Intervention.objects.exists()
    response = client.post(
        reverse("schools:year_register", args=[confirmed.pk]),
        {"owner": "Linking team", "start_date": "2027-09-01"},
    )
    intervention = Intervention.objects.get()
    assert response.status_code == 302 and response["Location"] == intervention.get_absolute_url()
    page = client.get(url).content.decode()
    assert intervention.get_absolute_url() in page and 'id="register"' not in page

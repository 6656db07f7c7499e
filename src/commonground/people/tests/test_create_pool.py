"""Creating a pool: the page (officers only, validation beside each field) and the action
(audited, deletion date applied to everyone who registers)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commonground.core.models import AuditEvent
from commonground.people import actions
from commonground.people.models import Pool, Respondent

pytestmark = pytest.mark.django_db


def form(**changes) -> dict:
    data = {
        "title": "Keighley voice 2027",
        "slug": "",
        "purpose": "Advise the Board on transport in Keighley.",
        "panel_size": "30",
        "characteristics": ["sex", "age_band", "ethnicity"],
        "delete_data_on": (timezone.localdate() + timedelta(days=400)).isoformat(),
        "one_per_household": "on",
        "open_for_registration": "on",
    }
    data.update(changes)
    return data


def test_an_officer_creates_a_pool_from_the_page_and_it_is_audited(client, officer):
    client.force_login(officer)
    listing = client.get(reverse("people:pools")).content.decode()
    assert reverse("people:pool_new") in listing  # linked from the officer's panel tools
    response = client.post(reverse("people:pool_new"), form())
    pool = Pool.objects.get(slug="keighley-voice-2027")  # made from the name
    assert response.status_code == 302 and response["Location"] == pool.get_absolute_url()
    assert pool.purpose.startswith("Advise the Board")
    assert pool.characteristics == ["sex", "age_band", "ethnicity"]
    assert pool.panel_size == 30 and pool.one_per_household and pool.open_for_registration
    assert pool.delete_data_on == timezone.localdate() + timedelta(days=400)
    event = AuditEvent.objects.get(action="people.pool.create")
    assert event.data["delete_data_on"] == pool.delete_data_on.isoformat()
    assert event.data["characteristics"] == ["sex", "age_band", "ethnicity"]


def test_the_page_names_each_problem_beside_its_field(client, officer):
    client.force_login(officer)
    Pool.objects.create(title="Taken", slug="taken", characteristics=["sex"])
    response = client.post(
        reverse("people:pool_new"),
        form(
            slug="taken",
            characteristics=[],
            panel_size="0",
            delete_data_on=timezone.localdate().isoformat(),
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"characteristics", "panel_size"}
    assert "govuk-error-summary" in response.content.decode()
    # with the field errors fixed, the action's own checks come back beside their fields
    response = client.post(
        reverse("people:pool_new"), form(slug="taken", delete_data_on="2020-01-01")
    )
    errors = response.context["form"].errors
    assert "is taken" in errors["slug"][0]
    assert "future" in errors["delete_data_on"][0]
    assert Pool.objects.count() == 1


def test_the_deletion_date_is_at_most_five_years_and_new_is_reserved(client, officer):
    client.force_login(officer)
    far = (timezone.localdate() + timedelta(days=365 * 6)).isoformat()
    response = client.post(reverse("people:pool_new"), form(delete_data_on=far))
    assert "five years" in response.context["form"].errors["delete_data_on"][0]
    response = client.post(reverse("people:pool_new"), form(slug="new"))
    assert "reserved" in response.context["form"].errors["slug"][0]
    assert not Pool.objects.exists()


def test_only_officers_create_pools(client, resident):
    client.force_login(resident)
    assert client.get(reverse("people:pool_new")).status_code == 403
    assert client.post(reverse("people:pool_new"), form()).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.create_pool(
            actor=resident, title="x", slug="x", panel_size=5, characteristics=["sex"]
        )
    assert not Pool.objects.exists()


def test_registrations_take_the_pools_deletion_date(officer):
    day = timezone.localdate() + timedelta(days=90)
    pool = actions.create_pool(
        actor=officer,
        title="Short",
        slug="short",
        panel_size=5,
        characteristics=["sex"],
        delete_data_on=day,
    )
    person = actions.register_interest(
        pool=pool, characteristics={"sex": "male"}, contact={"name": "A", "phone": "1"}
    )
    assert person.delete_after == day
    actions.import_pool(actor=officer, pool=pool, text="id,sex\nx1,female\n")
    assert Respondent.objects.get(external_id="x1").delete_after == day
    with pytest.raises(ValidationError):
        actions.create_pool(
            actor=officer, title="None", slug="none", panel_size=5, characteristics=[]
        )

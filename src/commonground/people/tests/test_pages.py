"""Pages: public registration (phone first, prefer not to say), officer pages, published results."""

import pytest
from django.urls import reverse

from commonground.people import actions
from commonground.people.models import ContactDetails, Respondent

pytestmark = pytest.mark.django_db


def test_register_form_offers_prefer_not_to_say_for_every_question(client, pool):
    page = client.get(reverse("people:register", args=[pool.slug]))
    html = page.content.decode()
    assert html.count('value="prefer_not_to_say"') == len(pool.characteristics)
    assert 'type="tel"' in html


def test_register_stores_characteristics_apart_from_contact(client, pool):
    data = {
        "c_sex": "female",
        "c_age_band": "prefer_not_to_say",
        "c_ethnicity": "asian",
        "name": "Amina",
        "phone": "07700 900123",
        "address": "1 High Street",
        "postcode": "BD1 1AA",
        "consent": "on",
    }
    response = client.post(reverse("people:register", args=[pool.slug]), data)
    assert response.status_code == 302
    person = Respondent.objects.latest("pk")
    assert person.characteristics == {
        "sex": "female",
        "age_band": "prefer_not_to_say",
        "ethnicity": "asian",
    }
    assert "Amina" not in str(person.characteristics)
    assert ContactDetails.objects.get(respondent=person).phone == "07700 900123"
    assert person.household_key and person.consent


def test_register_needs_consent_and_a_way_to_reach(client, pool):
    response = client.post(
        reverse("people:register", args=[pool.slug]), {"c_sex": "male", "name": "B"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert not Respondent.objects.filter(
        characteristics__sex="male", pool=pool, reference__startswith="x"
    ).exists()


def test_register_in_urdu(client, pool):
    client.cookies["django_language"] = "ur"
    page = client.get(reverse("people:register", args=[pool.slug]), HTTP_ACCEPT_LANGUAGE="ur")
    assert 'lang="ur"' in page.content.decode()


def test_officer_pages_and_infeasible_quota_explained(client, officer, pool):
    client.force_login(officer)
    actions.set_quotas(
        actor=officer,
        pool=pool,
        rows=[{"feature": "ethnicity", "value": "black", "minimum": 8, "maximum": 10}],
    )
    html = client.get(reverse("people:quotas", args=[pool.slug])).content.decode()
    assert "cannot be met" in html and "ethnicity=black" in html
    assert (
        "60 people in the pool"
        in client.get(reverse("people:pool", args=[pool.slug])).content.decode()
    )
    proposed = client.get(
        reverse("people:quotas", args=[pool.slug]) + "?propose=1"
    ).content.decode()
    assert "Proposed targets" in proposed


def test_quotas_form_saves(client, officer, pool):
    client.force_login(officer)
    response = client.post(
        reverse("people:quotas", args=[pool.slug]), {"min-sex-female": "3", "max-sex-female": "7"}
    )
    assert response.status_code == 302
    assert pool.quotas.get(feature="sex", value="female").maximum == 7


def test_residents_cannot_see_officer_pages(client, resident, pool):
    client.force_login(resident)
    assert client.get(reverse("people:pool", args=[pool.slug])).status_code == 403


def test_run_page_and_public_results(client, officer, pool, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("people:request_run", args=[pool.slug]), {"algorithm": "maximin", "seed": "5"}
        )
    run = pool.runs.get()
    assert response.url == run.get_absolute_url()
    assert "Waiting to start" in client.get(run.get_absolute_url()).content.decode()
    run = actions.run_selection(run.pk)
    status = client.get(reverse("people:run_status", args=[pool.slug, run.pk])).content.decode()
    assert "Lowest chance of selection" in status
    public = reverse("people:results", args=[pool.slug, run.pk])
    client.logout()
    assert client.get(public).status_code == 404
    actions.publish_selection(actor=officer, run=run)
    html = client.get(public).content.decode()
    assert "seed 5" in html and "r001" not in html

"""Posting, finding and signing up: bad input is refused by field and changes nothing; the
search sorts by distance from a postcode; one sign-up per person."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commonground.core.models import AuditEvent
from commonground.volunteering import actions
from commonground.volunteering.models import Opportunity, Signup

from .conftest import TONG, new_opportunity, one_off


@pytest.mark.django_db
def test_posting_refuses_bad_input_by_field_and_keeps_nothing(people):
    with pytest.raises(ValidationError) as error:
        new_opportunity(people, postcode="ZZ9 9ZZ")
    assert "postcode" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        one_off(people, days=-2)
    assert "starts_at" in error.value.message_dict
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        new_opportunity(people, starts_at=start, ends_at=start - timedelta(hours=1))
    assert "ends_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.post_opportunity(
            actor=people["stranger"],
            **{
                "organisation": people["organisation"],
                "title": "x",
                "summary": "x",
                "interest": "food",
                "ward": people["organisation"].pk and _tong(),
                "venue": "Hall",
                "postcode": "BD4 0AA",
                "places": 1,
            },
        )
    assert "organisation" in error.value.message_dict
    assert Opportunity.objects.count() == 0


def _tong():
    from commonground.core.models import Area

    return Area.objects.get(code=TONG)


@pytest.mark.django_db
def test_posting_places_it_on_the_map_and_audits(opportunity):
    assert opportunity.latitude and opportunity.longitude
    assert AuditEvent.objects.filter(action="volunteering.opportunity_posted").count() == 1


@pytest.mark.django_db
def test_search_by_postcode_sorts_by_distance_and_filters(client, people, opportunity):
    far = one_off(people)  # Bingley, about 8 km from the city centre
    near_tong = new_opportunity(
        people, title="Tong lunch club", ward=_tong(), postcode="BD4 0AA", languages=["ur"]
    )
    page = client.get("/volunteering/", {"postcode": "bd11aa", "distance": "10"})
    assert page.status_code == 200
    titles = [o.title for o in page.context["page"].object_list]
    assert titles[0] == opportunity.title
    assert set(titles) == {opportunity.title, far.title, near_tong.title}
    distances = [o.distance_km for o in page.context["page"].object_list]
    assert distances == sorted(distances)
    close = client.get("/volunteering/", {"postcode": "BD1 1AA", "distance": "1"})
    assert [o.title for o in close.context["page"].object_list] == [opportunity.title]
    polish = client.get("/volunteering/", {"language": "pl", "day": "tue"})
    assert {o.title for o in polish.context["page"].object_list} == {opportunity.title}
    gardening = client.get("/volunteering/", {"interest": "environment"})
    assert [o.title for o in gardening.context["page"].object_list] == [far.title]


@pytest.mark.django_db
def test_an_unknown_postcode_is_named_in_the_message(client, opportunity):
    page = client.get("/volunteering/", {"postcode": "ZZ1 1ZZ"})
    assert "We do not know the postcode ZZ1 1ZZ" in page.content.decode()
    assert page.context["near"] is False


@pytest.mark.django_db
def test_pages_are_public_and_translated(client, opportunity):
    assert client.get(opportunity.get_absolute_url()).status_code == 200
    polish = client.get(f"/pl{opportunity.get_absolute_url()}")
    assert polish.status_code == 200
    assert 'lang="pl"' in polish.content.decode()


@pytest.mark.django_db
def test_signing_up_twice_makes_one_signup(client, people, opportunity):
    client.force_login(people["alice"])
    url = f"/volunteering/{opportunity.slug}/sign-up/"
    client.post(url, {"confirms_age": "on"})
    client.post(url, {"confirms_age": "on"})
    assert Signup.objects.filter(user=people["alice"]).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(opportunity=opportunity, user=people["alice"])


@pytest.mark.django_db
def test_signing_up_needs_the_age_confirmed(client, people, opportunity):
    client.force_login(people["alice"])
    page = client.post(f"/volunteering/{opportunity.slug}/sign-up/", {}, follow=True)
    assert "Confirm that you are 16 or older." in page.content.decode()
    assert not Signup.objects.exists()


@pytest.mark.django_db
def test_a_closed_opportunity_takes_no_signups(people, opportunity):
    actions.close_opportunity(actor=people["coordinator"], opportunity=opportunity)
    with pytest.raises(ValidationError):
        actions.sign_up(actor=people["alice"], opportunity=opportunity, confirms_age=True)
    assert not Signup.objects.exists()


@pytest.mark.django_db
def test_a_light_account_signs_in_and_returns(client, strategy, opportunity):
    page = client.post(
        "/volunteering/join/",
        {
            "name": "Zofia",
            "email": "Zofia@example.org",
            "password": "a long enough passphrase",
            "next": opportunity.get_absolute_url(),
        },
    )
    assert page.status_code == 302 and page["Location"] == opportunity.get_absolute_url()
    again = client.get("/volunteering/mine/")
    assert again.status_code == 200
    client.logout()
    duplicate = client.post(
        "/volunteering/join/",
        {"name": "Z", "email": "zofia@example.org", "password": "another long passphrase"},
    )
    assert "already exists" in duplicate.content.decode()


@pytest.mark.django_db
def test_a_stranger_may_not_see_the_volunteers(client, people, opportunity):
    client.force_login(people["stranger"])
    assert client.get(f"/volunteering/{opportunity.slug}/volunteers/").status_code == 403
    client.force_login(people["coordinator"])
    assert client.get(f"/volunteering/{opportunity.slug}/volunteers/").status_code == 200


@pytest.mark.django_db
def test_posting_through_the_form(client, people):
    client.force_login(people["coordinator"])
    assert client.get("/volunteering/new/").status_code == 200
    page = client.post(
        "/volunteering/new/",
        {
            "organisation": people["organisation"].pk,
            "title": "Litter pick",
            "summary": "Pick litter in Tong.",
            "interest": "environment",
            "ward": _tong().pk,
            "venue": "Tong Hub",
            "postcode": "BD4 0AA",
            "frequency": "flexible",
            "minimum_age": 16,
            "places": 4,
        },
    )
    assert page.status_code == 302
    assert Opportunity.objects.get().postcode == "BD4 0AA"

"""The organiser's pages for a published event: edit it (the publish form, filled in) and
cancel it (a confirmation with an optional reason); the links show only to those allowed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commonground.core.messaging import outbox
from commonground.involved import actions
from commonground.involved.models import Event

from .conftest import new_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_outbox")]


@pytest.fixture
def cafe(people) -> Event:
    start = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    return new_event(people, starts_at=start, ends_at=start + timedelta(hours=2))


def form_data(event: Event, **changes) -> dict:
    local = timezone.localtime
    data = {
        "title": event.title,
        "language": event.language,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "pillar": event.pillar_id or "",
        "organiser": event.organiser_id,
        "starts_at": local(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "attendance_mode": event.attendance_mode,
        "venue": event.venue,
        "address": event.address,
        "postcode": event.postcode,
        "ward": event.ward_id or "",
        "online_url": event.online_url,
        "accessibility": event.accessibility,
        "languages": event.languages,
        "capacity": event.capacity or "",
        "is_public": "on" if event.is_public else "",
    }
    data.update(changes)
    return data


def edit_url(event):
    return reverse("involved:event_edit", args=[event.slug])


def cancel_url(event):
    return reverse("involved:event_cancel", args=[event.slug])


def test_the_organiser_edits_the_event_and_its_address_stays(client, people, cafe):
    people["alice"].email = "alice@example.org"
    people["alice"].save(update_fields=["email"])
    actions.register(actor=people["alice"], event=cafe)
    client.force_login(people["organiser"])
    page = client.get(edit_url(cafe))
    assert page.status_code == 200
    assert 'value="Manningham Library"' in page.content.decode()
    later = timezone.localtime(cafe.starts_at) + timedelta(hours=1)
    response = client.post(
        edit_url(cafe),
        form_data(
            cafe,
            starts_at=later.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == cafe.get_absolute_url()
    assert "The event is changed." in response.content.decode()
    changed = Event.objects.get(pk=cafe.pk)
    assert (changed.slug, changed.starts_at) == (cafe.slug, later)
    assert [m.to for m in outbox] == ["alice@example.org"]


def test_fewer_places_than_booked_is_shown_beside_the_places_field(client, people, cafe):
    for name in ("alice", "bob"):
        actions.register(actor=people[name], event=cafe)
    client.force_login(people["organiser"])
    response = client.post(edit_url(cafe), form_data(cafe, capacity="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_capacity"' in html and "2 people already have a place" in html
    assert Event.objects.get(pk=cafe.pk).capacity == 2


def test_a_start_in_the_past_is_refused_on_the_form(client, people, cafe):
    client.force_login(people["organiser"])
    past = timezone.localtime() - timedelta(days=1)
    response = client.post(
        edit_url(cafe), form_data(cafe, starts_at=past.strftime("%Y-%m-%dT%H:%M"))
    )
    assert response.status_code == 400
    assert 'href="#id_starts_at"' in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "stranger"])
def test_others_may_not_edit_or_cancel_and_see_no_links(client, people, cafe, who):
    client.force_login(people[who])
    assert client.get(edit_url(cafe)).status_code == 403
    assert client.post(edit_url(cafe), form_data(cafe, title="Taken")).status_code == 403
    assert client.post(cancel_url(cafe), {"reason": "no"}).status_code == 403
    page = client.get(cafe.get_absolute_url()).content.decode()
    assert edit_url(cafe) not in page and cancel_url(cafe) not in page
    assert Event.objects.get(pk=cafe.pk).cancelled_at is None


def test_links_show_on_the_event_page_and_the_door_page_for_the_organiser(client, people, cafe):
    client.force_login(people["organiser"])
    for url in (cafe.get_absolute_url(), reverse("involved:door", args=[cafe.slug])):
        html = client.get(url).content.decode()
        assert f'href="{edit_url(cafe)}"' in html and f'href="{cancel_url(cafe)}"' in html


def test_cancelling_asks_first_then_the_page_says_when_and_why(client, people, cafe):
    people["bob"].email = "bob@example.org"
    people["bob"].save(update_fields=["email"])
    actions.register(actor=people["bob"], event=cafe)
    client.force_login(people["organiser"])
    confirm = client.get(cancel_url(cafe))
    assert confirm.status_code == 200
    assert "1 person has a place" in confirm.content.decode()
    assert Event.objects.get(pk=cafe.pk).cancelled_at is None
    client.post(cancel_url(cafe), {"reason": "The library is closed for repairs"})
    assert [m.to for m in outbox] == ["bob@example.org"]
    client.force_login(people["bob"])
    html = client.get(cafe.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in html
    assert "The library is closed for repairs" in html
    assert "Give back my place" not in html and "Book a place" not in html
    assert "Registration is closed." in html
    assert cancel_url(cafe) not in html
    client.force_login(people["organiser"])
    assert client.get(edit_url(cafe)).status_code == 302
    assert client.get(cancel_url(cafe)).status_code == 302
    assert cancel_url(cafe) not in client.get(cafe.get_absolute_url()).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, cafe):
    response = client.get(edit_url(cafe))
    assert response.status_code == 302 and "sign-in" in response.url

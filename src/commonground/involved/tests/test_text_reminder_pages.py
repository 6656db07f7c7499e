"""The text-reminder pages: linked from "My involvement" and from a booked event's page; the
new number is refused beside the field as on the booking form; the change is confirmed in a
notification banner; someone else's registration is not found and nothing changes."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.involved import actions
from commonground.involved.models import Registration

from .conftest import new_event

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _texted(person, event, phone="07700 900123") -> Registration:
    return actions.register(actor=person, event=event, sms_reminder=True, phone=phone)


def test_the_pages_need_signing_in(people, event):
    mine = _texted(people["alice"], event)
    for url in (
        "/involved/me/text-reminders/",
        f"/involved/registrations/{mine.pk}/text-reminder/",
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_my_involvement_and_the_event_page_link_to_the_reminder(people, event):
    mine = _texted(people["alice"], event)
    client = _signed_in(people["alice"])
    one = f"/involved/registrations/{mine.pk}/text-reminder/"
    page = client.get("/involved/me/").content.decode()
    assert one in page and "/involved/me/text-reminders/" in page
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert one in event_page and "+447700900123" in event_page


def test_my_involvement_has_no_reminder_links_without_a_text_reminder(people, event):
    actions.register(actor=people["bob"], event=event)
    page = _signed_in(people["bob"]).get("/involved/me/").content.decode()
    assert "/text-reminder" not in page


def test_a_wrong_number_is_refused_beside_the_field_and_changes_nothing(people, event):
    mine = _texted(people["alice"], event)
    url = f"/involved/registrations/{mine.pk}/text-reminder/"
    client = _signed_in(people["alice"])
    response = client.post(url, {"do": "change", "phone": "01274 432111"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#id_phone"' in page
    assert 'id="id_phone-error"' in page
    assert "Enter a UK mobile number for the text reminder, like 07700 900123." in page
    assert "<title>Error:" in page
    empty = client.post(url, {"do": "change", "phone": ""})
    assert "Enter the mobile number to send text reminders to." in empty.content.decode()
    assert Registration.objects.get(pk=mine.pk).phone == "+447700900123"


def test_a_new_number_is_confirmed_in_a_banner(people, event):
    mine = _texted(people["alice"], event)
    url = f"/involved/registrations/{mine.pk}/text-reminder/"
    response = _signed_in(people["alice"]).post(
        url, {"do": "change", "phone": "07700 900 999"}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "will go to \u2066+447700900999\u2069" in page
    assert Registration.objects.get(pk=mine.pk).phone == "+447700900999"


def test_stopping_one_reminder_deletes_the_number(people, event):
    mine = _texted(people["alice"], event)
    url = f"/involved/registrations/{mine.pk}/text-reminder/"
    response = _signed_in(people["alice"]).post(url, {"do": "stop"}, follow=True)
    page = response.content.decode()
    assert "are stopped and your number is deleted" in page
    assert "No text reminder" in page
    stored = Registration.objects.get(pk=mine.pk)
    assert (stored.phone, stored.sms_reminder) == ("", False)


def test_all_bookings_at_once_from_one_page(people):
    alice = people["alice"]
    first, second = (new_event(people, title=t, capacity=5) for t in ("Faith walk", "Iftar"))
    for event in (first, second):
        _texted(alice, event)
    client = _signed_in(alice)
    listing = client.get("/involved/me/text-reminders/").content.decode()
    assert "Faith walk" in listing and "Iftar" in listing

    changed = client.post(
        "/involved/me/text-reminders/", {"do": "change", "phone": "07700900888"}, follow=True
    )
    assert "Text reminders for 2 upcoming events will go to" in changed.content.decode()
    assert set(Registration.objects.values_list("phone", flat=True)) == {"+447700900888"}

    stopped = client.post("/involved/me/text-reminders/", {"do": "stop"}, follow=True)
    page = stopped.content.decode()
    assert "Text reminders are stopped for 2 upcoming events" in page
    assert "None of your upcoming bookings has a text reminder." in page
    assert set(Registration.objects.values_list("phone", "sms_reminder")) == {("", False)}


def test_someone_elses_reminder_is_not_found_and_not_changed(people, event):
    mine = _texted(people["alice"], event)
    url = f"/involved/registrations/{mine.pk}/text-reminder/"
    for other in (people["bob"], people["officer"], people["organiser"]):
        client = _signed_in(other)
        assert client.get(url).status_code == 404
        assert client.post(url, {"do": "change", "phone": "07700900666"}).status_code == 404
        assert client.post(url, {"do": "stop"}).status_code == 404
        # "all my bookings" is only ever the signed-in person's own
        client.post("/involved/me/text-reminders/", {"do": "stop"})
    stored = Registration.objects.get(pk=mine.pk)
    assert (stored.phone, stored.sms_reminder) == ("+447700900123", True)


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_the_page_in_urdu_and_polish(people, event, language):
    mine = _texted(people["alice"], event)
    response = _signed_in(people["alice"]).get(
        f"/{language}/involved/registrations/{mine.pk}/text-reminder/"
    )
    assert response.status_code == 200
    page = response.content.decode()
    direction = "rtl" if language == "ur" else "ltr"
    assert f'<html lang="{language}" dir="{direction}"' in page
    assert '<bdi dir="ltr">+447700900123</bdi>' in page

"""Invitation pages: upload the address list, draw a batch, print the letters (one A4 page each,
three languages, no site chrome) or get them as a PDF; response rate per batch."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from weasyprint import HTML

from commonground.people import actions
from commonground.people.models import Address

pytestmark = pytest.mark.django_db


def upload(client, pool, text: str, name: str = "addresses.csv"):
    return client.post(
        reverse("people:addresses", args=[pool.slug]),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_an_officer_uploads_addresses_draws_letters_and_sees_the_response_rate(
    client, officer, pool
):
    client.force_login(officer)
    page = client.get(pool.get_absolute_url()).content.decode()
    assert reverse("people:invitations", args=[pool.slug]) in page
    response = upload(client, pool, "\n".join(f"{n} Oak Road, Bradford BD3 9AB" for n in range(8)))
    assert response.status_code == 302
    response = client.post(reverse("people:draw", args=[pool.slug]), {"size": "4"})
    assert response.status_code == 302
    batch = pool.batches.get()
    code = batch.invitations.first().code
    actions.register_interest(
        pool=pool, characteristics={}, contact={"name": "Z", "phone": "1"}, code=code
    )
    page = client.get(reverse("people:invitations", args=[pool.slug]))
    html = page.content.decode()
    assert page.context["addresses"] == 8 and page.context["undrawn"] == 4
    assert "25.0%" in html  # one of four letters answered
    assert reverse("people:letters", args=[pool.slug, batch.pk]) in html


def test_upload_and_draw_errors_are_named(client, officer, pool):
    client.force_login(officer)
    response = upload(client, pool, "address,postcode\n1 Road,BD1 1AA\n,BD2 2BB\n", name="bad.csv")
    assert response.status_code == 400
    assert response.context["errors"] == ['bad.csv: line 3, column "address": empty']
    assert "bad.csv: line 3, column &quot;address&quot;: empty" in response.content.decode()
    assert not Address.objects.exists()
    response = upload(client, pool, "")
    assert response.status_code == 400 and response.context["upload_form"].errors
    response = client.post(reverse("people:draw", args=[pool.slug]), {"size": "0"})
    assert response.status_code == 400 and "size" in response.context["form"].errors
    upload(client, pool, "1 Road\n2 Road")
    response = client.post(reverse("people:draw", args=[pool.slug]), {"size": "3"})
    assert response.status_code == 400
    assert "Only 2 addresses" in response.content.decode()


def test_the_print_page_has_one_letter_per_address_in_three_languages(client, officer, pool):
    client.force_login(officer)
    pool.purpose = "Advise the Board on parks."
    pool.save()
    actions.add_addresses(actor=officer, pool=pool, text="1 Elm Road, Bradford BD7 1AA\n2 Elm Road")
    batch = actions.create_invitations(actor=officer, pool=pool, size=2)
    response = client.get(reverse("people:letters", args=[pool.slug, batch.pk]))
    html = response.content.decode()
    assert html.count('<article class="letter"') == 2
    assert "break-after: page" in html and "@page { size: A4" in html
    assert "govuk-header" not in html  # no site chrome
    for invitation in batch.invitations.all():
        assert invitation.code in html
        assert f"?code={invitation.code}" not in html  # the link is in the QR code only
    assert html.count("<svg") == 2  # a QR code on each letter
    assert "1 Elm Road" in html and "BD7 1AA" in html
    assert len(re.findall(r'<section lang="en" dir="ltr">', html)) == 2
    assert len(re.findall(r'<section lang="ur" dir="rtl">', html)) == 2
    assert len(re.findall(r'<section lang="pl" dir="ltr">', html)) == 2
    assert html.count("Advise the Board on parks.") == 6
    assert "http://testserver/panel/voice/register/" in html


def test_the_letters_come_as_a_pdf(client, officer, pool):
    client.force_login(officer)
    batch = actions.create_invitations(actor=officer, pool=pool, size=2)
    response = client.get(reverse("people:letters_pdf", args=[pool.slug, batch.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = client.get(reverse("people:letters", args=[pool.slug, batch.pk])).content.decode()
    pages = HTML(string=html, base_url="http://testserver/").render().pages
    assert len(pages) == 2  # each letter, in three languages, fits its own A4 page
    assert {(round(p.width), round(p.height)) for p in pages} == {(794, 1123)}  # A4 at 96 dpi


def test_the_register_form_accepts_the_code_from_the_letter(client, officer, pool):
    batch = actions.create_invitations(actor=officer, pool=pool, size=1)
    code = batch.invitations.get().code
    url = reverse("people:register", args=[pool.slug])
    assert f'value="{code}"' in client.get(f"{url}?code={code}").content.decode()
    data = {
        "c_sex": "male",
        "c_age_band": "30-44",
        "c_ethnicity": "white",
        "name": "Piotr",
        "phone": "07700 900111",
        "code": code,
        "consent": "on",
    }
    assert client.post(url, data).status_code == 302
    assert batch.invitations.get().respondent.contact.name == "Piotr"


def test_letters_are_for_officers_only(client, resident, pool, officer):
    batch = actions.create_invitations(actor=officer, pool=pool, size=1)
    client.force_login(resident)
    for name, args in (
        ("people:invitations", [pool.slug]),
        ("people:letters", [pool.slug, batch.pk]),
        ("people:letters_pdf", [pool.slug, batch.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse("people:draw", args=[pool.slug]), {"size": "1"}).status_code == 403

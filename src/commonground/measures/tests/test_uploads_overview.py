"""/measures/uploads/ for an officer who acts for no organisation: every partner's uploads,
not a refusal (the officer's "Your tasks" page links here)."""

import pytest
from django.urls import reverse

from commonground.core.roles import Role
from commonground.measures import actions
from commonground.measures.models import UploadVia

from .conftest import HEADER, make_user


@pytest.fixture
def police_upload(indicators, police, partner_user):
    return actions.receive_upload(
        police,
        file_name="hate-2021.csv",
        content=(HEADER + "hate-crimes,E08000032,2021,,1810,,\n").encode(),
        user=partner_user,
        via=UploadVia.WEB,
    )


def test_an_officer_without_an_organisation_sees_every_partners_uploads(client, police_upload):
    officer = make_user("officer-no-org", Role.OFFICER)
    client.force_login(officer)
    response = client.get(reverse("measures:uploads"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uploads from partners" in page
    assert "hate-2021.csv" in page
    assert "West Yorkshire Police" in page
    assert police_upload.get_absolute_url() in page
    assert 'name="file"' not in page  # no upload form: an officer uploads for no organisation


def test_a_partner_still_gets_the_upload_form_and_only_its_own_uploads(
    client, police_upload, partner_user
):
    client.force_login(partner_user)
    page = client.get(reverse("measures:uploads")).content.decode()
    assert 'name="file"' in page
    assert "hate-2021.csv" in page
    assert "Uploads from partners" not in page

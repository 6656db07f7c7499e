"""The linking year page's "Open the surveys in Conversations" (``schools:year_open_survey``):
an officer chooses the consultation that hosts them; the year page then says the surveys are
in Conversations and links to them; a missing choice is named on the field; only officers."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from commonground.consult.models import Survey

from .survey_fixtures import host_fixture, teachers_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_an_officer_opens_the_surveys_and_the_year_page_links_to_them(
    client, confirmed, officer, host
) -> None:
    client.force_login(officer)
    page = client.get(confirmed.get_absolute_url()).content.decode()
    assert 'id="open-survey"' in page and host.title in page
    response = client.post(
        reverse("schools:year_open_survey", args=[confirmed.pk]), {"consultation": host.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith("#survey")
    confirmed.refresh_from_db()
    assert confirmed.in_conversations
    assert Survey.objects.filter(consultation=host).count() == 2
    page = client.get(confirmed.get_absolute_url()).content.decode()
    assert 'id="survey-in-conversations"' in page and 'id="open-survey"' not in page
    counts = reverse("consult:survey_counts", args=[host.slug])
    assert f"{counts}?survey={confirmed.survey_before_id}" in page
    assert f"{counts}?survey={confirmed.survey_after_id}" in page
    pairs = confirmed.pairs.count()
    assert f"0 of {2 * pairs} classes entered" in page
    english = escape(confirmed.survey_before.title)
    assert english in page

    again = client.post(
        reverse("schools:year_open_survey", args=[confirmed.pk]), {"consultation": host.pk}
    )
    assert again.status_code == 400
    assert "already in Conversations" in again.content.decode()
    assert Survey.objects.filter(consultation=host).count() == 2

    # the surveys' titles in the reader's language
    address = confirmed.get_absolute_url()  # (a request leaves its language active after it)
    for language in ("ur", "pl"):
        page = client.get(f"/{language}{address}").content.decode()
        title = escape(confirmed.survey_before.title_in(language))
        assert title != english and title in page and english not in page


def test_no_consultation_chosen_is_named_on_the_field(client, confirmed, officer, host) -> None:
    client.force_login(officer)
    response = client.post(reverse("schools:year_open_survey", args=[confirmed.pk]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the consultation that hosts the surveys." in page
    assert 'id="id_consultation-error"' in page
    assert not Survey.objects.exists()


def test_a_teacher_may_not_open_the_surveys(client, confirmed, host, teachers) -> None:
    client.force_login(teachers["a"])
    response = client.post(
        reverse("schools:year_open_survey", args=[confirmed.pk]), {"consultation": host.pk}
    )
    assert response.status_code == 403
    assert not Survey.objects.exists()

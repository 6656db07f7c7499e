"""The list of a consultation's groups whose counts the signed-in person may enter
(``consult:survey_counts``): officers see every group, with whether it is entered; people
the groups do not name are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commonground.consult import actions

from .count_fixtures import counted_fixture, posted  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_sees_the_groups_and_which_are_entered(counted) -> None:
    officer, survey = counted["officer"], counted["survey"]
    later = actions.open_count_group(
        actor=officer, survey=survey, key="class-4b-after", label="Class 4B, after"
    )
    client = signed_in(officer)
    client.post(
        reverse("consult:survey_count_group", args=[survey.consultation.slug, later.pk]),
        posted(counted),
    )
    path = reverse("consult:survey_counts", args=[survey.consultation.slug])
    response = client.get(f"{path}?survey={survey.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Class 4B, before" in page and "Class 4B, after" in page
    assert page.count("govuk-tag--green") == 1 and page.count("govuk-tag--grey") == 1
    assert reverse("consult:survey_count_group", args=[survey.consultation.slug, later.pk]) in page


def test_someone_with_no_group_to_enter_is_refused(counted) -> None:
    path = reverse("consult:survey_counts", args=[counted["survey"].consultation.slug])
    assert signed_in(counted["resident"]).get(path).status_code == 403

"""The pair's survey page (``schools:pair_survey``) and the pair page: while the year uses
the class-count form they offer it; once the year's surveys are in Conversations they link
to each of the person's schools' count groups there instead, and the old form takes nothing.
A teacher of the other school is refused on the consult entry page."""

import pytest
from django.urls import reverse

from commonground.consult.models import CountGroup
from commonground.schools import actions
from commonground.schools.models import SurveyCount
from commonground.schools.survey import STATEMENTS
from commonground.schools.survey_consult import group_key

from .survey_fixtures import host_fixture, teachers_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def old_form(pair) -> dict:
    data = {"school": pair.school_a_id, "stage": "before"}
    for n in range(1, len(STATEMENTS) + 1):
        data |= {f"s{n}_agree": 3, f"s{n}_unsure": 2, f"s{n}_disagree": 1}
    return data


def test_before_the_move_the_old_form_is_used(client, confirmed, teachers) -> None:
    pair = teachers["pair"]
    client.force_login(teachers["a"])
    page = client.get(pair.get_absolute_url()).content.decode()
    assert reverse("schools:pair_survey", args=[pair.pk]) in page
    response = client.get(reverse("schools:pair_survey", args=[pair.pk]))
    assert response.status_code == 200 and "s1_agree" in response.content.decode()


def test_after_the_move_a_teacher_is_sent_to_their_own_schools_groups(
    client, confirmed, officer, host, teachers
) -> None:
    pair = teachers["pair"]
    year = actions.open_survey_in_conversations(
        actor=officer, linking_year=confirmed, consultation=host
    )
    mine = {g.survey_id: g for g in CountGroup.objects.filter(key=group_key(pair, pair.school_a))}
    theirs = CountGroup.objects.get(survey=year.survey_before, key=group_key(pair, pair.school_b))
    mine_urls = [
        reverse("consult:survey_count_group", args=[host.slug, g.pk]) for g in mine.values()
    ]
    their_url = reverse("consult:survey_count_group", args=[host.slug, theirs.pk])
    client.force_login(teachers["a"])

    page = client.get(pair.get_absolute_url()).content.decode()
    assert all(u in page for u in mine_urls) and their_url not in page
    assert reverse("schools:pair_survey", args=[pair.pk]) not in page

    survey_page = client.get(reverse("schools:pair_survey", args=[pair.pk]))
    assert survey_page.status_code == 200
    text = survey_page.content.decode()
    assert all(u in text for u in mine_urls) and "s1_agree" not in text
    refused = client.post(reverse("schools:pair_survey", args=[pair.pk]), old_form(pair))
    assert refused.status_code == 409
    assert not SurveyCount.objects.exists()

    # the consult entry page: their own school's group opens, the other school's is refused
    assert client.get(mine_urls[0]).status_code == 200
    assert client.get(their_url).status_code == 403
    data = {
        f"q{q.pk}-{v}": "4"
        for q in year.survey_before.questions_in_order()
        for v in ("agree", "unsure", "disagree")
    }
    assert client.post(their_url, data).status_code == 403
    theirs.refresh_from_db()
    assert theirs.entered_at is None and not theirs.answer_counts.exists()
    listing = client.get(reverse("consult:survey_counts", args=[host.slug])).content.decode()
    assert all(u in listing for u in mine_urls) and their_url not in listing


def test_an_officer_sees_both_schools_groups(client, confirmed, officer, host, teachers) -> None:
    pair = teachers["pair"]
    actions.open_survey_in_conversations(actor=officer, linking_year=confirmed, consultation=host)
    client.force_login(officer)
    page = client.get(pair.get_absolute_url()).content.decode()
    for school in (pair.school_a, pair.school_b):
        for group in CountGroup.objects.filter(key=group_key(pair, school)):
            assert reverse("consult:survey_count_group", args=[host.slug, group.pk]) in page

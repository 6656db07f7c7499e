"""Pages: the public cohort page and its window, applying, the officer's pages, the lottery
from the browser's point of view, a participant's private log, and who may see what."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from commonground.core.roles import Role
from commonground.leaders import actions
from commonground.leaders.models import Application, Cohort, LogEntry, Lottery, Status
from commonground.testing.people import make_user

from .conftest import make_applicant

pytestmark = pytest.mark.django_db


def test_the_public_cohort_page_explains_and_links_to_apply(client, open_cohort):
    html = client.get(reverse("leaders:cohort", args=[open_cohort.slug])).content.decode()
    assert "year-long programme" in html
    assert reverse("leaders:apply", args=[open_cohort.slug]) in html
    assert client.get(reverse("leaders:index")).status_code == 200


def test_a_cohort_not_yet_open_says_when_it_opens(client, open_cohort):
    Cohort.objects.filter(pk=open_cohort.pk).update(opens_on=date(2031, 3, 2))
    html = client.get(reverse("leaders:cohort", args=[open_cohort.slug])).content.decode()
    assert "Applications open on 2 March 2031." in html
    assert reverse("leaders:apply", args=[open_cohort.slug]) not in html


def test_a_closed_cohort_says_when_it_closed(client, open_cohort):
    Cohort.objects.filter(pk=open_cohort.pk).update(
        opens_on=date(2025, 1, 1), closes_on=date(2025, 2, 14)
    )
    html = client.get(reverse("leaders:cohort", args=[open_cohort.slug])).content.decode()
    assert "Applications closed on 14 February 2025." in html


def test_staff_of_a_partner_apply_through_the_form(client, open_cohort, organisations):
    applicant = make_applicant(1, organisations[2])
    client.force_login(applicant)
    url = reverse("leaders:apply", args=[open_cohort.slug])
    page = client.get(url).content.decode()
    assert 'value="prefer_not_to_say"' in page and organisations[2].name in page
    assert organisations[0].name not in page  # only organisations they work for
    response = client.post(
        url,
        {
            "organisation": organisations[2].pk,
            "grade": "officer",
            "minority": "yes",
            "goals": ["finance", "strategy"],
            "learn": "Budgets and strategy",
            "background": "British Bangladeshi",
            "consent": "on",
        },
    )
    application = Application.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "leaders:application", args=[open_cohort.slug, application.reference]
    )
    assert application.goals == ["finance", "strategy"]
    assert "British Bangladeshi" in client.get(response["Location"]).content.decode()


def test_a_bad_application_shows_the_errors_and_saves_nothing(client, open_cohort, organisations):
    client.force_login(make_applicant(1, organisations[0]))
    response = client.post(
        reverse("leaders:apply", args=[open_cohort.slug]),
        {"organisation": organisations[0].pk, "goals": ["a", "b"], "learn": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Grade band" in html
    assert not Application.objects.exists()


def test_someone_not_working_for_a_partner_is_told_how_to_apply(client, open_cohort):
    client.force_login(make_user("resident-fl", Role.RESIDENT))
    response = client.get(reverse("leaders:apply", args=[open_cohort.slug]))
    assert response.status_code == 403
    assert "You cannot apply yet" in response.content.decode()


def test_an_applicant_cannot_read_another_application(client, closed_cohort):
    first, second = closed_cohort.applications.order_by("reference")[:2]
    client.force_login(first.applicant)
    assert (
        client.get(
            reverse("leaders:application", args=[closed_cohort.slug, second.reference])
        ).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["applications", "quotas", "lottery", "workforce"])
def test_officer_pages_are_the_officers(client, officer, closed_cohort, name):
    url = reverse(f"leaders:{name}", args=[closed_cohort.slug])
    client.force_login(closed_cohort.applications.first().applicant)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    assert client.get(url).status_code == 200


def test_an_officer_sees_infeasible_quotas_explained(client, officer, closed_cohort):
    client.force_login(officer)
    url = reverse("leaders:quotas", args=[closed_cohort.slug])
    response = client.post(url, {"min-minority-yes": "15", "max-minority-yes": "20"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "The quotas cannot be met from these applicants." in html
    assert "lower the minimum for Minority background: Yes from 15 to 10" in html
    bad = client.post(url, {"min-minority-yes": "x"}).content.decode()
    assert "give whole numbers" in bad
    assert closed_cohort.quotas.get().minimum == 15  # unchanged


def test_an_officer_runs_the_lottery_and_sees_probabilities(client, officer, closed_cohort):
    client.force_login(officer)
    response = client.post(reverse("leaders:lottery", args=[closed_cohort.slug]), {"seed": "42"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "42" in html and "FL001" in html and "0.667" in html
    assert closed_cohort.participants().count() == 20


def test_an_officer_chooses_the_nash_method_and_the_result_names_it(client, officer, closed_cohort):
    client.force_login(officer)
    url = reverse("leaders:lottery", args=[closed_cohort.slug])
    form = client.get(url).content.decode()
    assert 'value="maximin" checked' in form and 'value="leximin"' in form
    assert 'value="legacy"' not in form
    response = client.post(url, {"seed": "9", "algorithm": "nash"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Nash (product of chances as high as possible)" in html
    assert Lottery.objects.get().algorithm == "nash"


def test_a_participant_writes_a_private_log_entry(client, officer, closed_cohort, board):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=8)
    first, second = list(closed_cohort.participants())[:2]
    url = reverse("leaders:participant", args=[closed_cohort.slug, first.reference])
    client.force_login(first.applicant)
    response = client.post(url, {"kind": "reflection", "text": "Chairing was hard", "session": ""})
    assert response.status_code == 302
    assert LogEntry.objects.get().text == "Chairing was hard"
    assert "Chairing was hard" in client.get(url).content.decode()
    for outsider in (second.applicant, board):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    client.force_login(officer)
    html = client.get(url).content.decode()
    assert "Chairing was hard" in html and "Record an outcome" in html
    assert 'name="text"' not in html  # officers read, they do not write in it


def test_empty_log_entry_is_refused_with_the_field_named(client, officer, closed_cohort):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=8)
    person = closed_cohort.participants().first()
    client.force_login(person.applicant)
    html = client.post(
        reverse("leaders:participant", args=[closed_cohort.slug, person.reference]),
        {"kind": "log", "text": ""},
    ).content.decode()
    assert "There is a problem" in html
    assert not LogEntry.objects.exists()


def test_the_programme_page_adds_sessions_and_matches_mentors(
    client, officer, closed_cohort, organisations
):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=8)
    actions.add_mentor(
        actor=officer,
        name="Dr Mentor",
        organisation=organisations[0],
        role="Director",
        strengths=["finance"],
        capacity=3,
    )
    client.force_login(officer)
    url = reverse("leaders:programme", args=[closed_cohort.slug])
    response = client.post(
        url,
        {"kind": "networking", "title": "Summer gathering", "on": "2027-06-01", "place": "Park"},
    )
    assert response.status_code == 302
    client.post(reverse("leaders:match", args=[closed_cohort.slug]))
    html = client.get(url).content.decode()
    assert "Summer gathering" in html and "1 June 2027" in html and "Dr Mentor" in html
    participant = closed_cohort.participants().filter(pairing__isnull=False).first()
    assert participant.organisation != organisations[0]
    # a participant sees the programme and only their own pair
    client.force_login(participant.applicant)
    html = client.get(url).content.decode()
    assert html.count("Dr Mentor") == 1 and "Add a session" not in html
    outsider = make_applicant(99, organisations[0])
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_attendance_and_outcome_pages(client, officer, closed_cohort):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=8)
    session = actions.add_session(
        actor=officer,
        cohort=closed_cohort,
        kind="workshop",
        title="Chairing",
        on=date.today() - timedelta(days=1),
        place="Hall",
    )
    people = list(closed_cohort.participants())
    client.force_login(officer)
    client.post(
        reverse("leaders:attendance", args=[closed_cohort.slug, session.pk]),
        {"present": [people[0].pk, people[1].pk]},
    )
    assert session.attendance.filter(present=True).count() == 2
    client.post(
        reverse("leaders:outcome", args=[closed_cohort.slug, people[0].reference]),
        {"horizon": "1", "promotion": "on"},
    )
    assert people[0].outcomes.get().promotion
    assert people[0].status == Status.SELECTED


def test_an_officer_creates_a_cohort_and_a_bad_size_is_named(client, officer):
    client.force_login(officer)
    url = reverse("leaders:new_cohort")
    data = {
        "name": "FL 2028",
        "slug": "fl-2028",
        "year": "2028",
        "size": "50",
        "opens_on": "2028-01-01",
        "closes_on": "2028-02-01",
    }
    html = client.post(url, data).content.decode()
    assert "Number of places" in html and not Cohort.objects.exists()
    data["size"] = "30"
    assert client.post(url, data).status_code == 302
    assert Cohort.objects.get().size == 30


def test_with_no_more_applicants_than_places_no_lottery_is_needed(
    client, officer, open_cohort, organisations
):
    from .conftest import apply_many, close

    apply_many(open_cohort, organisations, count=5)
    close(open_cohort)
    client.force_login(officer)
    html = client.get(reverse("leaders:quotas", args=[open_cohort.slug])).content.decode()
    assert "There are 5 eligible applicants for 20 places: no lottery is needed." in html
    response = client.post(reverse("leaders:lottery", args=[open_cohort.slug]), {"seed": "1"})
    assert "offer places by assessment" in response.content.decode()
    assert not open_cohort.lotteries.exists()

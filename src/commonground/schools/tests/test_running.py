"""Running the links: days set and confirmed by each school's teacher, "Your tasks" for
teachers and officers, sessions booked and attended, the class survey and its results page,
and the neighbour measure sent to Measures by an officer."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.schools import actions, waiting
from commonground.schools.models import LinkingDay, SchoolContact, SessionKind, SurveyCount
from commonground.testing.people import make_user


@pytest.fixture
def pair(confirmed):
    return confirmed.pairs.select_related("school_a", "school_b").order_by("-difference").first()


@pytest.fixture
def teacher(pair):
    user = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=user, role="teacher")
    return user


@pytest.mark.django_db
def test_a_new_date_must_be_confirmed_by_both_schools(pair, officer, teacher) -> None:
    day = pair.days.get(kind="neutral")
    actions.update_day(actor=officer, day=day, date=date(2027, 11, 3), venue="Cartwright Hall")
    tasks = waiting.tasks(teacher)
    assert len(tasks) == 1 and "confirm the date" in tasks[0].text
    actions.confirm_day(actor=teacher, day=day, school=pair.school_a)
    with pytest.raises(PermissionDenied):  # a teacher confirms only for their own school
        actions.confirm_day(actor=teacher, day=day, school=pair.school_b)
    actions.confirm_day(actor=officer, day=day, school=pair.school_b)
    day.refresh_from_db()
    assert day.confirmed and waiting.tasks(teacher) == []
    actions.update_day(actor=teacher, day=day, date=date(2027, 11, 10))
    day.refresh_from_db()
    assert not day.confirmed and day.confirmed_a_by is None
    events = AuditEvent.objects.filter(action="schools.linking_day_confirmed")
    assert [e.data["on_behalf"] for e in events.order_by("pk")] == [False, True]


@pytest.mark.django_db
def test_teacher_confirms_on_the_pair_page(client, pair, officer, teacher) -> None:
    day = pair.days.get(kind="at_a")
    actions.update_day(actor=officer, day=day, date=date(2027, 10, 6))
    client.force_login(teacher)
    html = client.get(pair.get_absolute_url()).content.decode()
    assert "6 October 2027" in html and "Accept or decline" not in html
    response = client.post(reverse("schools:day_confirm", args=[day.pk]))
    assert response.status_code == 302
    assert LinkingDay.objects.get(pk=day.pk).confirmed_a_by == teacher
    stranger = make_user("stranger", Role.RESIDENT)
    client.force_login(stranger)
    assert client.get(pair.get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_confirming_without_a_date_is_refused(pair, teacher) -> None:
    with pytest.raises(ValidationError):
        actions.confirm_day(actor=teacher, day=pair.days.first(), school=pair.school_a)


@pytest.mark.django_db
def test_officer_sees_pairs_waiting_for_answers(confirmed, officer) -> None:
    tasks = [t for t in waiting.tasks(officer) if "waiting for a school's answer" in t.text]
    assert tasks[0].count == confirmed.pairs.count()
    contact = make_user("head", Role.RESIDENT)
    pair = confirmed.pairs.first()
    SchoolContact.objects.create(school=pair.school_b, user=contact, role="contact")
    assert "accept or decline" in waiting.tasks(contact)[0].text


@pytest.mark.django_db
def test_sessions_bookings_full_and_attendance(client, pair, officer, teacher) -> None:
    session = actions.create_session(
        actor=officer,
        kind=SessionKind.SUPPLEMENTARY,
        title="Toolkit",
        starts_on=date(2027, 9, 20),
        venue="Library",
        capacity=3,
    )
    booking = actions.book(actor=teacher, session=session, name="A. Khan", organisation="Madrasa")
    with pytest.raises(ValidationError) as refused:
        actions.book(actor=teacher, session=session, name="B", organisation="X", places=3)
    assert "places" in refused.value.error_dict
    client.force_login(officer)
    client.post(
        reverse("schools:session_attendance", args=[session.pk]), {"attended": [booking.pk]}
    )
    booking.refresh_from_db()
    assert booking.attended is True
    resident = make_user("resident", Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        actions.book(actor=resident, session=session, name="C", organisation="Y")


def _counts(yes: int) -> dict:
    return {n: (yes, 4, 26 - yes) for n in range(1, 6)}


@pytest.mark.django_db
def test_survey_entry_and_results(client, pair, officer, teacher) -> None:
    client.force_login(teacher)
    data = {"school": pair.school_a.pk, "stage": "before"}
    for n in range(1, 6):
        data |= {f"s{n}_agree": 10, f"s{n}_unsure": 4, f"s{n}_disagree": 16}
    assert client.post(reverse("schools:pair_survey", args=[pair.pk]), data).status_code == 302
    bad = data | {"s3_agree": -1}
    response = client.post(reverse("schools:pair_survey", args=[pair.pk]), bad)
    assert response.status_code == 400
    assert SurveyCount.objects.get(statement=3, stage="before").agree == 10
    actions.record_survey(
        actor=officer, pair=pair, school=pair.school_a, stage="after", counts=_counts(20)
    )
    client.force_login(officer)
    html = client.get(reverse("schools:year_results", args=[pair.linking_year_id])).content
    html = html.decode()
    assert "33% before, 67% after" in html  # 10/30 and 20/30 (children counted once)
    assert "The rise is clear" in html and escape(pair.school_a.name) in html
    client.force_login(teacher)
    assert (
        client.get(reverse("schools:year_results", args=[pair.linking_year_id])).status_code == 403
    )


@pytest.mark.django_db
def test_officer_sends_the_neighbour_measure_to_measures(client, loaded, officer) -> None:
    from commonground.measures.models import Observation

    client.force_login(officer)
    response = client.post(reverse("schools:publish"), {"year": "2022/23"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="schools.measure_published")
    assert event.data["figures"] == {"created": 0, "corrected": 0, "unchanged": 4}
    assert set(
        Observation.objects.filter(indicator__slug__startswith="schools-").values_list(
            "origin", flat=True
        )
    ) == {"schools"}
    resident = make_user("resident", Role.RESIDENT)
    client.force_login(resident)
    assert client.post(reverse("schools:publish"), {"year": "2022/23"}).status_code == 403


@pytest.mark.django_db
def test_linking_pages_render_for_an_officer(client, pair, officer) -> None:
    client.force_login(officer)
    day = pair.days.first()
    pages = {
        reverse("schools:years"): "Plan a new linking year",
        pair.linking_year.get_absolute_url(): escape(pair.school_a.name),
        reverse("schools:my_links"): escape(pair.school_b.name),
        pair.get_absolute_url(): "Linking days",
        reverse("schools:day", args=[day.pk]): "Save the day",
        reverse("schools:pair_survey", args=[pair.pk]): "I feel happy when I meet children",
        reverse("schools:sessions"): "Add a session",
        reverse("schools:contacts"): "Add a contact or teacher",
        reverse("schools:year_results", args=[pair.linking_year_id]): "No before-and-after",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url

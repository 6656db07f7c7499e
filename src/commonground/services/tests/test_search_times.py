"""Day-and-time ranges in the resident search: "Tuesday after 17:00", "weekend mornings", a day
group and a part of the day, always checked against one and the same schedule row."""

from __future__ import annotations

from datetime import time

import pytest

from commonground.services import queries
from commonground.services.models import Organization, Schedule, Service


def _service(name: str, *sessions: tuple[str, time | None, time | None]) -> Service:
    org, _ = Organization.objects.get_or_create(name="Timetable test")
    service = Service.objects.create(organization=org, name=name, description=name)
    for byday, opens, closes in sessions:
        Schedule.objects.create(
            service=service, freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes
        )
    return service


@pytest.fixture
def timetable(db) -> None:
    _service("Tuesday late", ("TU", time(16), time(19)))
    _service("Tuesday daytime", ("TU", time(9), time(17)))
    _service("Saturday morning", ("SA", time(10), time(12)))
    _service("Sunday afternoon", ("SU", time(13), time(15)))
    _service(
        "Monday morning, Saturday evening",
        ("MO", time(9), time(11)),
        ("SA", time(18), time(20)),
    )
    _service("Tuesday, no times", ("TU", None, None))


def names(client, **query) -> set[str]:
    response = client.get("/services/", query)
    assert response.status_code == 200
    return {r.service.name for r in response.context["results"]}


def test_tuesday_after_five(client, timetable):
    # Open after 17:00 means still open after five: closing at 17:00 is not enough.
    assert names(client, day="TU", after="17:00") == {"Tuesday late"}


def test_weekend_mornings(client, timetable):
    assert names(client, day="weekend", part="morning") == {"Saturday morning"}


def test_day_and_time_are_read_from_the_same_session(client, timetable):
    # Saturday only in the evening, mornings only on Monday: not a "Saturday morning".
    assert names(client, day="SA", part="morning") == {"Saturday morning"}
    assert names(client, day="weekend", part="evening") == {"Monday morning, Saturday evening"}


def test_a_day_alone_keeps_sessions_without_times(client, timetable):
    assert names(client, day="TU") == {"Tuesday late", "Tuesday daytime", "Tuesday, no times"}
    assert "Tuesday, no times" not in names(client, day="TU", part="afternoon")


def test_weekdays_and_an_explicit_window(client, timetable):
    found = names(client, day="weekdays", after="10:30", before="12:00")
    assert found == {"Tuesday daytime", "Monday morning, Saturday evening"}


def test_a_window_that_ends_before_it_starts_is_explained(client, timetable):
    response = client.get("/services/", {"after": "18:00", "before": "09:00"})
    text = response.content.decode()
    assert "later than" in text and 'href="#id_before"' in text
    assert response.context["results"] == []


def test_a_time_that_is_not_a_time_names_the_field(client, timetable):
    response = client.get("/services/", {"after": "teatime"})
    assert "Enter a time like 17:00" in response.content.decode()


def test_parts_of_the_day_narrowed_by_explicit_times():
    assert queries.time_window("morning") == (None, time(12))
    assert queries.time_window("evening", after=time(18)) == (time(18), None)
    assert queries.time_window("afternoon", after=time(10), before=time(16)) == (
        time(12),
        time(16),
    )
    assert queries.time_window("") == (None, None)

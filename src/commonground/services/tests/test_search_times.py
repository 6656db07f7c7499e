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


# -- Sessions past midnight: Friday 22:00–02:00 is open in the early hours of Saturday --------
@pytest.fixture
def late_night(db) -> None:
    _service("Friday night shelter", ("FR", time(22), time(2)))
    _service("Sunday night to midnight", ("SU", time(21), time(0)))
    _service("Saturday breakfast", ("SA", time(7), time(9)))


def test_saturday_at_one_in_the_morning_finds_friday_night(client, late_night):
    assert names(client, day="SA", after="01:00", before="01:30") == {"Friday night shelter"}
    assert names(client, day="SA", before="02:00") == {"Friday night shelter"}
    assert names(client, day="SA", part="morning") == {
        "Friday night shelter",
        "Saturday breakfast",
    }


def test_the_early_hours_end_at_the_closing_time(client, late_night):
    assert names(client, day="SA", after="02:00", before="06:00") == set()
    assert names(client, day="SA", after="01:59") == {"Friday night shelter", "Saturday breakfast"}


def test_the_evening_of_the_night_session_is_on_its_own_day(client, late_night):
    assert names(client, day="FR", after="23:00") == {"Friday night shelter"}
    assert names(client, day="FR", part="evening") == {"Friday night shelter"}
    assert names(client, day="FR", before="21:00") == set()  # not open yet, not from Thursday
    assert names(client, day="TH", part="evening") == set()


def test_a_session_until_midnight_does_not_run_into_the_next_day(client, late_night):
    assert names(client, day="SU", after="23:30") == {"Sunday night to midnight"}
    assert "Sunday night to midnight" not in names(client, day="MO")
    assert "Sunday night to midnight" not in names(client, day="MO", before="06:00")


def test_the_weekend_early_hours_come_from_friday_and_saturday_nights(client, late_night):
    _service("Saturday late", ("SA", time(23), time(3)))
    found = names(client, day="weekend", before="04:00")
    assert found == {"Friday night shelter", "Saturday late"}
    _service("Monday night", ("MO", time(23), time(1)))
    # Tuesday's early hours come from Monday night; Sunday "until 00:00" gives Monday none.
    assert names(client, day="weekdays", before="04:00") == {"Monday night"}


def test_a_time_without_a_day_finds_the_night_session_either_side_of_midnight(client, late_night):
    assert names(client, after="23:30") == {"Friday night shelter", "Sunday night to midnight"}
    assert names(client, before="01:00") == {"Friday night shelter"}


def test_the_hours_say_when_a_session_ends_the_next_day(client, late_night):
    shelter = Schedule.objects.get(service__name="Friday night shelter")
    assert shelter.overnight and shelter.hours_display() == "22:00–02:00 (ends the next day)"
    breakfast = Schedule.objects.get(service__name="Saturday breakfast")
    assert not breakfast.overnight and breakfast.hours_display() == "07:00–09:00"
    page = client.get("/services/", {"day": "SA", "before": "02:00"}).content.decode()
    assert "22:00–02:00 (ends the next day)" in page


def test_opening_and_closing_at_the_same_time_is_refused():
    from django.core.exceptions import ValidationError

    schedule = Schedule(byday="FR", opens_at=time(22), closes_at=time(22))
    with pytest.raises(ValidationError) as error:
        schedule.clean()
    assert "closes_at" in error.value.message_dict
    Schedule(byday="FR", opens_at=time(22), closes_at=time(2)).clean()  # past midnight is fine

"""Fixtures for Future Leaders: partner organisations, an officer, and a closed cohort with
applications from staff of several organisations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.leaders import actions
from commonground.leaders.models import Cohort, Grade, Minority
from commonground.testing.people import make_user

GRADES = ["entry", "officer", "team_leader", "manager", "senior"]
GOALS = ["leading_change", "finance", "community_engagement", "public_speaking", "strategy"]


@pytest.fixture
def organisations(db) -> list[Organisation]:
    return [
        Organisation.objects.create(name=name, slug=slug, kind="council")
        for name, slug in (
            ("Northtown Council", "northtown"),
            ("Riverside Police", "riverside-police"),
            ("Hillside Health", "hillside-health"),
            ("Valley Voluntary", "valley-voluntary"),
        )
    ]


@pytest.fixture
def officer(db):
    return make_user("fl-officer", Role.OFFICER)


@pytest.fixture
def board(db):
    return make_user("fl-board", Role.BOARD)


@pytest.fixture
def open_cohort(officer) -> Cohort:
    today = date.today()
    return actions.create_cohort(
        actor=officer,
        name="Future Leaders 2027",
        slug="fl-2027",
        year=2027,
        size=20,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=20),
    )


def make_applicant(n: int, organisation: Organisation):
    return make_user(f"applicant{n:02d}", Role.PARTNER, organisation)


def apply_many(cohort: Cohort, organisations, count: int = 30, minority_every: int = 3):
    """``count`` applications, spread over organisations and grades; every ``minority_every``th
    from a minority background."""
    made = []
    for n in range(count):
        organisation = organisations[n % len(organisations)]
        made.append(
            actions.apply(
                actor=make_applicant(n, organisation),
                cohort=cohort,
                organisation=organisation,
                grade=GRADES[n % len(GRADES)],
                minority=Minority.YES if n % minority_every == 0 else Minority.NO,
                goals=[GOALS[n % len(GOALS)], GOALS[(n + 2) % len(GOALS)]],
                learn="How to lead across organisations.",
                consent=True,
            )
        )
    return made


def close(cohort: Cohort) -> Cohort:
    """End the application window (yesterday), as time passing would."""
    Cohort.objects.filter(pk=cohort.pk).update(closes_on=date.today() - timedelta(days=1))
    cohort.refresh_from_db()
    return cohort


@pytest.fixture
def closed_cohort(open_cohort, organisations) -> Cohort:
    apply_many(open_cohort, organisations)
    return close(open_cohort)


__all__ = ["GRADES", "Grade", "apply_many", "close", "make_applicant"]

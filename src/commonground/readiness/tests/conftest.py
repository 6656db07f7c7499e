"""Fixtures for the readiness tests: Bradford's wards, an officer, two scorers, an outsider,
and an assessment built through the actions (so fixtures exercise the same code as pages)."""

from __future__ import annotations

from datetime import date

import pytest

from commonground.core.models import Area, User
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixtures re-used)
    english_between_tests,
    make_bradford,
)
from commonground.readiness import actions
from commonground.readiness.models import Assessment, Interview
from commonground.testing.people import make_user

A_SCORES = {"A": 3, "B": 2, "C": 4, "D": 5, "E": 3, "F": 2}
B_SCORES = {"A": 5, "B": 2, "C": 4, "D": 6, "E": 3, "F": 3}


@pytest.fixture
def bradford(db) -> Area:
    return make_bradford()


@pytest.fixture
def people(bradford) -> dict[str, User]:
    return {
        "officer": make_user("officer", Role.OFFICER),
        "scorer_a": make_user("amina", Role.OFFICER),
        "scorer_b": make_user("bartek", Role.PARTNER),
        "interviewer": make_user("ivan", Role.PARTNER),
        "other_officer": make_user("otto", Role.OFFICER),
        "board": make_user("board", Role.BOARD),
        "resident": make_user("resident", Role.RESIDENT),
    }


def new_assessment(people, ward: Area | None = None, **overrides) -> Assessment:
    fields = {
        "issue": "Tackling hate crime",
        "ward": ward or Area.objects.wards().order_by("name").first(),
        "starts_on": date(2026, 1, 5),
        "ends_on": date(2026, 2, 27),
        "scorer_a": people["scorer_a"],
        "scorer_b": people["scorer_b"],
        "team": [people["interviewer"]],
        "guide_en": "1. How much of a concern is hate crime here?",
        "guide_ur": "١. یہاں نفرت پر مبنی جرائم کتنی تشویش کی بات ہے؟",
        "guide_pl": "1. Na ile przestępstwa z nienawiści są tu problemem?",
        "respondent_roles": "faith leader\nyouth worker\nshopkeeper",
    }
    fields.update(overrides)
    return actions.create_assessment(actor=people["officer"], **fields)


def new_interview(people, assessment: Assessment, role: str = "faith leader") -> Interview:
    return actions.record_interview(
        actor=people["interviewer"],
        assessment=assessment,
        respondent_role=role,
        held_on=date(2026, 1, 12),
        language="ur",
        notes="Private notes: the respondent talked about incidents near the mosque.",
    )


def score_both(people, interview: Interview, a=None, b=None) -> None:
    actions.finish_sheet(actor=people["scorer_a"], interview=interview, scores=a or A_SCORES)
    actions.finish_sheet(actor=people["scorer_b"], interview=interview, scores=b or B_SCORES)


@pytest.fixture
def assessment(people) -> Assessment:
    return new_assessment(people)


@pytest.fixture
def interview(people, assessment) -> Interview:
    return new_interview(people, assessment)


@pytest.fixture
def every_page(people, assessment) -> list[tuple[str, str]]:
    """Every readiness page, as (who opens it, English path), on an assessment with one
    interview agreed and one waiting for scores, and a completed assessment for the map."""
    from decimal import Decimal

    from django.urls import reverse

    agreed = new_interview(people, assessment)
    score_both(people, agreed)
    actions.agree_consensus(
        actor=people["scorer_a"], interview=agreed, scores=dict.fromkeys("ABCDEF", Decimal(4))
    )
    waiting = new_interview(people, assessment, role="youth worker")
    done = new_assessment(people, ward=Area.objects.wards().order_by("name").last())
    finished = new_interview(people, done)
    score_both(people, finished)
    actions.agree_consensus(
        actor=people["scorer_a"], interview=finished, scores=dict.fromkeys("ABCDEF", Decimal(5))
    )
    actions.complete_assessment(actor=people["scorer_a"], assessment=done)

    def url(name: str, *args) -> str:
        return reverse(f"readiness:{name}", args=args)

    return [
        ("officer", url("index")),
        ("officer", url("assessment_new")),
        ("scorer_a", url("assessment", assessment.pk)),
        ("scorer_a", url("assessment", done.pk)),
        ("interviewer", url("interview_new", assessment.pk)),
        ("interviewer", url("interview", agreed.pk)),
        ("scorer_a", url("score", waiting.pk)),
        ("scorer_a", url("consensus", agreed.pk)),
        ("scorer_a", url("profile", done.pk)),
        ("board", url("profile", done.pk)),
        ("officer", url("strategies")),
        ("officer", url("strategy_edit", 3, "ur")),
        ("officer", url("anchors")),
        ("officer", url("anchor_edit", "B", "pl")),
        ("board", url("map")),
    ]

"""Fixtures for the fund's tests: Bradford, its strategy, people in each role, and rounds in
each phase built through the actions (so fixtures exercise the same code as the pages)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixtures re-used)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.fund import actions
from commonground.fund.models import BallotType, Proposal, Round
from commonground.fund.voters import Voter
from commonground.testing.people import make_user


@pytest.fixture(autouse=True)
def fund_key_dir(settings, tmp_path):
    """Each test's round keys in its own folder, destroyed with it (see ``fund.keystore``)."""
    settings.FUND_KEY_DIR = str(tmp_path / "fund-keys")


@pytest.fixture
def strategy(db):
    return make_strategy(make_bradford())


@pytest.fixture
def people(strategy) -> dict[str, User]:
    group = Organisation.objects.create(
        name="Girlington Women's Group",
        slug="girlington",
        kind="voluntary",
        charity_number="1123456",
    )
    other = Organisation.objects.create(
        name="Keighley Voluntary Services", slug="kvs", kind="voluntary"
    )
    return {
        "officer": make_user("officer", Role.OFFICER),
        "officer2": make_user("officer2", Role.OFFICER),
        "partner": make_user("partner", Role.PARTNER, group),
        "partner2": make_user("partner2", Role.PARTNER, other),
        "resident": make_user("resident", Role.RESIDENT),
        "board": make_user("board", Role.BOARD),
    }


def new_round(officer: User, strategy, **overrides) -> Round:
    fields = {
        "title": "Innovation Fund 2025",
        "slug": "innovation-2025",
        "budget": Decimal("50000"),
        "area": Area.objects.get(code="E08000032"),
        "strategy": strategy,
        "min_cost": Decimal("1000"),
        "max_cost": Decimal("25000"),
        "min_partners": 1,
        "eligibility_checklist": ["Constituted group?", "Works in the District?"],
        "verification": ["access_code", "postcode", "voter_list"],
        "postcode_prefixes": ["BD1", "BD8", "BD17"],
        "voter_min_age": 11,
        "ballot_type": BallotType.APPROVAL_BUDGET,
        "rule": "mes-add1u",
    }
    fields.update(overrides)
    pillars = fields.pop("pillars", list(strategy.pillars.all()))
    return actions.create_round(actor=officer, pillars=pillars, **fields)


PROJECTS = [
    ("Cooking Together", "Shared meals for new and settled neighbours.", 12000, "getting-along"),
    ("English in the Park", "Conversation classes outdoors.", 8000, "getting-on"),
    ("Young Leaders", "Youth leadership across faiths.", 20000, "getting-involved"),
    ("Safe Streets Walks", "Residents and police walk together.", 15000, "feeling-safe"),
]


def propose(
    round_: Round, user: User, title: str, summary: str, cost: int, pillar: str, submit: bool = True
) -> Proposal:
    proposal = actions.save_draft(
        actor=user,
        round_=round_,
        data={
            "title": title,
            "summary": summary,
            "description": f"{summary} Full details of how it works.",
            "applicant_kind": "constituted_group",
            "pillars": [round_.strategy.pillars.get(slug=pillar)],
            "wards": [Area.objects.get(code="E05001347")],
        },
        budget_lines=[
            ("Staff", Decimal(cost) * Decimal("0.6")),
            ("Venue and food", Decimal(cost) * Decimal("0.4")),
        ],
    )
    if submit:
        actions.submit_proposal(actor=user, proposal=proposal)
    return proposal


def shortlisted_round(people, strategy, **overrides) -> Round:
    """A round in its vote phase with the four projects on the ballot."""
    officer = people["officer"]
    round_ = new_round(officer, strategy, **overrides)
    actions.open_round(actor=officer, round_=round_)
    proposals = [propose(round_, people["partner"], *p) for p in PROJECTS]
    actions.open_assessment(actor=officer, round_=round_)
    for p in proposals:
        actions.record_assessment(
            actor=officer,
            proposal=p,
            kind="eligibility",
            outcome="pass",
            comment="",
            checklist={q: True for q in round_.eligibility_checklist},
        )
        actions.shortlist(actor=officer, proposal=p, include=True)
    return actions.open_voting(actor=officer, round_=round_)


@pytest.fixture
def round_draft(people, strategy) -> Round:
    return new_round(people["officer"], strategy)


@pytest.fixture
def round_voting(people, strategy) -> Round:
    return shortlisted_round(people, strategy)


def voter(round_: Round, name: str) -> Voter:
    from commonground.fund.voters import voter_token

    round_.refresh_from_db()
    return Voter(voter_token(round_, "test", name), "test")

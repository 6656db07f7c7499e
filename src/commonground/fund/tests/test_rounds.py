"""Rounds: creation, phases, and the lock on rules, ballot and budget once voting opens."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import Phase, RoundLocked

from .conftest import new_round, shortlisted_round


def test_create_round_is_a_draft_with_a_timetable_and_audited(people, strategy):
    round_ = new_round(people["officer"], strategy)
    assert round_.phase == "draft"
    assert set(Phase.objects.filter(round=round_).values_list("kind", flat=True)) == {
        "proposals",
        "assessment",
        "vote",
        "results",
        "delivery",
    }
    assert AuditEvent.objects.filter(action="fund.round_created", object_id=str(round_.pk)).exists()
    assert round_.pillars.count() == 4


def test_only_officers_create_rounds(people, strategy):
    with pytest.raises(PermissionDenied):
        new_round(people["partner"], strategy)


def test_round_rules_are_validated(people, strategy):
    with pytest.raises(ValidationError):
        new_round(people["officer"], strategy, ballot_type="approval_k", max_choices=None)
    with pytest.raises(ValidationError):
        new_round(people["officer"], strategy, slug="x", min_cost=5000, max_cost=100)


def test_phases_advance_in_order(people, strategy):
    officer = people["officer"]
    round_ = new_round(officer, strategy)
    with pytest.raises(PermissionDenied):
        actions.open_assessment(actor=officer, round_=round_)
    actions.open_round(actor=officer, round_=round_)
    round_.refresh_from_db()
    assert round_.phase == "proposals"
    assert round_.phases.get(kind="proposals").opened_at is not None
    with pytest.raises(PermissionDenied):
        actions.open_round(actor=officer, round_=round_)
    actions.open_assessment(actor=officer, round_=round_)
    with pytest.raises(ValidationError):  # nothing shortlisted yet
        actions.open_voting(actor=officer, round_=round_)


def test_settings_change_before_voting_is_audited(people, strategy):
    officer = people["officer"]
    round_ = new_round(officer, strategy)
    actions.update_round(actor=officer, round_=round_, changes={"budget": Decimal("60000")})
    round_.refresh_from_db()
    assert round_.budget == Decimal("60000")
    event = AuditEvent.objects.get(action="fund.round_updated")
    assert event.data["before"]["budget"] == "50000.00"


def test_rules_ballot_and_budget_lock_when_voting_opens(people, strategy):
    officer = people["officer"]
    round_ = shortlisted_round(people, strategy)
    assert round_.is_locked and round_.phase == "vote"
    for changes in ({"budget": Decimal("1")}, {"rule": "greedy"}, {"ballot_type": "points"}):
        with pytest.raises(RoundLocked):
            actions.update_round(actor=officer, round_=round_, changes=changes)
    with pytest.raises(RoundLocked):
        actions.update_round(actor=officer, round_=round_, changes={}, area_budgets={})
    round_.refresh_from_db()
    assert round_.budget == Decimal("50000") and round_.rule == "mes-add1u"
    refused = AuditEvent.objects.filter(action="fund.round_change_refused")
    assert refused.count() == 4
    assert refused.filter(data__fields=["budget"]).exists()
    opened = AuditEvent.objects.get(action="fund.voting_opened")
    assert set(opened.data["shortlist"]) == {"1", "2", "3", "4"}


def test_non_officer_cannot_change_a_round(people, strategy):
    round_ = new_round(people["officer"], strategy)
    with pytest.raises(PermissionDenied):
        actions.update_round(actor=people["partner"], round_=round_, changes={"title": "x"})

"""``compute_results`` re-checking a stored count: a tampered ballot box is refused *and* the
refusal is on the record (it used to be written inside the rolled-back transaction, so
nothing recorded it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.events import FundEvent
from commonground.fund.models import Ballot, ResultSnapshot
from commonground.fund.tasks import compute_results_task

from .conftest import voter


@pytest.fixture
def closed_round(round_voting, people):
    codes = list(round_voting.proposals.on_ballot().values_list("code", flat=True))
    for i, choices in enumerate([codes[:2], codes[1:3], codes[:1], codes[2:]]):
        actions.cast_ballot(
            round_=round_voting, voter=voter(round_voting, f"v{i}"), choices=choices
        )
    return actions.close_vote(actor=people["officer"], round_=round_voting)


def test_a_tampered_count_is_refused_and_the_refusal_survives(closed_round, people):
    officer = people["officer"]
    (stored,) = actions.compute_results(actor=officer, round_=closed_round)
    Ballot.objects.create(round=closed_round, choices=[stored.selected[0]])  # behind our back
    with pytest.raises(actions.ResultMismatch):
        actions.compute_results(actor=officer, round_=closed_round)
    event = AuditEvent.objects.get(action=FundEvent.RESULTS_MISMATCH)
    assert event.actor == officer and event.object_id == str(closed_round.pk)
    assert event.data["pot"] == stored.pot_key and event.data["stored"] == stored.selected
    assert ResultSnapshot.objects.filter(round=closed_round).get() == stored  # nothing new kept


def test_the_background_count_is_the_officers_and_checked(closed_round, people):
    with pytest.raises(PermissionDenied):
        compute_results_task.call(closed_round.pk, actor_id=people["resident"].pk)
    assert not ResultSnapshot.objects.filter(round=closed_round).exists()
    selected = compute_results_task.call(closed_round.pk, actor_id=people["officer"].pk)
    event = AuditEvent.objects.get(action=FundEvent.RESULTS_COMPUTED)
    assert event.actor == people["officer"] and event.data == selected

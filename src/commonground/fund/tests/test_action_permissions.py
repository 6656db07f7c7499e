"""Every fund action asks for its permission (``fund/rules.py``), proved by asking it.

One round is walked through its phases; at each step every action that belongs there is
called by someone who lacks its permission and must be refused, before the right person
moves the round on.  ``ACTIONS`` in ``fund/actions/__init__.py`` lists every action; the guard
below fails when a public function is added to an action module without being listed, and
the walk fails when a listed action has no refusal here.
"""

from __future__ import annotations

import inspect
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from commonground.fund import actions
from commonground.fund.models import IdentityReview, Round
from commonground.fund.rules import RoundClosed
from commonground.fund.voters import Voter
from commonground.pb import read_pb

from .conftest import PROJECTS, new_round, propose, voter

SHARED = settings.SHARED_DIR / "data" / "pabulib"

STEPS = {
    "register_postcode_voter",  # the voter check (fund.voters), before any ballot
    "hold_ballot",  # inside cast_ballot
    "finish_held",  # inside finish_ballot
    "ensure_ready_to_close",  # inside close_vote
    "forget_identities",  # inside close_vote
    "normalise_paper_ref",  # a pure helper of the paper ballot pages
}
"""Public functions of the action modules that are steps of an action, not actions."""


def test_every_public_function_of_the_action_modules_is_listed():
    found = set()
    for name, module in inspect.getmembers(actions, inspect.ismodule):
        if not module.__name__.startswith("commonground.fund.actions.") or name == "_common":
            continue
        for fname, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not fname.startswith("_"):
                found.add(fname)
    assert found == set(actions.ACTIONS) | STEPS, (
        "List a new action in fund.actions.ACTIONS and refuse it in the walk below: "
        f"{sorted(found ^ (set(actions.ACTIONS) | STEPS))}"
    )


def test_every_action_refuses_whoever_lacks_its_permission(people, strategy):
    officer, resident = people["officer"], people["resident"]
    partner, stranger = people["partner"], people["partner2"]
    tried: set[str] = set()

    def refused(name: str, **kwargs) -> PermissionDenied:
        with pytest.raises(PermissionDenied) as caught:
            getattr(actions, name)(**kwargs)
        tried.add(name)
        return caught.value

    # ---- no round yet, and a draft
    refused("create_round", actor=resident, title="Mine", slug="mine", budget=Decimal(1))
    election = read_pb(SHARED / "Poland_Zabrze_2020_Konczyce.pb")
    refused("import_election", actor=partner, election=election, title="Past", slug="past")
    assert not Round.objects.filter(slug__in=["mine", "past"]).exists()
    round_ = new_round(officer, strategy)
    refused("update_round", actor=resident, round_=round_, changes={"title": "Hacked"})
    refused("open_round", actor=partner, round_=round_)
    refused("upload_voter_list", actor=resident, round_=round_, identifiers=["A1"])
    refused("issue_access_codes", actor=partner, round_=round_, count=1)
    round_ = actions.open_round(actor=officer, round_=round_)

    # ---- proposals
    draft = propose(round_, partner, *PROJECTS[0], submit=False)
    refused("save_draft", actor=stranger, round_=round_, proposal=draft, data={"title": "Mine"})
    refused("submit_proposal", actor=stranger, proposal=draft)
    refused("submit_proposal", actor=officer, proposal=draft)  # officers do not submit for others
    actions.submit_proposal(actor=partner, proposal=draft)
    other = propose(round_, partner, *PROJECTS[1])
    refused("open_assessment", actor=partner, round_=round_)
    round_ = actions.open_assessment(actor=officer, round_=round_)

    # ---- assessment
    checklist = {q: True for q in round_.eligibility_checklist}
    assess = {"kind": "eligibility", "outcome": "pass", "comment": "", "checklist": checklist}
    refused("record_assessment", actor=partner, proposal=draft, **assess)
    refused("request_revision", actor=partner, proposal=draft, reason="More detail.")
    refused("merge_proposals", actor=partner, target=draft, others=[other], reason="Same.")
    for proposal in (draft, other):
        actions.record_assessment(actor=officer, proposal=proposal, **assess)
    refused("shortlist", actor=partner, proposal=draft, include=True)
    for proposal in (draft, other):
        actions.shortlist(actor=officer, proposal=proposal, include=True)
    nobody = Voter("a" * 64, "test")
    early = refused("cast_ballot", round_=round_, voter=nobody, choices=["1"])
    assert isinstance(early, RoundClosed)  # the right person (anyone), the wrong time
    refused("open_voting", actor=resident, round_=round_)
    round_ = actions.open_voting(actor=officer, round_=round_)

    # ---- vote
    draft.refresh_from_db()  # the ballot code is given when voting opens
    code = draft.code
    refused("key_paper_ballot", actor=resident, round_=round_, paper_ref="P1", choices=[code])
    refused("decide_paper", actor=resident, round_=round_, paper_ref="P1", reason="Torn.")
    review = IdentityReview(round=round_)
    refused("decide_review", actor=partner, review=review, count=True, reason="Same person.")
    late = voter(round_, "late")
    actions.cast_ballot(round_=round_, voter=late, choices=[code])
    refused("close_vote", actor=resident, round_=round_)
    round_ = actions.close_vote(actor=officer, round_=round_)

    # ---- results
    refused("cast_ballot", round_=round_, voter=Voter("b" * 64, "test"), choices=[code])
    assert actions.finish_ballot(round_=round_, voter=late) is False  # closed: nothing to finish
    tried.add("finish_ballot")
    refused("compute_results", actor=resident, round_=round_)
    actions.compute_results(actor=officer, round_=round_)
    draft.refresh_from_db()
    refused("override_result", actor=partner, proposal=draft, funded=True, reason="We want it.")
    refused("award_grants", actor=partner, round_=round_)
    (grant, *_rest) = actions.award_grants(actor=officer, round_=round_)

    # ---- delivery
    schedule = {"conditions": "", "planned_start": None, "planned_end": None, "milestones": []}
    refused("update_grant", actor=partner, grant=grant, **schedule)
    refused("pay_milestone", actor=partner, milestone=grant.milestones.first())
    progress = {"percent_complete": 10, "spend_to_date": Decimal(0)}
    refused("report_progress", actor=stranger, grant=grant, **progress)

    assert tried == set(actions.ACTIONS), sorted(set(actions.ACTIONS) - tried)


def test_a_wrong_phase_is_told_apart_from_a_wrong_role(round_draft, people):
    with pytest.raises(RoundClosed):
        actions.open_voting(actor=people["officer"], round_=round_draft)
    with pytest.raises(PermissionDenied) as refused:
        actions.open_voting(actor=people["resident"], round_=round_draft)
    assert not isinstance(refused.value, RoundClosed)

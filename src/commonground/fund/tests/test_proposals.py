"""Proposals and assessment: drafts, submission checks, versions, decisions with reasons."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import Decision, ProposalStatus

from .conftest import PROJECTS, new_round, propose


@pytest.fixture
def open_round(people, strategy):
    round_ = new_round(people["officer"], strategy)
    return actions.open_round(actor=people["officer"], round_=round_)


def test_draft_saves_with_gaps_and_submission_lists_what_is_missing(open_round, people):
    draft = actions.save_draft(actor=people["partner"], round_=open_round, data={"title": "Idea"})
    assert draft.status == "draft" and draft.organisation.slug == "girlington"
    problems = actions.eligibility_problems(draft)
    assert len(problems) >= 4
    with pytest.raises(ValidationError) as error:
        actions.submit_proposal(actor=people["partner"], proposal=draft)
    assert "Write a short summary." in error.value.messages


def test_cost_limits_and_collaboration_size_are_checked(people, strategy):
    round_ = new_round(people["officer"], strategy, min_partners=2)
    round_ = actions.open_round(actor=people["officer"], round_=round_)
    proposal = propose(round_, people["partner"], *PROJECTS[0], submit=False)
    assert any("at least 2" in p for p in actions.eligibility_problems(proposal))
    actions.save_draft(
        actor=people["partner"],
        round_=round_,
        proposal=proposal,
        data={"other_partners": "Bradford Interfaith Centre"},
        budget_lines=[("Everything", Decimal("30000"))],
    )
    proposal.refresh_from_db()
    problems = actions.eligibility_problems(proposal)
    assert problems == ["The budget adds up to £30,000: this round's largest grant is £25,000."]


def test_submit_keeps_a_version_and_a_decision_the_proposer_sees(open_round, people):
    proposal = propose(open_round, people["partner"], *PROJECTS[0])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.version == 1
    assert proposal.cost == Decimal("12000")
    assert proposal.versions.get().data["budget"][0]["item"] == "Staff"
    assert proposal.decisions.get().kind == "submitted"
    with pytest.raises(ValidationError):  # no second submission
        actions.submit_proposal(actor=people["partner"], proposal=proposal)


def test_only_the_group_edits_its_proposal(open_round, people):
    proposal = propose(open_round, people["partner"], *PROJECTS[0], submit=False)
    with pytest.raises(PermissionDenied):
        actions.save_draft(
            actor=people["partner2"],
            round_=open_round,
            proposal=proposal,
            data={"title": "Mine now"},
        )


def test_revision_cycle_keeps_versions(open_round, people):
    officer, partner = people["officer"], people["partner"]
    proposal = propose(open_round, partner, *PROJECTS[1])
    with pytest.raises(ValidationError):
        actions.request_revision(actor=officer, proposal=proposal, reason="  ")
    actions.request_revision(actor=officer, proposal=proposal, reason="Add a venue cost.")
    actions.save_draft(
        actor=partner,
        round_=open_round,
        proposal=proposal,
        data={},
        budget_lines=[("Tutor", Decimal("5000")), ("Venue", Decimal("4000"))],
    )
    actions.submit_proposal(actor=partner, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.version == 2
    assert [v.data["cost"] for v in proposal.versions.all()] == ["8000.00", "9000.00"]
    kinds = list(proposal.decisions.values_list("kind", "reason"))
    assert kinds == [
        ("submitted", ""),
        ("revision_requested", "Add a venue cost."),
        ("resubmitted", ""),
    ]


def test_assessment_records_checklist_and_decides_eligibility(open_round, people):
    officer = people["officer"]
    proposal = propose(open_round, people["partner"], *PROJECTS[2])
    with pytest.raises(ValidationError):  # checklist incomplete
        actions.record_assessment(
            actor=officer,
            proposal=proposal,
            kind="eligibility",
            outcome="pass",
            comment="",
            checklist={},
        )
    with pytest.raises(ValidationError):  # a fail needs a comment
        actions.record_assessment(
            actor=officer, proposal=proposal, kind="cost", outcome="fail", comment=""
        )
    with pytest.raises(PermissionDenied):
        actions.record_assessment(
            actor=people["partner"], proposal=proposal, kind="cost", outcome="pass", comment=""
        )
    actions.record_assessment(
        actor=officer,
        proposal=proposal,
        kind="feasibility",
        outcome="concerns",
        comment="Is the venue booked?",
    )
    actions.record_assessment(
        actor=officer,
        proposal=proposal,
        kind="eligibility",
        outcome="fail",
        comment="Not a constituted group.",
        checklist={"Constituted group?": False, "Works in the District?": True},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INELIGIBLE
    assert list(proposal.decisions.values_list("kind", "reason"))[1:] == [
        ("assessed", "Is the venue booked?"),
        ("ineligible", "Not a constituted group."),
    ]
    assert proposal.assessments.get(kind="eligibility").checklist["Constituted group?"] is False
    assert AuditEvent.objects.filter(action="fund.proposal_assessed").count() == 2


def test_merge_and_shortlist(open_round, people):
    officer = people["officer"]
    a = propose(open_round, people["partner"], *PROJECTS[0])
    b = propose(open_round, people["partner2"], *PROJECTS[1])
    actions.merge_proposals(actor=officer, target=a, others=[b], reason="Same idea, same ward.")
    b.refresh_from_db()
    assert b.status == "merged" and b.merged_into == a
    assert a.partners.filter(slug="kvs").exists()
    assert Decision.objects.filter(proposal=b, kind="merged", reason__startswith="Same").exists()
    with pytest.raises(PermissionDenied):  # shortlisting is for the assessment phase
        actions.shortlist(actor=officer, proposal=a, include=True)
    round_ = actions.open_assessment(actor=officer, round_=open_round)
    with pytest.raises(ValidationError):  # not yet found eligible
        actions.shortlist(actor=officer, proposal=a, include=True)
    actions.record_assessment(
        actor=officer,
        proposal=a,
        kind="eligibility",
        outcome="pass",
        comment="",
        checklist={q: True for q in round_.eligibility_checklist},
    )
    with pytest.raises(ValidationError):  # no reason for leaving it out
        actions.shortlist(actor=officer, proposal=a, include=False)
    actions.shortlist(actor=officer, proposal=a, include=True)
    a.refresh_from_db()
    assert a.status == "shortlisted"


def test_no_new_proposals_after_the_call_closes(open_round, people):
    round_ = actions.open_assessment(actor=people["officer"], round_=open_round)
    with pytest.raises(PermissionDenied):
        propose(round_, people["partner"], *PROJECTS[0])

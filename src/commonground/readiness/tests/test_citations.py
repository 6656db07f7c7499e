"""Interventions and Innovation Fund proposals cite the readiness assessment they respond to;
the assessment lists what cites it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commonground.core.models import Area, AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_strategy
from commonground.evaluation.forms import InterventionForm
from commonground.evaluation.models import Intervention, Status
from commonground.fund import actions as fund_actions
from commonground.fund.forms import ProposalForm
from commonground.fund.models import Proposal
from commonground.fund.tests.conftest import new_round, propose
from commonground.readiness import actions
from commonground.testing.people import make_user

from .conftest import new_assessment, new_interview, score_both

pytestmark = pytest.mark.django_db

CONSENSUS = {k: Decimal(v) for k, v in {"A": 4, "B": 2, "C": 4, "D": 5.5, "E": 3, "F": 2.5}.items()}


@pytest.fixture(autouse=True)
def fund_key_dir(settings, tmp_path):
    settings.FUND_KEY_DIR = str(tmp_path / "fund-keys")


@pytest.fixture
def finished(people, assessment):
    interview = new_interview(people, assessment)
    score_both(people, interview)
    actions.agree_consensus(actor=people["scorer_a"], interview=interview, scores=CONSENSUS)
    return actions.complete_assessment(actor=people["officer"], assessment=assessment)


@pytest.fixture
def unfinished(people):
    return new_assessment(people, issue="Women's participation in employment")


@pytest.fixture
def fund_round(people, bradford):
    strategy = make_strategy(bradford)
    round_ = new_round(people["officer"], strategy)
    return fund_actions.open_round(actor=people["officer"], round_=round_)


@pytest.fixture
def proposer(bradford):
    group = Organisation.objects.create(name="Manningham Group", slug="mg", kind="voluntary")
    return make_user("proposer", Role.PARTNER, group)


def _intervention_data(assessment) -> dict:
    return {
        "title": "Hate crime reporting centres",
        "kind": "pilot",
        "owner": "Community safety team",
        "start_date": "2026-04-01",
        "wards": [Area.objects.wards().first().pk],
        "readiness_assessment": assessment.pk,
    }


def test_an_intervention_cites_a_finished_assessment_only(people, finished, unfinished):
    form = InterventionForm(_intervention_data(unfinished))
    assert not form.is_valid() and "readiness_assessment" in form.errors
    offered = list(InterventionForm().fields["readiness_assessment"].queryset)
    assert offered == [finished]
    from commonground.evaluation import actions as evaluation_actions

    form = InterventionForm(_intervention_data(finished))
    assert form.is_valid(), form.errors
    saved = evaluation_actions.save_intervention(actor=people["officer"], form=form)
    assert saved.readiness_assessment == finished
    event = AuditEvent.objects.get(action="evaluation.intervention_registered")
    assert event.data["readiness_assessment"] == finished.pk


def test_a_proposal_cites_through_its_form_audited(
    client, people, finished, unfinished, fund_round, proposer
):
    proposal = propose(
        fund_round,
        proposer,
        "Reporting in mosques",
        "Safe reporting.",
        6000,
        "feeling-safe",
        submit=False,
    )
    assert list(
        ProposalForm(instance=proposal, round_=fund_round, user=proposer)
        .fields["readiness_assessment"]
        .queryset
    ) == [finished]
    client.force_login(proposer)
    url = reverse("fund:proposal_edit", args=[fund_round.slug, proposal.pk])
    data = {
        "title": "Reporting in mosques",
        "language": "en",
        "save": "1",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-item": "Staff",
        "budget-0-amount": "6000",
        "outputs-TOTAL_FORMS": "0",
        "outputs-INITIAL_FORMS": "0",
    }
    response = client.post(url, data | {"readiness_assessment": str(unfinished.pk)})
    assert response.status_code == 200  # refused: not a choice
    proposal.refresh_from_db()
    assert proposal.readiness_assessment is None
    response = client.post(url, data | {"readiness_assessment": str(finished.pk)})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.readiness_assessment == finished
    event = AuditEvent.objects.get(action="readiness.assessment_cited")
    assert event.data == {"proposal": proposal.pk, "assessment": finished.pk, "previous": None}
    client.post(url, data | {"readiness_assessment": str(finished.pk)})  # unchanged: no event
    assert AuditEvent.objects.filter(action="readiness.assessment_cited").count() == 1
    client.post(url, data | {"readiness_assessment": ""})
    proposal.refresh_from_db()
    assert proposal.readiness_assessment is None


def test_only_the_proposer_cites_and_only_finished_assessments(
    people, finished, unfinished, fund_round, proposer
):
    proposal = propose(fund_round, proposer, "Walks", "Walks.", 6000, "feeling-safe", submit=False)
    with pytest.raises(PermissionDenied):
        actions.cite_in_proposal(actor=people["resident"], proposal=proposal, assessment=finished)
    with pytest.raises(ValidationError):
        actions.cite_in_proposal(actor=proposer, proposal=proposal, assessment=unfinished)
    actions.cite_in_proposal(actor=proposer, proposal=proposal, assessment=finished)
    assert Proposal.objects.get(pk=proposal.pk).readiness_assessment == finished


def test_the_assessment_lists_what_cites_it(client, people, finished, fund_round, proposer):
    Intervention.objects.create(
        title="Reporting centres",
        kind="pilot",
        owner="Council",
        start_date=dt.date(2026, 4, 1),
        status=Status.PUBLISHED,
        readiness_assessment=finished,
    )
    submitted = propose(
        fund_round, proposer, "Submitted idea", "S.", 6000, "feeling-safe", submit=False
    )
    actions.cite_in_proposal(actor=proposer, proposal=submitted, assessment=finished)
    fund_actions.submit_proposal(actor=proposer, proposal=submitted)
    draft = propose(
        fund_round, proposer, "Private draft idea", "D.", 6000, "feeling-safe", submit=False
    )
    actions.cite_in_proposal(actor=proposer, proposal=draft, assessment=finished)
    client.force_login(people["officer"])
    page = client.get(reverse("readiness:assessment", args=[finished.pk])).content.decode()
    assert "Cited by" in page
    assert "Reporting centres" in page and "Submitted idea" in page
    assert "Private draft idea" not in page  # a draft is its proposer's alone
    page = client.get(reverse("evaluation:detail", args=[Intervention.objects.get().pk]))
    assert "Tackling hate crime" in page.content.decode()

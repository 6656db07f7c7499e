"""The readiness actions: permissions by name, audit events, blind scoring, Measures."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent, CommunityOfInterest
from commonground.measures.models import Indicator, Observation
from commonground.readiness import actions
from commonground.readiness.models import Consensus, Score

from .conftest import new_assessment, new_interview, score_both

CONSENSUS = {
    k: Decimal(v)
    for k, v in {"A": "4", "B": "2", "C": "4", "D": "5.5", "E": "3", "F": "2.5"}.items()
}


def test_create_puts_creator_and_scorers_in_the_team_and_audits(people, assessment):
    team = set(assessment.team.values_list("username", flat=True))
    assert team == {"officer", "amina", "bartek", "ivan"}
    event = AuditEvent.objects.get(action="readiness.assessment_created")
    assert event.object_id == str(assessment.pk)
    assert event.actor == people["officer"]


def test_only_officers_set_up_assessments(people):
    with pytest.raises(PermissionDenied):
        actions.create_assessment(
            actor=people["scorer_b"],
            issue="x",
            ward=None,
            community=CommunityOfInterest.objects.create(slug="women", name="Women"),
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 1, 2),
            scorer_a=people["scorer_a"],
            scorer_b=people["scorer_b"],
        )
    assert not AuditEvent.objects.filter(action="readiness.assessment_created").exists()


def test_ward_or_community_not_both_and_two_different_scorers(people, bradford):
    women = CommunityOfInterest.objects.create(slug="women", name="Women")
    with pytest.raises(ValidationError):
        new_assessment(people, community=women)
    with pytest.raises(ValidationError):
        new_assessment(people, scorer_b=people["scorer_a"])


def test_outsiders_cannot_record_interviews(people, assessment):
    with pytest.raises(PermissionDenied):
        actions.record_interview(
            actor=people["other_officer"],
            assessment=assessment,
            respondent_role="x",
            held_on=date(2026, 1, 3),
            language="en",
            notes="n",
        )


def test_audio_needs_consent(people, assessment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        actions.record_interview(
            actor=people["interviewer"],
            assessment=assessment,
            respondent_role="x",
            held_on=date(2026, 1, 3),
            language="en",
            notes="n",
            audio=SimpleUploadedFile("a.ogg", b"OggS"),
        )
    assert not assessment.interviews.exists()


def test_each_scorer_scores_once_and_only_scorers_score(people, interview):
    with pytest.raises(PermissionDenied):
        actions.finish_sheet(actor=people["interviewer"], interview=interview, scores={})
    actions.finish_sheet(
        actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", 4)
    )
    with pytest.raises(PermissionDenied):
        actions.finish_sheet(
            actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", 5)
        )
    assert set(Score.objects.values_list("slot", "score")) == {("a", 4)}
    assert AuditEvent.objects.filter(action="readiness.sheet_finished").count() == 1


def test_a_sheet_needs_six_whole_scores(people, interview):
    with pytest.raises(ValidationError):
        actions.finish_sheet(
            actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDE", 4)
        )
    with pytest.raises(ValidationError):
        actions.finish_sheet(
            actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", 10)
        )
    assert not Score.objects.exists()


def test_consensus_waits_for_both_scorers(people, interview):
    actions.finish_sheet(
        actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", 4)
    )
    with pytest.raises(PermissionDenied):
        actions.agree_consensus(actor=people["scorer_a"], interview=interview, scores=CONSENSUS)
    actions.finish_sheet(
        actor=people["scorer_b"], interview=interview, scores=dict.fromkeys("ABCDEF", 5)
    )
    actions.agree_consensus(actor=people["scorer_b"], interview=interview, scores=CONSENSUS)
    assert {c.dimension: c.score for c in Consensus.objects.all()} == CONSENSUS


def test_profile_is_the_packages_exact_scoring(people, assessment, interview):
    second = new_interview(people, assessment, role="youth worker")
    for item in (interview, second):
        score_both(people, item)
    assert assessment.profile() is None  # no consensus yet
    actions.agree_consensus(actor=people["scorer_a"], interview=interview, scores=CONSENSUS)
    actions.agree_consensus(
        actor=people["scorer_a"],
        interview=second,
        scores=dict.fromkeys("ABCDEF", Decimal("3")),
    )
    profile = assessment.profile()
    assert profile.dimensions["D"].score == Fraction(17, 4)  # (5.5 + 3) / 2
    assert profile.dimensions["A"].agreement == Fraction(0)  # 3 and 5 both times
    assert profile.dimensions["B"].agreement == Fraction(1)
    assert profile.overall == Fraction(4 + 2 + 4 + Fraction(11, 2) + 3 + Fraction(5, 2) + 18, 12)


def test_completing_sends_scores_to_measures_unpublished(people, assessment, interview):
    score_both(people, interview)
    with pytest.raises(ValidationError):
        actions.complete_assessment(actor=people["officer"], assessment=assessment)
    actions.agree_consensus(actor=people["scorer_a"], interview=interview, scores=CONSENSUS)
    with pytest.raises(PermissionDenied):  # an officer outside the team
        actions.complete_assessment(actor=people["other_officer"], assessment=assessment)
    actions.complete_assessment(actor=people["officer"], assessment=assessment)
    indicator = Indicator.objects.get(slug="readiness-tackling-hate-crime")
    assert not indicator.is_published
    figures = {
        o.breakdown: o.value
        for o in Observation.objects.filter(indicator=indicator, is_current=True)
    }
    assert figures["dimension=D"] == Decimal("5.5")
    assert figures["dimension=overall"] == pytest.approx(Decimal(21) / Decimal(6))
    assert len(figures) == 7
    assert AuditEvent.objects.filter(action="readiness.assessment_completed").exists()
    with pytest.raises(ValidationError):  # final once complete
        actions.agree_consensus(actor=people["scorer_a"], interview=interview, scores=CONSENSUS)


def test_edit_strategy_is_officers_only_and_audited(people):
    with pytest.raises(PermissionDenied):
        actions.edit_strategy(actor=people["board"], stage=3, goal="g", strategies="s")
    row = actions.edit_strategy(
        actor=people["officer"], stage=3, goal="Show what can be done", strategies="a\n\nb\n"
    )
    assert row.lines == ["a", "b"]
    assert AuditEvent.objects.get(action="readiness.strategy_edited").data["stage"] == 3

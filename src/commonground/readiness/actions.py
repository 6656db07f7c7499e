"""Every change in Community Readiness: one function each, permission checked, audited.

Each ``f(*, actor, ...)`` checks the permission by name (``readiness/rules.py``), changes the
records in one transaction and writes one audit event in it, so the trail never disagrees
with the data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.readinessmodel import DIMENSIONS

from .events import ReadinessEvent
from .models import (
    Assessment,
    Consensus,
    Interview,
    ScaleAnchor,
    Score,
    Sheet,
    StageStrategy,
)


def _ensure(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def create_assessment(
    *,
    actor,
    issue: str,
    starts_on: date,
    ends_on: date,
    scorer_a,
    scorer_b,
    team=(),
    ward=None,
    community=None,
    guide_en: str = "",
    guide_ur: str = "",
    guide_pl: str = "",
    respondent_roles: str = "",
) -> Assessment:
    """Set up an assessment; the creator and both scorers join its team."""
    _ensure(actor, "readiness.create")
    if (ward is None) == (community is None):
        raise ValidationError(_("Choose a ward or a community of interest, not both."))
    if scorer_a.pk == scorer_b.pk:
        raise ValidationError(_("The two scorers must be different people."))
    if ends_on < starts_on:
        raise ValidationError(_("The interviews cannot end before they start."))
    with transaction.atomic():
        assessment = Assessment.objects.create(
            issue=issue.strip(),
            ward=ward,
            community=community,
            starts_on=starts_on,
            ends_on=ends_on,
            scorer_a=scorer_a,
            scorer_b=scorer_b,
            guide_en=guide_en,
            guide_ur=guide_ur,
            guide_pl=guide_pl,
            respondent_roles=respondent_roles,
            created_by=actor,
        )
        assessment.team.add(actor, scorer_a, scorer_b, *team)
        audit.record(
            ReadinessEvent.ASSESSMENT_CREATED,
            actor=actor,
            obj=assessment,
            data={"team": sorted(u.pk for u in assessment.team.all())},
        )
    return assessment


def record_interview(
    *,
    actor,
    assessment: Assessment,
    respondent_role: str,
    held_on: date,
    language: str,
    notes: str,
    audio_consent: bool = False,
    audio=None,
    draft_id: str = "",
) -> Interview:
    """Record an interview's notes (and audio only if the respondent consented).

    With ``draft_id`` (the device copy's id) a second send of the same copy, made because the
    first answer never reached the device, returns the interview already recorded instead of
    recording it twice.
    """
    _ensure(actor, "readiness.record_interview", assessment)
    if audio and not audio_consent:
        raise ValidationError(_("Audio may be kept only if the respondent agreed to be recorded."))
    if draft_id:
        already = Interview.objects.filter(assessment=assessment, draft_id=draft_id).first()
        if already is not None:
            return already
    try:
        with transaction.atomic():
            interview = Interview.objects.create(
                assessment=assessment,
                respondent_role=respondent_role.strip(),
                held_on=held_on,
                language=language,
                notes=notes,
                audio_consent=audio_consent,
                audio=audio or "",
                interviewer=actor,
                draft_id=draft_id,
            )
            audit.record(
                ReadinessEvent.INTERVIEW_RECORDED,
                actor=actor,
                obj=interview,
                data={"assessment": assessment.pk, "audio": bool(audio)},
            )
    except IntegrityError:  # the same copy, sent twice at once: the first one won
        return Interview.objects.get(assessment=assessment, draft_id=draft_id)
    return interview


def finish_sheet(*, actor, interview: Interview, scores: dict[str, int]) -> Sheet:
    """A scorer's six whole-number scores for an interview, final once given.

    Locks the interview, so two submissions cannot both count as the first.
    """
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update().select_related("assessment").get(pk=interview.pk)
        )
        _ensure(actor, "readiness.score", interview)
        if sorted(scores) != sorted(DIMENSIONS) or not all(
            isinstance(v, int) and 1 <= v <= 9 for v in scores.values()
        ):
            raise ValidationError(_("Give every dimension a whole-number score from 1 to 9."))
        slot = interview.assessment.slot_of(actor)
        Score.objects.bulk_create(
            Score(interview=interview, dimension=d, slot=slot, score=v) for d, v in scores.items()
        )
        sheet = Sheet.objects.create(interview=interview, slot=slot, scorer=actor)
        audit.record(
            ReadinessEvent.SHEET_FINISHED,
            actor=actor,
            obj=interview,
            data={"slot": slot, "scores": dict(sorted(scores.items()))},
        )
    return sheet


def agree_consensus(*, actor, interview: Interview, scores: dict[str, Decimal]) -> None:
    """The scores both scorers agreed, each any number in [1, 9]; a later agreement replaces
    an earlier one (both are in the audit trail)."""
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update().select_related("assessment").get(pk=interview.pk)
        )
        _ensure(actor, "readiness.agree_consensus", interview)
        if interview.assessment.completed_at is not None:
            raise ValidationError(_("This assessment is complete; its scores are final."))
        if sorted(scores) != sorted(DIMENSIONS) or not all(
            Decimal(1) <= v <= Decimal(9) for v in scores.values()
        ):
            raise ValidationError(_("Give every dimension a consensus score from 1 to 9."))
        before = {c.dimension: str(c.score) for c in interview.consensus.all()}
        for dimension, value in scores.items():
            Consensus.objects.update_or_create(
                interview=interview,
                dimension=dimension,
                defaults={"score": value, "agreed_by": actor},
            )
        audit.record(
            ReadinessEvent.CONSENSUS_AGREED,
            actor=actor,
            obj=interview,
            data={"before": before, "after": {k: str(v) for k, v in sorted(scores.items())}},
        )


INDICATOR_PREFIX = "readiness-"


def complete_assessment(*, actor, assessment: Assessment) -> Assessment:
    """Close an assessment whose every interview has a consensus, and send its scores to
    Measures (overall and per dimension, as breakdowns) for the ward or community."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _ensure(actor, "readiness.complete", assessment)
        if assessment.completed_at is not None:
            return assessment
        profile = assessment.profile()
        if profile is None:
            raise ValidationError(_("Every interview needs its consensus scores first."))
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["completed_at"])
        sent = _send_to_measures(assessment, profile, actor)
        audit.record(
            ReadinessEvent.ASSESSMENT_COMPLETED,
            actor=actor,
            obj=assessment,
            data={"overall": str(float(profile.overall)), "stage": profile.stage, **sent},
        )
    return assessment


def _send_to_measures(assessment: Assessment, profile, actor) -> dict:
    """Record the scores as figures of the measure "Community readiness: <issue>"."""
    from commonground.core.models import Area
    from commonground.measures.actions import Figure, record_figures
    from commonground.measures.models import Indicator
    from commonground.measures.models.observation import ObservationOrigin
    from commonground.measures.validation import period_for

    if assessment.ward_id:
        area, community = assessment.ward, ""
    else:
        area = Area.objects.districts().first()
        community = assessment.community.slug
    if area is None:
        return {"measures": "no district loaded"}
    slug = (INDICATOR_PREFIX + slugify(assessment.issue))[:80]
    indicator, _created = Indicator.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"Community readiness: {assessment.issue}"[:300],
            "definition": (
                "Community Readiness Model score (1–9): the mean of consensus scores over "
                "key-respondent interviews; overall is the mean of the six dimensions."
            ),
            "unit": "other",
            "decimal_places": 2,
            "direction": "higher",
            "is_published": False,  # an officer publishes it in Measures
            "min_value": Decimal(1),
            "max_value": Decimal(9),
            "area_levels": ["ward", "district"],
            "breakdowns": {"dimension": ["overall", *DIMENSIONS], "community": []},
            "source": "Community Readiness assessments",
        },
    )
    period = period_for(assessment.ends_on, "year")

    def breakdown(dimension: str) -> str:
        parts = [f"dimension={dimension}"] + ([f"community={community}"] if community else [])
        return ";".join(sorted(parts))

    values = {"overall": profile.overall} | {k: d.score for k, d in profile.dimensions.items()}
    figures = [
        Figure(
            indicator_id=indicator.pk,
            area_id=area.pk,
            period=period,
            breakdown=breakdown(key.lower() if key == "overall" else key),
            value=Decimal(value.numerator) / Decimal(value.denominator),
            note=f"readiness assessment {assessment.pk}",
        )
        for key, value in values.items()
    ]
    # "readiness" is not (yet) one of measures' ObservationOrigin choices: see docs/readiness.md.
    counts = record_figures(figures, origin=ObservationOrigin.READINESS, user=actor)
    return {"indicator": indicator.slug, "figures": counts.created + counts.corrected}


def edit_strategy(
    *, actor, stage: int, goal: str, strategies: str, language: str = "en"
) -> StageStrategy:
    """The council's own goal and strategies for a stage, in one language (the others keep
    their wording)."""
    _ensure(actor, "readiness.edit_strategies")
    if language not in ("en", "ur", "pl"):
        raise ValidationError(_("Strategies are kept in English, Urdu and Polish."))
    with transaction.atomic():
        row, _created = StageStrategy.objects.update_or_create(
            stage=stage,
            language=language,
            defaults={"goal": goal.strip(), "strategies": strategies.strip(), "updated_by": actor},
        )
        audit.record(
            ReadinessEvent.STRATEGY_EDITED,
            actor=actor,
            obj=row,
            data={
                "stage": stage,
                "language": language,
                "goal": row.goal,
                "strategies": row.lines,
            },
        )
    return row


def edit_anchor(
    *, actor, dimension: str, score: int, text: str, language: str = "en"
) -> ScaleAnchor:
    """The council's own wording of one anchor of a rating scale, in one language."""
    _ensure(actor, "readiness.edit_strategies")
    if dimension not in DIMENSIONS or not 1 <= int(score) <= 9:
        raise ValidationError(_("No such anchor."))
    if language not in ("en", "ur", "pl"):
        raise ValidationError(_("Anchors are kept in English, Urdu and Polish."))
    if not text.strip():
        raise ValidationError(_("Write the anchor's words."))
    with transaction.atomic():
        row, _created = ScaleAnchor.objects.update_or_create(
            dimension=dimension,
            score=score,
            language=language,
            defaults={"text": text.strip()},
        )
        audit.record(
            ReadinessEvent.ANCHOR_EDITED,
            actor=actor,
            obj=row,
            data={"dimension": dimension, "score": score, "language": language, "text": row.text},
        )
    return row


def cite_in_proposal(*, actor, proposal, assessment: Assessment | None):
    """An Innovation Fund proposal cites the readiness assessment it responds to (or stops
    citing one).  Allowed to whoever may edit the proposal now, while it is a draft or being
    revised; only a completed assessment may be cited.  Unchanged citations write nothing."""
    from commonground.fund.models.proposal import EDITABLE, Proposal, ProposalStatus
    from commonground.fund.rules import ensure as fund_ensure

    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        revising = proposal.status == ProposalStatus.REVISION_REQUESTED
        fund_ensure(actor, "fund.proposal.revise" if revising else "fund.proposal.edit", proposal)
        if proposal.status not in EDITABLE:
            raise ValidationError(_("This proposal can no longer be changed."))
        if assessment is not None and assessment.completed_at is None:
            raise ValidationError(
                {"readiness_assessment": _("Only a completed readiness assessment can be cited.")}
            )
        before = proposal.readiness_assessment_id
        after = assessment.pk if assessment is not None else None
        if before == after:
            return proposal
        proposal.readiness_assessment = assessment
        proposal.save(update_fields=["readiness_assessment", "updated_at"])
        audit.record(
            ReadinessEvent.ASSESSMENT_CITED,
            actor=actor,
            obj=proposal,
            data={"proposal": proposal.pk, "assessment": after, "previous": before},
        )
    return proposal

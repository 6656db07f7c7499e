"""What works, fed back into the Innovation Fund: published interventions that have been
decided on, with what was found and what was decided, nearest the proposal's themes first.

Proposers see it while they write and assessors while they judge, so a new round starts from
what earlier rounds learnt ("where results prove to be positive we will either scale up … or
test them in other areas").  Only published interventions with a recorded decision count:
a draft or an undecided one is not yet evidence anyone should lean on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from .models import Decision, EvaluationResult, Intervention


@dataclass(frozen=True)
class Lesson:
    """One intervention's latest decision and the result it rested on (or the latest one)."""

    intervention: Intervention
    decision: Decision
    verdict: str
    matches_objective: bool
    matches_pillar: bool


def relevant(
    *,
    pillars: Iterable[int] = (),
    objectives: Iterable[int] = (),
    limit: int = 5,
) -> list[Lesson]:
    """Decided, published interventions sharing an objective or pillar with a proposal:
    those on the same objective first, then the same pillar, most recently decided first.
    With no pillar or objective given, the most recent decisions across every theme."""
    pillar_ids = {int(p) for p in pillars}
    objective_ids = {int(o) for o in objectives}
    queryset = (
        Intervention.objects.published()
        .filter(decisions__isnull=False)
        .select_related("pillar", "objective")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("evidence").order_by("-decided_at", "-pk"),
            ),
            Prefetch("results", queryset=EvaluationResult.objects.order_by("-computed_at", "-pk")),
        )
        .distinct()
    )
    if pillar_ids or objective_ids:
        queryset = queryset.filter(
            Q(pillar_id__in=pillar_ids)
            | Q(objective_id__in=objective_ids)
            | Q(objective__pillar_id__in=pillar_ids)
        )
    lessons = []
    for item in queryset:
        decisions = list(item.decisions.all())
        results = list(item.results.all())
        latest = decisions[0]
        evidence = latest.evidence or (results[0] if results else None)
        lessons.append(
            Lesson(
                intervention=item,
                decision=latest,
                verdict=evidence.verdict if evidence else "",
                matches_objective=item.objective_id in objective_ids,
                matches_pillar=item.pillar_id in pillar_ids
                or (item.objective is not None and item.objective.pillar_id in pillar_ids),
            )
        )
    lessons.sort(key=lambda lesson: lesson.decision.decided_at, reverse=True)
    lessons.sort(key=lambda lesson: (not lesson.matches_objective, not lesson.matches_pillar))
    return lessons[:limit]


def for_proposal(proposal=None, round_=None, limit: int = 5) -> list[Lesson]:
    """What works for a Fund proposal (its pillars and objectives) or, before it has any, for
    its round's pillars."""
    pillars: list[int] = []
    objectives: list[int] = []
    if proposal is not None and proposal.pk:
        pillars = list(proposal.pillars.values_list("pk", flat=True))
        objectives = list(proposal.objectives.values_list("pk", flat=True))
    if not pillars and not objectives and round_ is not None and round_.pk:
        pillars = list(round_.pillars.values_list("pk", flat=True))
    return relevant(pillars=pillars, objectives=objectives, limit=limit)

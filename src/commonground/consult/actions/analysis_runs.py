"""Analyses queued in the background: on an officer's request, or after evidence changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires, system_action
from commonground.consult.events import ConsultEvent
from commonground.consult.models import AnalysisKind, AnalysisRun, Consultation
from commonground.core import audit


@requires("consult.run_analysis", on="consultation")
def request_analysis(*, actor, consultation: Consultation, kind: str) -> AnalysisRun:
    """Queue a background analysis; the task starts once this transaction commits."""
    from commonground.consult.tasks import run_analysis_task

    if kind not in AnalysisKind.values:
        raise ValidationError({"kind": _("Unknown analysis.")})
    with transaction.atomic():
        run = AnalysisRun.objects.create(consultation=consultation, kind=kind, requested_by=actor)
        audit.record(
            ConsultEvent.ANALYSIS_REQUESTED, actor=actor, obj=consultation, data={"kind": kind}
        )
        transaction.on_commit(lambda: run_analysis_task.enqueue(run.pk))
    return run


# Analyses cheap enough (seconds) to recompute by themselves when evidence arrives or changes.
# Themes, proposals and suggestions embed text and stay an officer's decision.
AUTO_REFRESH = (AnalysisKind.PRIORITIES, AnalysisKind.REACH)


@system_action("evidence arrived or changed: queued inside the action that changed it")
def refresh_analysis(*, consultation: Consultation, because: str = "") -> list[AnalysisRun]:
    """Queue priorities and reach again after new or changed evidence, in the background.

    At most one *queued* run per consultation and kind: a run still waiting to start will read
    the new evidence anyway, so another is not queued. (One already running may have read the
    evidence before this change, so a queued one is added behind it.) Call inside the
    transaction that changed the evidence; the task starts once it commits. Returns the runs
    queued (none when each kind already had one waiting).
    """
    from commonground.consult.models import RunStatus
    from commonground.consult.tasks import run_analysis_task

    waiting = set(
        AnalysisRun.objects.filter(
            consultation=consultation, kind__in=AUTO_REFRESH, status=RunStatus.QUEUED
        ).values_list("kind", flat=True)
    )
    queued = []
    for kind in AUTO_REFRESH:
        if kind in waiting:
            continue
        run = AnalysisRun.objects.create(consultation=consultation, kind=kind)
        queued.append(run)
        transaction.on_commit(lambda pk=run.pk: run_analysis_task.enqueue(pk))
    if queued:
        audit.record(
            ConsultEvent.ANALYSIS_REFRESH_QUEUED,
            obj=consultation,
            actor_label="system",
            data={"kinds": [r.kind for r in queued], "because": because},
        )
    return queued

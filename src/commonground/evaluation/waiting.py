"""Evaluation's part of "Your tasks": plans to lock once an intervention has started.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import EvaluationPlan


def tools(user) -> list[Tool]:
    if user.has_perm("evaluation.manage"):
        return [Tool(_("Test and learn"), reverse("evaluation:library"))]
    return []


def tasks(user) -> list[Task]:
    if not user.has_perm("evaluation.manage"):
        return []
    unlocked = EvaluationPlan.objects.filter(
        locked_at=None, intervention__start_date__lte=timezone.localdate()
    ).select_related("intervention")
    return [
        Task(
            _("%(title)s has started: lock its evaluation plan.")
            % {"title": plan.intervention.title},
            reverse("evaluation:plan", args=[plan.intervention_id]),
            _("Open the plan"),
        )
        for plan in unlocked[:20]
    ]

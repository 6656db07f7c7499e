"""Community Readiness's part of "Your tasks": interviews to score and consensus to agree.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import Interview


def tools(user) -> list[Tool]:
    if user.has_perm("readiness.create") or user.has_perm("readiness.view_maps"):
        return [Tool(_("Community Readiness"), reverse("readiness:index"))]
    return []


def tasks(user) -> list[Task]:
    """Each open interview this person scores and has not yet scored; each interview both
    scorers have finished that has no consensus yet."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = (
        Interview.objects.filter(assessment__completed_at__isnull=True)
        .filter(Q(assessment__scorer_a=user) | Q(assessment__scorer_b=user))
        .select_related("assessment")
        .annotate(
            sheets_in=Count("sheets", distinct=True),
            mine_in=Count("sheets", filter=Q(sheets__scorer=user), distinct=True),
            agreed=Count("consensus", distinct=True),
        )
        .order_by("held_on", "pk")
    )
    found = []
    for interview in mine:
        if interview.mine_in == 0:
            found.append(
                Task(
                    _("Score the interview with %(role)s (%(issue)s)")
                    % {"role": interview.respondent_role, "issue": interview.assessment.issue},
                    reverse("readiness:score", args=[interview.pk]),
                    _("Score it"),
                )
            )
        elif interview.sheets_in == 2 and interview.agreed < 6:
            found.append(
                Task(
                    _("Agree the consensus for the interview with %(role)s (%(issue)s)")
                    % {"role": interview.respondent_role, "issue": interview.assessment.issue},
                    reverse("readiness:consensus", args=[interview.pk]),
                    _("Agree the consensus"),
                )
            )
    return found

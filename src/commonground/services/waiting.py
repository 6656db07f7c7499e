"""The services directory's part of "Your tasks": edits to approve (officers) and entries not
checked for three months (officers, and the partner who keeps them: ORUK's assurance reminder).

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.predicates import is_officer, is_partner
from commonground.core.waiting import Task, Tool

from .models import Service
from .models.directory import ASSURANCE_DUE_AFTER


def tools(user) -> list[Tool]:
    if is_officer(user):
        return [Tool(_("Directory changes"), reverse("services:review"))]
    return []


def tasks(user) -> list[Task]:
    officer = is_officer(user)
    if not (officer or is_partner(user)):
        return []
    services = Service.objects.all()
    if not officer:
        organisations = list(user.confirmed_organisations())
        if not organisations:
            return []
        services = services.filter(organization__partner__in=organisations)
    found = []
    cutoff = timezone.localdate() - ASSURANCE_DUE_AFTER
    overdue = services.filter(Q(assured_date__lt=cutoff) | Q(assured_date=None)).order_by(
        F("assured_date").asc(nulls_first=True)
    )
    overdue_count = overdue.count()
    if officer:
        pending = services.exclude(pending_since=None).count()
        if pending:
            found.append(
                Task(
                    _("Partners' changes to directory entries are waiting for approval."),
                    reverse("services:review"),
                    _("Review changes"),
                    count=pending,
                )
            )
    if overdue_count:
        url = (
            reverse("services:review")
            if officer
            else reverse("services:detail", args=[overdue.first().pk])
        )
        found.append(
            Task(
                _("Directory entries have not been checked for over three months."),
                url,
                _("Check entries"),
                count=overdue_count,
            )
        )
    return found

"""The community voice panel's part of "Your tasks": pools without quotas, selections that
failed, and finished selections not yet published.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import Pool, RunStatus, SelectionRun


def tools(user) -> list[Tool]:
    """Officers and the Board see the panel's pools (asked by permission only: every page)."""
    if user.has_perm("people.view_pool"):
        return [Tool(_("Community voice panel"), reverse("people:pools"))]
    return []


def tasks(user) -> list[Task]:
    """For whoever manages pools: quotas to set; for whoever runs selections: failed runs to
    look at and finished runs to publish."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Task] = []
    if user.has_perm("people.manage_pool"):
        no_quotas = (
            Pool.objects.annotate(quota_count=Count("quotas"), people=Count("respondents"))
            .filter(quota_count=0, people__gt=0)
            .order_by("title")
        )
        found += [
            Task(
                _("Set the quotas for %(pool)s") % {"pool": pool.title},
                reverse("people:quotas", args=[pool.slug]),
                _("Set the quotas"),
            )
            for pool in no_quotas
        ]
    if user.has_perm("people.run_selection"):
        runs = (
            SelectionRun.objects.filter(status__in=[RunStatus.FAILED, RunStatus.DONE])
            .filter(published_at__isnull=True)
            .select_related("pool")
            .order_by("created_at")
        )
        latest: dict[int, SelectionRun] = {}
        for run in runs:
            latest[run.pool_id] = run  # the newest unpublished run of each pool
        for run in latest.values():
            if run.status == RunStatus.FAILED:
                found.append(
                    Task(
                        _("The selection for %(pool)s failed") % {"pool": run.pool.title},
                        run.get_absolute_url(),
                        _("See why"),
                        due=run.finished_at,
                        when="on",
                        urgent=True,
                    )
                )
            elif not run.pool.runs.filter(published_at__isnull=False).exists():
                found.append(
                    Task(
                        _("Publish the selection for %(pool)s") % {"pool": run.pool.title},
                        run.get_absolute_url(),
                        _("Check and publish"),
                        due=run.finished_at,
                        when="on",
                    )
                )
    return found

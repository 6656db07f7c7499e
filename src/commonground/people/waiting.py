"""The community voice panel's part of "Your tasks": pools without quotas, selections that
failed, and finished selections not yet published; once a panel sits, meetings without
attendance, members due for rotation, expenses to approve or pay, and (for the Board)
recommendations awaiting a response.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import (
    ClaimStatus,
    ExpenseClaim,
    Meeting,
    MemberStatus,
    Panel,
    Pool,
    Recommendation,
    RunStatus,
    SelectionRun,
)

ROTATION_NOTICE_DAYS = 60


def tools(user) -> list[Tool]:
    """Officers and the Board see the panel's pools (each pool's page links to its sitting
    panel). Asked by permission only, with no query: the header shows it on every page."""
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
    return found + _panel_tasks(user)


def _panel_tasks(user) -> list[Task]:
    """The sitting panels' work, for whoever holds the permission it needs."""
    from datetime import timedelta

    from django.utils import timezone

    found: list[Task] = []
    if user.has_perm("people.manage_panel"):
        unrecorded = (
            Meeting.objects.filter(
                starts_at__lte=timezone.now(), attendance_recorded_at__isnull=True
            )
            .select_related("panel__pool")
            .order_by("starts_at")
        )
        found += [
            Task(
                _("Record attendance at %(meeting)s") % {"meeting": meeting.title},
                reverse("people:attendance", args=[meeting.panel.pool.slug, meeting.pk]),
                _("Record attendance"),
                due=meeting.starts_at,
                when="on",
            )
            for meeting in unrecorded
        ]
        horizon = timezone.localdate() + timedelta(days=ROTATION_NOTICE_DAYS)
        for panel in Panel.objects.select_related("pool").order_by("pool__title"):
            due = panel.run.members.filter(status=MemberStatus.ACTIVE, term_end__lte=horizon)
            count = due.count()
            if count:
                first = due.order_by("term_end").first()
                found.append(
                    Task(
                        _("Members of %(pool)s due for rotation") % {"pool": panel.pool.title},
                        reverse("people:members", args=[panel.pool.slug]),
                        _("See who rotates"),
                        count=count,
                        due=first.term_end,
                        when="due",
                        urgent=first.term_end < timezone.localdate(),
                    )
                )
    if user.has_perm("people.manage_expenses"):
        for status, text, link in (
            (
                ClaimStatus.SUBMITTED,
                _("Expense claims to approve for %(pool)s"),
                _("Approve or refuse"),
            ),
            (ClaimStatus.APPROVED, _("Approved expenses to pay for %(pool)s"), _("Mark paid")),
        ):
            for panel in Panel.objects.select_related("pool").order_by("pool__title"):
                claims = ExpenseClaim.objects.filter(member__run=panel.run_id, status=status)
                count = claims.count()
                if count:
                    oldest = claims.order_by("submitted_at").first()
                    found.append(
                        Task(
                            text % {"pool": panel.pool.title},
                            reverse("people:expenses", args=[panel.pool.slug]),
                            link,
                            count=count,
                            due=oldest.submitted_at,
                            when="on",
                        )
                    )
    if user.has_perm("people.respond_to_recommendation"):
        waiting = (
            Recommendation.objects.filter(response__isnull=True)
            .exclude(question__status="withdrawn")
            .select_related("question__panel__pool")
            .order_by("recorded_at")
        )
        for recommendation in waiting:
            question = recommendation.question
            found.append(
                Task(
                    _("Respond to the panel's recommendation on: %(question)s")
                    % {"question": question.title},
                    reverse("people:respond", args=[question.panel.pool.slug, recommendation.pk]),
                    _("Respond for the Board"),
                    due=recommendation.recorded_at,
                    when="on",
                )
            )
    return found

"""Future Leaders' part of "Your tasks": for officers, applications to decide and participants
without a mentor; for participants, their next sessions and their log.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import Application, Cohort, Session, Status


def tools(user) -> list[Tool]:
    """Officers run the programme from its index (asked by permission only: every page)."""
    if user.has_perm("leaders.manage"):
        return [Tool(_("Future Leaders"), reverse("leaders:index"))]
    return []


def tasks(user) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Task] = []
    today = timezone.localdate()
    if user.has_perm("leaders.manage"):
        cohorts = Cohort.objects.annotate(
            waiting=Count("applications", filter=Q(applications__status=Status.SUBMITTED)),
            taken=Count("applications", filter=Q(applications__status=Status.SELECTED)),
        ).order_by("closes_on")
        for cohort in cohorts:
            if cohort.waiting and cohort.taken < cohort.size:
                found.append(
                    Task(
                        _("Decide the applications to %(cohort)s") % {"cohort": cohort.name},
                        reverse("leaders:applications", args=[cohort.slug]),
                        _("Decide"),
                        count=cohort.waiting,
                        due=cohort.closes_on if cohort.closes_on >= today else None,
                    )
                )
            unpaired = cohort.applications.filter(
                status=Status.SELECTED, pairing__isnull=True
            ).count()
            if unpaired:
                found.append(
                    Task(
                        _("Find mentors for %(cohort)s") % {"cohort": cohort.name},
                        reverse("leaders:programme", args=[cohort.slug]),
                        _("Match mentors"),
                        count=unpaired,
                    )
                )
    places = Application.objects.filter(
        applicant_id=user.pk, status=Status.SELECTED
    ).select_related("cohort")
    for place in places:
        upcoming = Session.objects.filter(cohort=place.cohort, on__gte=today).order_by("on").first()
        if upcoming:
            found.append(
                Task(
                    _("Next session: %(title)s, %(place)s")
                    % {
                        "title": upcoming.title,
                        "place": upcoming.place,
                    },
                    reverse("leaders:programme", args=[place.cohort.slug]),
                    _("See the programme"),
                    due=upcoming.on,
                    when="on",
                )
            )
        found.append(
            Task(
                _("Write in your Future Leaders log"),
                place.get_absolute_url(),
                _("Open your log"),
            )
        )
    return found

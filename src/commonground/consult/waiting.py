"""Conversations' part of "Your tasks" and of the home page's "Open now".

Read by :mod:`commonground.core.waiting`, which finds this module by name. Every check asks
a consult permission by name (:func:`commonground.consult.rules.allowed`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import Consultation, ConsultationStatus, Survey
from .rules import allowed

REPORTS_SHOWN_FOR = timedelta(days=180)
"""How long a newly published report stays on a Board member's tasks."""


def tools(user) -> list[Tool]:
    if allowed(user, "consult.manage_consultation"):
        return [Tool(_("Manage conversations"), reverse("consult:manage"))]
    return []


def tasks(user) -> list[Task]:
    found = []
    now = timezone.now()
    if allowed(user, "consult.manage_consultation"):
        for consultation in Consultation.objects.filter(
            status=ConsultationStatus.OPEN, closes_at__lte=now
        ).order_by("closes_at"):
            found.append(
                Task(
                    _("%(title)s has passed its closing date: close it.")
                    % {"title": consultation.title},
                    reverse("consult:dashboard", args=[consultation.slug]),
                    _("Close the consultation"),
                    due=consultation.closes_at,
                    when="on",
                    urgent=True,
                )
            )
        for consultation in Consultation.objects.filter(
            status=ConsultationStatus.CLOSED, report_published_at__isnull=True
        ).order_by("closes_at"):
            found.append(
                Task(
                    _("%(title)s has closed: publish what people said.")
                    % {"title": consultation.title},
                    reverse("consult:dashboard", args=[consultation.slug]),
                    _("Publish the report"),
                )
            )
        return found
    if allowed(user, "consult.view_analysis"):
        published = Consultation.objects.filter(report_published_at__gte=now - REPORTS_SHOWN_FOR)
        for consultation in published.order_by("-report_published_at"):
            found.append(
                Task(
                    _("What people said in %(title)s is published.")
                    % {"title": consultation.title},
                    reverse("consult:report", args=[consultation.slug]),
                    _("Read the report"),
                )
            )
    return found + open_now()


def open_now() -> list[Task]:
    """Consultations open now, with the moment each closes (public)."""
    now = timezone.now()
    surveys = Survey.objects.filter(consultation=OuterRef("pk"), published=True)
    consultations = (
        Consultation.objects.filter(status=ConsultationStatus.OPEN, opens_at__lte=now)
        .filter(closes_at__gt=now)
        .annotate(has_survey=Exists(surveys))
        .order_by("closes_at")
    )
    found = []
    for consultation in consultations:
        if consultation.has_survey:
            url = reverse("consult:survey_start", args=[consultation.slug])
            text = _("Answer the survey: %(title)s.")
            link = _("Take the survey")
        else:
            url = reverse("consult:detail", args=[consultation.slug])
            text = _("Have your say: %(title)s.")
            link = _("Find out how to take part")
        found.append(
            Task(text % {"title": consultation.title}, url, link, due=consultation.closes_at)
        )
    return found

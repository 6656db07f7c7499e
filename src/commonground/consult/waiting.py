"""Conversations' part of "Your tasks" and of the home page's "Open now".

Read by :mod:`commonground.core.waiting`, which finds this module by name. Every check asks
a consult permission by name (:func:`commonground.consult.rules.allowed`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import Consultation, ConsultationStatus, CountGroup, Survey
from .models.survey import current_language
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
    found += counts_to_enter(user)
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


def counts_to_enter(user) -> list[Task]:
    """Groups whose answers this person enters as counts (a teacher's classes), with none
    entered yet, in consultations not yet closed (a draft one too: a class may answer before
    the consultation opens to the public), each with the day its consultation closes.
    (A count survey need not be published: the class answers on paper or by hands.)"""
    now = timezone.now()
    groups = (
        CountGroup.objects.filter(
            entered_at__isnull=True,
            survey__consultation__status__in=[ConsultationStatus.DRAFT, ConsultationStatus.OPEN],
            survey__consultation__closes_at__gt=now,
        )
        .exclude(grant_permission="")
        .select_related("survey__consultation", "grant_type")
        .prefetch_related("grant_object")
        .order_by("survey__consultation__closes_at", "survey_id", "key")
    )
    lang = current_language(get_language())
    # the answer depends only on the grant, and a school's classes share one: ask once each
    may: dict[tuple, bool] = {}
    found = []
    for group in groups:
        grant = (group.grant_permission, group.grant_type_id, group.grant_id)
        if grant not in may:
            may[grant] = allowed(user, "consult.record_answer_counts", group)
        if may[grant]:
            found.append(
                Task(
                    _("Enter the answers of %(group)s to %(survey)s.")
                    % {"group": group.label, "survey": group.survey.title_in(lang)},
                    reverse(
                        "consult:survey_count_group",
                        args=[group.survey.consultation.slug, group.pk],
                    ),
                    _("Enter the counts"),
                    due=group.survey.consultation.closes_at,
                )
            )
    return found


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

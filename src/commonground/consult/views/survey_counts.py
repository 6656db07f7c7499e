"""Entering a group's answers as counts (a school class answered together): a box per answer,
and the list of the groups of a consultation's surveys the signed-in person may enter.

Who may: ``consult.record_answer_counts`` on the group (officers, or whoever holds the
permission the group names on its object, such as a school's teacher), asked by name here and
again by the action.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.consult import actions
from commonground.consult.forms_survey.counts import CountsForm
from commonground.consult.models import CountGroup
from commonground.consult.rules import allowed, require
from commonground.consult.views.survey_common import get_consultation, language

PERMISSION = "consult.record_answer_counts"


def _groups(consultation, user) -> list[CountGroup]:
    """The consultation's count groups ``user`` may enter, by survey then key."""
    groups = (
        CountGroup.objects.filter(survey__consultation=consultation)
        .select_related("survey", "grant_type")
        .prefetch_related("grant_object")
        .order_by("survey__created_at", "survey_id", "key")
    )
    return [g for g in groups if allowed(user, PERMISSION, g)]


def count_groups(request: HttpRequest, slug: str) -> HttpResponse:
    """The groups whose counts this person may enter, optionally of one survey (``?survey=``)."""
    consultation = get_consultation(slug)
    groups = _groups(consultation, request.user)
    survey_id = request.GET.get("survey", "")
    if survey_id.isdigit():
        groups = [g for g in groups if g.survey_id == int(survey_id)]
    if not groups and not allowed(request.user, "consult.build_survey"):
        raise PermissionDenied(_("You have no group's counts to enter here."))
    lang = language()
    surveys: dict[int, dict] = {}
    for group in groups:
        entry = surveys.setdefault(
            group.survey_id,
            {"survey": group.survey, "title": group.survey.title_in(lang), "groups": []},
        )
        entry["groups"].append(group)
    return render(
        request,
        "consult/survey/counts_list.html",
        {
            "consultation": consultation,
            "surveys": list(surveys.values()),
            "section": "consult",
        },
    )


def count_group(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One group's counts: every countable question, a box per answer, prefilled."""
    consultation = get_consultation(slug)
    group = get_object_or_404(
        CountGroup.objects.select_related("survey__consultation", "grant_type", "entered_by"),
        pk=pk,
        survey__consultation=consultation,
    )
    require(request.user, PERMISSION, group)
    lang = language()
    form = CountsForm(group, language=lang, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_answer_counts(actor=request.user, group=group, counts=form.counts())
        except ValidationError as error:
            form.refuse(error)
        else:
            messages.success(
                request, _("The counts for %(group)s are saved.") % {"group": group.label}
            )
            back = reverse("consult:survey_counts", args=[slug])
            return redirect(f"{back}?survey={group.survey_id}#group-{group.pk}")
    return render(
        request,
        "consult/survey/counts.html",
        {
            "consultation": consultation,
            "survey": group.survey,
            "group": group,
            "form": form,
            "items": form.items(),
            "problems": form.problems() if form.is_bound else [],
            "title": group.survey.title_in(lang),
            "section": "consult",
        },
        status=400 if form.is_bound else 200,
    )

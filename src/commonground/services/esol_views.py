"""ESOL unit pages: record a need (community workers, providers, the unit), the one waiting list
with the classes that fit (the unit), and a provider's own placements and class places."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import esol, esol_charts, esol_gaps, throttle
from .forms import EsolLearnerForm, EsolNeedForm
from .models import EsolClass, EsolNeed, Placement
from .models.esol import TRANSITIONS, PlacementState


def record_need(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("services.esol_record_need"):
        raise PermissionDenied
    form = EsolNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        esol.record_need(actor=request.user, consent=form.cleaned_data["consent"], **data)
        messages.success(request, _("The learner is on the ESOL waiting list."))
        return redirect("services:esol_need")
    return render(request, "services/esol_need.html", {"form": form})


@login_not_required
def learner_need(request: HttpRequest) -> HttpResponse:
    """A learner asks for an English class themselves, in their own language, on a phone, with
    no account; they join the same waiting list the unit works from and the gaps page counts."""
    form = EsolLearnerForm(request.POST or None)
    status, limited = 200, False
    if request.method == "POST" and form.is_valid():
        address = throttle.client_address(request)
        if throttle.limited(address):
            # Kept on the page (with what they typed) and told plainly when to try again.
            status, limited = 429, True
        else:
            throttle.count(address)
            data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
            language = (get_language() or "en").split("-")[0]  # the page they asked on
            esol.learner_asks(consent=form.cleaned_data["consent"], language=language, **data)
            return redirect("services:esol_join_done")
    minutes = int(throttle.window().total_seconds() // 60)
    context = {"form": form, "limited": limited, "minutes": minutes}
    return render(request, "services/esol_join.html", context, status=status)


@login_not_required
def learner_done(request: HttpRequest) -> HttpResponse:
    """What happens next, after a learner has asked (nothing about them is shown)."""
    return render(request, "services/esol_join_done.html")


def waiting_list(request: HttpRequest) -> HttpResponse:
    """The unit: every learner waiting, with the classes that would fit them."""
    if not request.user.has_perm("services.esol_see_all"):
        raise PermissionDenied
    needs = [
        n
        for n in EsolNeed.objects.select_related("ward").prefetch_related("placements")
        if n.waiting
    ]
    rows = [(need, esol.classes_for(need)[:3]) for need in needs]
    return render(request, "services/esol_waiting.html", {"rows": rows})


@require_POST
def offer(request: HttpRequest, need_pk: int, class_pk: int) -> HttpResponse:
    need = get_object_or_404(EsolNeed, pk=need_pk)
    esol_class = get_object_or_404(EsolClass, pk=class_pk)
    try:
        esol.offer_place(actor=request.user, need=need, esol_class=esol_class)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Place offered."))
    return redirect("services:esol_waiting")


def provider(request: HttpRequest) -> HttpResponse:
    """A provider's placements (only its own classes) and its classes' places."""
    if not request.user.has_perm("services.esol_provider"):
        raise PermissionDenied
    placements = esol.placements_visible_to(request.user).exclude(
        state__in=[PlacementState.COMPLETED, PlacementState.LEFT, PlacementState.DECLINED]
    )
    classes = [
        c
        for c in EsolClass.objects.select_related("service__organization__partner")
        if request.user.has_perm("services.esol_manage_class", c)
    ]
    rows = [(p, sorted(TRANSITIONS[PlacementState(p.state)])) for p in placements]
    return render(request, "services/esol_provider.html", {"rows": rows, "classes": classes})


@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(Placement, pk=pk)
    try:
        esol.move_placement(
            actor=request.user,
            placement=placement,
            state=request.POST.get("state", ""),
            assessed_level=request.POST.get("assessed_level", ""),
        )
    except (ValidationError, ValueError, KeyError):
        messages.error(request, _("That change is not possible for this placement."))
    return redirect("services:esol_provider")


@require_POST
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    esol_class = get_object_or_404(EsolClass, pk=pk)
    try:
        places = int(request.POST.get("capacity", ""))
        esol.set_capacity(actor=request.user, esol_class=esol_class, capacity=places)
    except (ValueError, ValidationError):
        messages.error(request, _("Enter the number of places as a whole number, 0 or more."))
    return redirect("services:esol_provider")


def gaps(request: HttpRequest) -> HttpResponse:
    """Need against provision by ward: census estimate, learners waiting, free places, a map."""
    if not request.user.has_perm("services.esol_see_all"):
        raise PermissionDenied
    if request.method == "POST":
        counts = esol_gaps.publish_to_measures(actor=request.user)
        messages.success(
            request,
            _("ESOL figures sent to Measures: %(n)s new or changed.") % {"n": sum(counts.values())},
        )
        return redirect("services:esol_gaps")
    rows = esol_gaps.gaps()
    venues = esol_gaps.venues()
    caption = _(
        "Wards shaded by learners waiting beyond the free places there; numbered dots are the "
        "class venues. The tables give every figure and every venue."
    )
    return render(
        request,
        "services/esol_gaps.html",
        {
            "rows": rows,
            "map": esol_charts.gaps_map(rows, caption, venues=venues),
            "venues": venues,
            "has_census": any(r.census_need is not None for r in rows),
            "unplaced_ward": esol_gaps.waiting_by_ward().get(None, 0),
        },
    )

"""Directory pages: residents search (public, phone first, printable); partners propose edits
and confirm entries ("last assured"); officers approve proposed edits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import actions, queries
from .forms import SearchForm, ServiceEditForm
from .models import Service, ServiceAtLocation

RESULTS_SHOWN = 50
"""Results on one page (nearest first near a postcode): enough on a phone, quick to print."""


def _search(request: HttpRequest) -> dict:
    form = SearchForm(request.GET or None)
    results, point, searched = [], None, False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        searched = True
        results, point = queries.search(
            text=data["q"],
            term_id=data["need"].pk if data["need"] else None,
            language=data["language"],
            ward_code=data["ward"],
            postcode=data["postcode"],
            within_m=int(data["within"] or 5000),
            free_only=data["free"],
            day=data["day"],
            limit=RESULTS_SHOWN,
        )
    return {"form": form, "results": results, "searched": searched, "near": point is not None}


@login_not_required
def search(request: HttpRequest) -> HttpResponse:
    """Find a service by need, language, ward, distance from a postcode, day and cost."""
    return render(request, "services/search.html", _search(request))


@login_not_required
def search_print(request: HttpRequest) -> HttpResponse:
    """The same search as a plain list to print or hand to someone."""
    return render(request, "services/print.html", _search(request))


def _service(pk) -> Service:
    return get_object_or_404(
        Service.objects.select_related("organization__partner").prefetch_related(
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__ward"
                ).prefetch_related("location__addresses"),
            ),
            "schedules",
            "languages",
            "cost_options",
            "contacts__phones",
            "attributes__taxonomy_term",
        ),
        pk=pk,
    )


@login_not_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    service = _service(pk)
    if request.method == "POST":
        if not request.user.has_perm("services.assure", service):
            raise PermissionDenied
        actions.assure(actor=request.user, service=service)
        return redirect("services:detail", pk=service.pk)
    return render(
        request,
        "services/detail.html",
        {
            "service": service,
            "places": [sal.location for sal in service.service_at_locations.all()],
            "may_edit": request.user.has_perm("services.propose_change", service),
            "may_assure": request.user.has_perm("services.assure", service),
            "overdue": service.assurance_overdue(),
        },
    )


def edit(request: HttpRequest, pk) -> HttpResponse:
    """A partner proposes changes to an entry it keeps; they wait for an officer."""
    service = _service(pk)
    if not request.user.has_perm("services.propose_change", service):
        raise PermissionDenied
    initial = {
        **{f: getattr(service, f) for f in ServiceEditForm.Meta.fields},
        **service.pending_changes,
    }
    form = ServiceEditForm(request.POST or None, initial=initial, instance=Service(pk=service.pk))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in ServiceEditForm.Meta.fields}
        actions.propose_change(actor=request.user, service=service, changes=changes)
        if request.user.has_perm("services.approve_change", service):
            actions.approve_change(actor=request.user, service=service)
        return redirect("services:detail", pk=service.pk)
    return render(request, "services/edit.html", {"service": service, "form": form})


def review(request: HttpRequest) -> HttpResponse:
    """Officers: proposed edits waiting, and entries not assured for three months."""
    if not request.user.has_perm("services.review"):
        raise PermissionDenied
    pending = (
        Service.objects.exclude(pending_since=None)
        .select_related("organization")
        .order_by("pending_since")
    )
    overdue = [
        s
        for s in Service.objects.select_related("organization").order_by("assured_date", "name")
        if s.assurance_overdue()
    ]
    return render(request, "services/review.html", {"pending": pending, "overdue": overdue})


@require_POST
def approve(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    if not request.user.has_perm("services.approve_change", service):
        raise PermissionDenied
    if request.POST.get("decision") == "reject":
        actions.reject_change(
            actor=request.user, service=service, reason=request.POST.get("reason", "")[:500]
        )
    else:
        actions.approve_change(actor=request.user, service=service)
    return redirect("services:review")

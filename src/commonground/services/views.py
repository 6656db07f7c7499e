"""Directory pages: residents search (public, phone first, printable); partners propose edits
and confirm entries ("last assured"); officers approve proposed edits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import actions, exports, queries, results_map
from .forms import SearchForm, ServiceEditForm
from .models import Service, ServiceAtLocation

RESULTS_SHOWN = 50
"""Results on one page (nearest first near a postcode): enough on a phone, quick to print."""


EXPORT_LIMIT = 5000
"""Most services in one downloaded file (the whole directory is the ORUK API's to page)."""


def _search(request: HttpRequest, limit: int = RESULTS_SHOWN, contacts: bool = False) -> dict:
    form = SearchForm(request.GET or None)
    results, point, searched = [], None, False
    if form.is_bound and form.is_valid():
        searched = True
        results, point = queries.search(**form.criteria(), limit=limit, contacts=contacts)
    return {
        "form": form,
        "results": results,
        "searched": searched,
        "near": point is not None,
        "point": point,
    }


@login_not_required
def search(request: HttpRequest) -> HttpResponse:
    """Find a service by need, language, ward, distance from a postcode, day, time and cost;
    the results numbered in a list with a map of them beside it."""
    context = _search(request)
    context["map"] = results_map.results_map(context["results"], context["point"])
    return render(request, "services/search.html", context)


@login_not_required
def search_print(request: HttpRequest) -> HttpResponse:
    """The same search as a plain list to print or hand to someone."""
    return render(request, "services/print.html", _search(request))


def _export_name(extension: str) -> str:
    return f"services-{timezone.localdate():%Y-%m-%d}.{extension}"


def _back_to_search(request: HttpRequest) -> HttpResponse:
    """No search, or a bad one: back to the page, which says what to change."""
    query = request.GET.urlencode()
    return redirect(reverse("services:search") + (f"?{query}" if query else ""))


@login_not_required
def search_csv(request: HttpRequest) -> HttpResponse:
    """The search's results as a spreadsheet (every text cell made safe to open)."""
    context = _search(request, limit=EXPORT_LIMIT, contacts=True)
    if not context["searched"]:
        return _back_to_search(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8 (Urdu, Polish)
    exports.write_csv(response, context["results"])
    return response


@login_not_required
def search_oruk(request: HttpRequest) -> HttpResponse:
    """The search's results as a JSON array of ORUK 3.0 services: the file
    ``services import-oruk`` loads, so another directory can take them in."""
    context = _search(request, limit=EXPORT_LIMIT, contacts=True)
    if not context["searched"]:
        return _back_to_search(request)
    response = JsonResponse(
        exports.oruk_services(context["results"]),
        safe=False,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("json")}"'
    return response


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

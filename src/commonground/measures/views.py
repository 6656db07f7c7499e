"""Measures pages: public dashboards and open data, and the partner upload journey.

Views are thin: queries.py fetches (a fixed number of queries per page), actions.py
changes, templates present. Public pages are `@login_not_required`; uploads, tokens and
the late-data list need a partner or officer role.
"""

import re
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from commonground.core.models import Area, AuditEvent
from commonground.core.models.places import AreaLevel
from commonground.core.pdf import render_cached_pdf
from commonground.measures import actions, opendata, queries
from commonground.measures.forms import (
    OwnerForm,
    PublicationForm,
    TargetForm,
    TokenForm,
    UploadForm,
)
from commonground.measures.models import (
    Indicator,
    Observation,
    OrganisationToken,
    Upload,
    UploadVia,
)
from commonground.measures.suppression import secondary_withheld, threshold
from commonground.measures.tasks import process_upload
from commonground.measures.validation import parse_period

SECTION = "measures"


def _published(slug: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.published().select_related("pillar", "objective", "owner"), slug=slug
    )


# -- public -----------------------------------------------------------------------------


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    """Every published measure, by pillar, with its latest District figure."""
    district = queries.home_district()
    items = queries.summaries(queries.published_indicators(), district)
    return render(
        request,
        "measures/index.html",
        {"groups": queries.by_pillar(items), "district": district, "section": SECTION},
    )


@login_not_required
def board(request: HttpRequest) -> HttpResponse:
    """The Board's overview: latest value, change, distance to target, RAG by the stated rule."""
    district = queries.home_district()
    items = queries.summaries(queries.published_indicators(), district)
    return render(
        request,
        "measures/board.html",
        {
            "groups": queries.by_pillar(items),
            "district": district,
            "unrated": queries.not_rated(items),
            "section": SECTION,
        },
    )


@login_not_required
def indicator(request: HttpRequest, slug: str) -> HttpResponse:
    item = _published(slug)
    district = queries.home_district()
    summary = queries.summaries([item], district)[0]
    map_data = queries.indicator_map(
        item, request.GET.get("period"), request.GET.get("breakdown"), district=district
    )
    breakdown_period, breakdowns = queries.indicator_breakdowns(item, district)
    return render(
        request,
        "measures/indicator.html",
        {
            "indicator": item,
            "summary": summary,
            "district": district,
            "map": map_data,
            "map_rows": _map_rows(map_data),
            "breakdown_period": breakdown_period,
            "breakdowns": breakdowns,
            "history": _with_points(queries.indicator_history(item), item),
            "threshold": threshold(),
            "section": SECTION,
        },
    )


def _with_points(observations: list, item: Indicator) -> list:
    """(observation, its public point) pairs: the suppression rule applies to history too.

    Every version of a figure the secondary rule withholds now is withheld as well: an
    earlier version would give the current value away (or come close).
    """
    below = threshold()
    complements = secondary_withheld(
        {item.pk: item.unit}, {(item.pk, o.period) for o in observations}, below
    )
    shown = []
    for o in observations:
        row = {f: getattr(o, f) for f in queries.POINT_FIELDS}
        row[queries.SOURCE_FIELD] = o.organisation.name if o.organisation else ""
        point = queries.make_point(row, item.unit, below)
        if (o.indicator_id, o.area_id, o.period, o.breakdown) in complements:
            queries.withhold(point, complement=True)
        shown.append((o, point))
    return shown


def _map_rows(map_data) -> list:
    if map_data is None:
        return []
    return [(area, map_data.values.get(area.pk)) for area in map_data.areas]


@login_not_required
def figure_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version of one figure: what was published, when, by whom, and why it changed."""
    item = _published(slug)
    area = get_object_or_404(Area, code=request.GET.get("area", ""))
    period = request.GET.get("period", "")
    breakdown = request.GET.get("breakdown", "")
    versions = queries.figure_versions(item, area, period, breakdown)
    if not versions:
        raise Http404
    shown = _with_points(versions, item)
    return render(
        request,
        "measures/figure_history.html",
        {
            "indicator": item,
            "area": area,
            "period": period,
            "breakdown": breakdown,
            "versions": shown,
            "section": SECTION,
        },
    )


@login_not_required
def indicator_csv(request: HttpRequest, slug: str) -> HttpResponse:
    item = _published(slug)
    response = HttpResponse(opendata.indicator_csv(item), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.csv"'
    return response


@login_not_required
def indicator_json(request: HttpRequest, slug: str) -> HttpResponse:
    item = _published(slug)
    data = opendata.indicator_json(item, request.build_absolute_uri(item.get_absolute_url()))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.json"'
    return response


@login_not_required
def indicator_template(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """A partner's upload template: the columns, and a row per area to fill in."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    item = _published(slug)
    if extension == "xlsx":
        response = HttpResponse(
            opendata.template_xlsx(item),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(opendata.template_csv(item), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.slug}-template.{extension}"'
    return response


@login_not_required
def area(request: HttpRequest, code: str) -> HttpResponse:
    """A ward's profile: every measure here against the District, and its deprivation."""
    place = get_object_or_404(Area.objects.select_related("parent"), code=code)
    district = queries.home_district()
    rows = queries.area_rows(place, district, queries.published_indicators())
    return render(
        request,
        "measures/area.html",
        {
            "area": place,
            "district": district,
            "rows": rows,
            "deprivation": queries.area_deprivation(place),
            "section": SECTION,
        },
    )


@login_not_required
def area_index(request: HttpRequest) -> HttpResponse:
    wards = Area.objects.filter(level=AreaLevel.WARD).only(*queries.AREA_FIELDS).order_by("name")
    return render(request, "measures/area_index.html", {"wards": wards, "section": SECTION})


def _quarter(text: str | None) -> tuple[str, date, date]:
    """The quarter a report covers: `?quarter=2024-Q2`, else the last full quarter."""
    if text:
        try:
            period = parse_period(text)
            if "Q" in period.code:
                return period.code, period.start, period.end
        except ValueError:
            pass
    today = timezone.localdate()
    start_month = 3 * ((today.month - 1) // 3) + 1
    end = date(today.year, start_month, 1) - timedelta(days=1)
    period = parse_period(f"{end.year}-Q{(end.month - 1) // 3 + 1}")
    return period.code, period.start, period.end


def _report_context(request: HttpRequest) -> dict:
    quarter, start, end = _quarter(request.GET.get("quarter"))
    district = queries.home_district()
    items = queries.summaries(queries.published_indicators(), district, until=end)
    moved = [
        item
        for item in items
        if item.latest is not None
        and item.latest.period_end >= start
        and len(item.series) > 1
        and item.latest.value is not None
        and item.series[-2].value is not None
    ]
    return {
        "quarter": quarter,
        "start": start,
        "end": end,
        "groups": queries.by_pillar(items, queries.strategy_pillars()),
        "unrated": queries.not_rated(items),
        "moved": moved,
        "district": district,
        "generated": timezone.now(),
        "section": SECTION,
    }


@login_not_required
def report(request: HttpRequest) -> HttpResponse:
    """The quarterly Board report: each pillar, its measures, what moved, with charts."""
    return render(request, "measures/report.html", _report_context(request))


def page_counter_css(text: str) -> str:
    """A translated "Page %(page)s of %(pages)s" as a CSS `content` value with page counters.

    The running footer of the PDF is drawn by CSS @page rules, so the sentence is cut at its
    placeholders and they become counter(page) / counter(pages), whatever the word order.
    """
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", text):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            escaped = escaped.replace("<", "\\3C ")  # never "</style>" inside the style element
            parts.append(f'"{escaped}"')
    return " ".join(parts)


@login_not_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The same report as an A4 PDF made on the server (WeasyPrint, no network)."""
    context = _report_context(request)
    # "Generated from the measures data on …": the data's own last change, not the clock, so
    # an unchanged report is the same PDF and is served from the cache (core.pdf).
    context["generated"] = _data_changed_at()
    context["page_counter"] = page_counter_css(_("Page %(page)s of %(pages)s"))
    context["page_title"] = page_counter_css(_("Board report, %(q)s") % {"q": context["quarter"]})
    filename = f"board-report-{context['quarter']}-{get_language()}.pdf"
    return render_cached_pdf(request, "measures/report.html", context, filename)


def _data_changed_at():
    """When the figures or the measures' definitions last changed (now, if there are none)."""
    latest = [
        Observation.objects.aggregate(at=Max("created_at"))["at"],
        Indicator.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    return max((at for at in latest if at is not None), default=timezone.now())


# -- partners and officers --------------------------------------------------------------


def _organisation(request: HttpRequest):
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied(_("Your account does not belong to an organisation."))
    return organisation


@permission_required("measures.upload", raise_exception=True)
def uploads(request: HttpRequest) -> HttpResponse:
    """Upload a file of figures, and see this organisation's earlier uploads.

    An officer who acts for no organisation gets the overview of every organisation's
    uploads instead of a refusal: the header links officers here from "Your tasks".
    """
    if request.user.organisation is None and request.user.has_perm("measures.upload_unowned"):
        return _uploads_overview(request)
    organisation = _organisation(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        with transaction.atomic():
            upload = actions.receive_upload(
                organisation,
                file_name=file.name,
                content=file.read(),
                user=request.user,
                via=UploadVia.WEB,
            )
            transaction.on_commit(lambda: process_upload.enqueue(upload.pk))
        return redirect(upload)
    owned = Indicator.objects.filter(owner=organisation).order_by("name")
    if request.user.has_perm("measures.upload_unowned"):
        owned = Indicator.objects.filter(owner__isnull=True).order_by("name") | owned
    return render(
        request,
        "measures/uploads.html",
        {
            "form": form,
            "organisation": organisation,
            "owned": list(owned.order_by("name")),
            "uploads": Upload.objects.filter(organisation=organisation).select_related(
                "uploaded_by"
            )[:50],
            "limits": actions.upload_limits(),
            "section": SECTION,
        },
    )


def _uploads_overview(request: HttpRequest) -> HttpResponse:
    """Every organisation's latest uploads, for an officer who uploads for none of them."""
    uploads = Upload.objects.select_related("organisation", "uploaded_by").order_by("-created_at")
    return render(
        request,
        "measures/uploads_overview.html",
        {"uploads": uploads[:100], "section": SECTION},
    )


def _own_upload(request: HttpRequest, pk: int) -> Upload:
    upload = get_object_or_404(Upload.objects.select_related("organisation", "uploaded_by"), pk=pk)
    if not request.user.has_perm("measures.view_upload", upload):
        raise PermissionDenied
    return upload


@permission_required("measures.upload", raise_exception=True)
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """An upload's progress while it runs, then its result: figures added or the row report."""
    item = _own_upload(request, pk)
    observations = []
    if item.status == "accepted":
        observations = list(
            item.observations.select_related("indicator", "area").order_by("pk")[:200]
        )
    return render(
        request,
        "measures/upload.html",
        {"upload": item, "observations": observations, "section": SECTION},
    )


@permission_required("measures.upload", raise_exception=True)
def upload_status(request: HttpRequest, pk: int) -> JsonResponse:
    item = _own_upload(request, pk)
    return JsonResponse(
        {
            "status": item.status,
            "finished": item.is_finished,
            "percent": item.percent_done,
            "rows_done": item.rows_done,
            "rows_total": item.rows_total,
        }
    )


@permission_required("measures.manage_tokens", raise_exception=True)
def tokens(request: HttpRequest) -> HttpResponse:
    """The organisation's API tokens: issue one (shown once) or revoke one."""
    organisation = _organisation(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = actions.issue_token(
            organisation, name=form.cleaned_data["name"], actor=request.user
        )
        form = TokenForm()
    return render(
        request,
        "measures/tokens.html",
        {
            "form": form,
            "secret": secret,
            "organisation": organisation,
            "tokens": OrganisationToken.objects.filter(organisation=organisation),
            "section": SECTION,
        },
    )


@require_POST
@permission_required("measures.manage_tokens", raise_exception=True)
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(
        OrganisationToken, pk=pk, organisation=_organisation(request), revoked_at__isnull=True
    )
    actions.revoke_token(token, actor=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("measures:tokens")


@permission_required("measures.view_late", raise_exception=True)
def late(request: HttpRequest) -> HttpResponse:
    """Which partners' figures are overdue, by how long."""
    return render(
        request, "measures/late.html", {"late": queries.late_indicators(), "section": SECTION}
    )


# -- officers: targets, owners, publication -----------------------------------------------


@permission_required("measures.manage", raise_exception=True)
def manage(request: HttpRequest) -> HttpResponse:
    """Every measure, published or not, with its owner and target: where officers start."""
    items = Indicator.objects.for_pages()
    return render(request, "measures/manage.html", {"indicators": items, "section": SECTION})


def indicator_history_events(indicator: Indicator) -> list[AuditEvent]:
    """The audit trail of an indicator's settings, newest first (one query)."""
    return list(
        AuditEvent.objects.filter(
            object_type=Indicator._meta.label_lower, object_id=str(indicator.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:200]
    )


@permission_required("measures.manage", raise_exception=True)
def manage_indicator(request: HttpRequest, slug: str) -> HttpResponse:
    """Set a measure's target and owner, publish or withdraw it; see every earlier change.

    Three small forms on one page, each posted on its own (`form` names which); each change
    goes through its audited action, and the page shows the history those actions wrote.
    """
    item = get_object_or_404(Indicator.objects.select_related("owner", "pillar"), slug=slug)
    initial_target = {
        "value": item.target_value.normalize() if item.target_value is not None else None,
        "target_date": item.target_date,
        "note": item.target_note,
    }
    posted = request.POST.get("form") if request.method == "POST" else None
    target_form = TargetForm(
        request.POST if posted == "target" else None, indicator=item, initial=initial_target
    )
    owner_form = OwnerForm(
        request.POST if posted == "owner" else None, initial={"owner": item.owner_id}
    )
    publication_form = PublicationForm(
        request.POST if posted == "publication" else None,
        initial={"publish": "0" if item.is_published else "1"},
    )
    if posted == "target" and target_form.is_valid():
        data = target_form.cleaned_data
        actions.set_target(
            item,
            value=data["value"],
            target_date=data["target_date"] if data["value"] is not None else None,
            note=data["note"],
            actor=request.user,
            reason=data["reason"],
        )
        messages.success(request, _("The target was saved."))
        return redirect("measures:manage_indicator", slug=item.slug)
    if posted == "owner" and owner_form.is_valid():
        actions.set_owner(
            item,
            owner=owner_form.cleaned_data["owner"],
            actor=request.user,
            reason=owner_form.cleaned_data["reason"],
        )
        messages.success(request, _("The owner was saved."))
        return redirect("measures:manage_indicator", slug=item.slug)
    if posted == "publication" and publication_form.is_valid():
        data = publication_form.cleaned_data
        if data["publish"]:
            actions.publish_indicator(item, actor=request.user, reason=data["reason"])
            messages.success(request, _("The measure is published."))
        else:
            actions.unpublish_indicator(item, actor=request.user, reason=data["reason"])
            messages.success(request, _("The measure was withdrawn from public pages."))
        return redirect("measures:manage_indicator", slug=item.slug)
    return render(
        request,
        "measures/manage_indicator.html",
        {
            "indicator": item,
            "target_form": target_form,
            "owner_form": owner_form,
            "publication_form": publication_form,
            "posted": posted,
            "events": indicator_history_events(item),
            "section": SECTION,
        },
        status=400 if posted else 200,
    )

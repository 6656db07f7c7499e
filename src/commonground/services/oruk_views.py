"""The Open Referral UK 3.0 API: public, read-only JSON at ``/openreferral/``.

Each list answers the ORUK page shape (``total_items``, ``total_pages``, ``page_number``,
``size``, ``first_page``, ``last_page``, ``empty``, ``contents``), pages numbered from 1;
``format=ndjson`` streams every item unpaginated. Every response carries
``Access-Control-Allow-Origin: *``. A bad parameter is a 400 whose JSON names it.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from . import postcodes, serializers
from .models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .oruk import schemas

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_PROXIMITY_M = 200_000


class BadParameter(ValueError):
    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(data, status: int = 200) -> HttpResponse:
    return _cors(JsonResponse(data, status=status, safe=False))


def _error(status: int, message: str, parameter: str = "") -> HttpResponse:
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return _json(body, status=status)


def api_view(view: Callable) -> Callable:
    """Public, GET only, JSON errors for bad parameters, CORS on every answer."""

    @login_not_required
    @require_GET
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return _error(400, str(error), error.name)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    wrapped.__module__ = view.__module__
    return wrapped


def _int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}")
    return value


def _bool(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"true", "1", "yes"}


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, f"{raw!r} is not a UUID") from None


def _page(
    request: HttpRequest, rows: QuerySet | list, to_json: Callable, total: int | None = None
) -> HttpResponse:
    """One page of `rows` in the ORUK page shape, or every row as NDJSON."""
    if request.GET.get("format", "json") == "ndjson":
        return _ndjson(rows, to_json)
    if request.GET.get("format", "json") not in {"json", ""}:
        raise BadParameter("format", "must be json or ndjson")
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = _int(request, "page", 1, 1, 10**9)
    total = (
        total if total is not None else (rows.count() if isinstance(rows, QuerySet) else len(rows))
    )
    total_pages = max(1, math.ceil(total / per_page))
    contents = [to_json(row) for row in rows[(page - 1) * per_page : page * per_page]]
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _ndjson(rows: Iterable, to_json: Callable) -> HttpResponse:
    def lines():
        iterator = rows.iterator(chunk_size=500) if isinstance(rows, QuerySet) else rows
        for row in iterator:
            yield json.dumps(to_json(row)) + "\n"

    return _cors(StreamingHttpResponse(lines(), content_type="application/x-ndjson"))


@api_view
def root(request: HttpRequest) -> HttpResponse:
    """Which standard this feed follows (the validator reads ``version``)."""
    return _json(
        {
            "version": schemas.VERSION,
            "profile": schemas.PROFILE_URL,
            "openapi_url": schemas.OPENAPI_URL,
        }
    )


def _filtered_services(request: HttpRequest) -> QuerySet:
    services = Service.objects.all()
    search = request.GET.get("search", "").strip()
    if search:
        services = services.search(search)
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id:
        services = services.with_term(term_id)
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        services = services.in_taxonomy(taxonomy_id)
    organization_id = _uuid(request, "organization_id")
    if organization_id:
        services = services.filter(organization_id=organization_id)
    modified_after = request.GET.get("modified_after", "")
    if modified_after:
        try:
            when = datetime.fromisoformat(modified_after.replace("z", "Z").replace(" ", "+"))
        except ValueError:
            raise BadParameter("modified_after", f"{modified_after!r} is not a date-time") from None
        services = services.filter(last_modified__gte=when)
    return services


@api_view
def services(request: HttpRequest) -> HttpResponse:
    """``/services``: search, filters, pages; ``full`` nests everything, ``minimal`` only ids."""
    rows = _filtered_services(request).select_related("organization").order_by("name", "id")
    if _bool(request, "minimal"):
        return _page(
            request,
            rows.select_related(None).only("id", "name", "status", "last_modified"),
            # ORUK's "minimal" is id and modified date; name and status are kept because the
            # list schema requires them.
            lambda s: serializers.compact(
                id=s.id, name=s.name, status=s.status, last_modified=s.last_modified
            ),
        )
    if _bool(request, "full"):
        return _page(
            request, rows.prefetch_related(*serializers.FULL_PREFETCH), serializers.service_full
        )
    return _page(request, rows, serializers.service_summary)


@api_view
def service(request: HttpRequest, pk: str) -> HttpResponse:
    """``/services/{id}``: one fully nested service."""
    found = _by_id(
        Service.objects.select_related("organization").prefetch_related(*serializers.FULL_PREFETCH),
        pk,
    )
    if found is None:
        return _error(404, "no service with this id")
    return _json(serializers.service_full(found))


def _by_id(rows: QuerySet, pk: str):
    try:
        return rows.filter(pk=uuid.UUID(pk)).first()
    except ValueError:
        return None


SAL_PREFETCH = (
    "location__addresses",
    "location__accessibility",
)


@api_view
def service_at_locations(request: HttpRequest) -> HttpResponse:
    """``/service_at_locations``: with ``postcode`` (and ``proximity`` in metres) nearest first."""
    rows = ServiceAtLocation.objects.select_related("service__organization", "location")
    services_wanted = any(
        request.GET.get(p)
        for p in ("search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after")
    )
    if services_wanted:
        rows = rows.filter(service__in=_filtered_services(request))
    full = _bool(request, "full")
    prefetch = SAL_PREFETCH + (
        tuple(f"service__{p}" for p in serializers.FULL_PREFETCH) if full else ()
    )
    rows = rows.prefetch_related(*prefetch).order_by("service__name", "id")

    def to_json(sal):
        return serializers.service_at_location(sal, full=full)

    postcode = request.GET.get("postcode", "").strip()
    if not postcode:
        if request.GET.get("proximity"):
            raise BadParameter("proximity", "needs a postcode")
        return _page(request, rows, to_json)
    point = postcodes.centroid(postcode)
    if point is None:
        raise BadParameter("postcode", f"{postcode!r} is not a known postcode in this area")
    proximity = _int(request, "proximity", MAX_PROXIMITY_M, 1, MAX_PROXIMITY_M)
    min_lat, max_lat, min_lon, max_lon = postcodes.bounding_box(point, proximity)
    # Rank from coordinates alone: no ordering (it would join every service for its name) and
    # only the sliced page's rows are loaded afterwards.
    near = rows.filter(
        location__latitude__range=(min_lat, max_lat),
        location__longitude__range=(min_lon, max_lon),
    ).order_by()
    ranked = sorted(
        (
            (postcodes.distance_m(point, (lat, lon)), str(pk))
            for pk, lat, lon in near.values_list("pk", "location__latitude", "location__longitude")
        ),
    )
    ids = [pk for metres, pk in ranked if metres <= proximity]
    return _page(request, _LazyIds(rows, ids), to_json, total=len(ids))


class _LazyIds:
    """A list of ids that loads only the sliced page's rows, in the ids' order."""

    def __init__(self, rows: QuerySet, ids: list[str]):
        self.rows, self.ids = rows, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key: slice) -> list:
        wanted = self.ids[key]
        found = {str(r.pk): r for r in self.rows.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]

    def __iter__(self):
        for start in range(0, len(self.ids), 500):
            yield from self[start : start + 500]


@api_view
def service_at_location(request: HttpRequest, pk: str) -> HttpResponse:
    found = _by_id(
        ServiceAtLocation.objects.select_related(
            "service__organization", "location"
        ).prefetch_related(*SAL_PREFETCH),
        pk,
    )
    if found is None:
        return _error(404, "no service_at_location with this id")
    return _json(serializers.service_at_location(found))


@api_view
def taxonomies(request: HttpRequest) -> HttpResponse:
    rows = Taxonomy.objects.order_by("name", "id")
    search = request.GET.get("search", "").strip()
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return _page(request, rows, serializers.taxonomy)


@api_view
def taxonomy(request: HttpRequest, pk: str) -> HttpResponse:
    found = _by_id(Taxonomy.objects.prefetch_related("terms"), pk)
    if found is None:
        return _error(404, "no taxonomy with this id")
    return _json(serializers.taxonomy(found, terms=True))


@api_view
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    rows = TaxonomyTerm.objects.order_by("name", "id")
    search = request.GET.get("search", "").strip()
    if search:
        rows = rows.filter(
            Q(name__icontains=search) | Q(description__icontains=search) | Q(term__icontains=search)
        )
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id:
        rows = rows.filter(taxonomy_id=taxonomy_id)
    parent_id = _uuid(request, "parent_id")
    if parent_id:
        rows = rows.filter(parent_id=parent_id)
    if _bool(request, "top_only"):
        rows = rows.filter(parent_id__isnull=True)
    return _page(request, rows, serializers.taxonomy_term)


@api_view
def taxonomy_term(request: HttpRequest, pk: str) -> HttpResponse:
    found = _by_id(TaxonomyTerm.objects.all(), pk)
    if found is None:
        return _error(404, "no taxonomy term with this id")
    return _json(serializers.taxonomy_term(found))


def _organization_json(org: Organization, *, with_services: bool, full: bool) -> dict:
    data = serializers.organization(org, nested=full or with_services)
    if with_services:
        data["services"] = [serializers.service_full(s) for s in org.services.all()]
    return data


@api_view
def organizations(request: HttpRequest) -> HttpResponse:
    rows = Organization.objects.order_by("name", "id")
    search = request.GET.get("search", "").strip()
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(description__icontains=search))
    full, with_services = _bool(request, "full"), _bool(request, "full_service")
    if full or with_services:
        rows = rows.prefetch_related("organization_identifiers")
    if with_services:
        rows = rows.prefetch_related(
            *(f"services__{p}" for p in serializers.FULL_PREFETCH), "services__organization"
        )
    return _page(
        request, rows, lambda o: _organization_json(o, with_services=with_services, full=full)
    )


@api_view
def organization(request: HttpRequest, pk: str) -> HttpResponse:
    with_services = _bool(request, "full_service")
    rows = Organization.objects.prefetch_related("organization_identifiers")
    if with_services:
        rows = rows.prefetch_related(
            *(f"services__{p}" for p in serializers.FULL_PREFETCH), "services__organization"
        )
    found = _by_id(rows, pk)
    if found is None:
        return _error(404, "no organization with this id")
    return _json(_organization_json(found, with_services=with_services, full=True))

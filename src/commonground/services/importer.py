"""Saving validated ORUK services: upserts by id, children replaced, all in one transaction.

Called with items :mod:`commonground.services.oruk.reader` has already checked, so the only
problems left are ones that need the database (an attribute naming a taxonomy term that is
neither in the file nor in the directory); they raise :class:`OrukFileError` before anything
is written.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .oruk.reader import Item, OrukFileError, parse_date, parse_date_time, parse_time


def _u(value) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _d(value):
    return parse_date(value) if value else None


def _t(value):
    return parse_time(value) if value else None


def _s(data: dict, *keys: str) -> dict:
    """String fields, "" where absent (HSDS fields ORUK does not type are kept as text)."""
    return {key: str(data.get(key) or "") for key in keys}


def _put(model, id_: str, **fields):
    """Create or update the row with this id (a child id may move from one service to another)."""
    return model.objects.update_or_create(id=_u(id_), defaults=fields)[0]


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def check_terms(items: list[Item], name: str) -> None:
    """Every attribute's term must come with the attribute or already be in the directory."""
    given = {
        a["taxonomy_term"]["id"].lower()
        for item in items
        for a in item.data.get("attributes", [])
        if a.get("taxonomy_term")
    }
    wanted = {}
    for item in items:
        for n, a in enumerate(item.data.get("attributes", [])):
            term_id = a.get("taxonomy_term_id")
            if term_id and not a.get("taxonomy_term") and term_id.lower() not in given:
                wanted.setdefault(term_id.lower(), (item, n))
    known = {
        str(pk)
        for pk in TaxonomyTerm.objects.filter(id__in=list(wanted)).values_list("pk", flat=True)
    }
    for term_id, (item, n) in wanted.items():
        if term_id not in known:
            raise OrukFileError(
                f"{name}:{item.line}: item {item.index}, field attributes[{n}].taxonomy_term_id:"
                f" {term_id} is not a taxonomy term in the file or the directory"
            )


@transaction.atomic
def save_services(items: list[Item]) -> list[Service]:
    """Create or replace each service (and what it holds) under the ids the file gives."""
    saved = []
    for item in items:
        saved.append(_save_service(item.data))
    return saved


def _save_organization(data: dict) -> Organization:
    org, _ = Organization.objects.update_or_create(
        id=_u(data["id"]),
        defaults={
            "name": data["name"],
            "description": data["description"],
            "parent_organization_id": _u(data.get("parent_organization_id")),
            **_s(data, "email", "website", "logo", "uri"),
        },
    )
    if "organization_identifiers" in data:
        org.organization_identifiers.all().delete()
        for ident in data["organization_identifiers"]:
            OrganizationIdentifier.objects.update_or_create(
                id=_u(ident["id"]),
                defaults={
                    "organization": org,
                    "identifier_type": ident["identifier_type"],
                    "identifier": ident["identifier"],
                    "identifier_scheme": ident.get("identifier_scheme") or "",
                },
            )
    return org


def _save_term(data: dict) -> TaxonomyTerm:
    taxonomy_id = _u(data.get("taxonomy_id"))
    if taxonomy_id and not Taxonomy.objects.filter(id=taxonomy_id).exists():
        taxonomy_id = None  # a taxonomy the feed does not publish: keep the term, not the link
    term, _ = TaxonomyTerm.objects.update_or_create(
        id=_u(data["id"]),
        defaults={
            "name": data["name"],
            "description": data["description"],
            "parent_id": _u(data.get("parent_id")),
            "taxonomy_name": data.get("taxonomy") or "",
            "taxonomy_id": taxonomy_id,
            **_s(data, "term_uri", "term"),
        },
    )
    return term


def _save_location(data: dict) -> Location:
    loc, _ = Location.objects.update_or_create(
        id=_u(data["id"]),
        defaults={
            "location_type": data["location_type"],
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            **_s(
                data,
                "name",
                "description",
                "external_identifier",
                "external_identifier_type",
            ),
        },
    )
    if "addresses" in data:
        loc.addresses.all().delete()
        for a in data["addresses"]:
            Address.objects.update_or_create(
                id=_u(a["id"]),
                defaults={
                    "location": loc,
                    **_s(
                        a,
                        "attention",
                        "address_1",
                        "city",
                        "region",
                        "state_province",
                        "postal_code",
                        "country",
                        "address_type",
                    ),
                },
            )
    if "accessibility" in data:
        loc.accessibility.all().delete()
        for a in data["accessibility"]:
            Accessibility.objects.update_or_create(
                id=_u(a["id"]),
                defaults={
                    "location": loc,
                    **_s(a, "description", "details", "url", "accessibility"),
                },
            )
    return loc


def _save_service(data: dict) -> Service:
    org = None
    if data.get("organization"):
        org = _save_organization(data["organization"])
    elif data.get("organization_id"):
        org = Organization.objects.filter(id=_u(data["organization_id"])).first()
    modified = data.get("last_modified")
    service, _ = Service.objects.update_or_create(
        id=_u(data["id"]),
        defaults={
            "organization": org,
            "name": data["name"],
            "status": data["status"],
            "minimum_age": data.get("minimum_age"),
            "maximum_age": data.get("maximum_age"),
            "assured_date": _d(data.get("assured_date")),
            "last_modified": parse_date_time(modified) if modified else timezone.now(),
            **_s(
                data,
                "description",
                "url",
                "email",
                "fees",
                "accreditations",
                "assurer_email",
                "alert",
            ),
        },
    )
    for related in (
        service.schedules,
        service.service_areas,
        service.service_at_locations,
        service.languages,
        service.funding,
        service.cost_options,
        service.contacts,
        service.attributes,
    ):
        related.all().delete()
    for s in data.get("schedules", []):
        _put(
            Schedule,
            s["id"],
            service=service,
            valid_from=_d(s.get("valid_from")),
            valid_to=_d(s.get("valid_to")),
            interval=s.get("interval"),
            opens_at=_t(s.get("opens_at")),
            closes_at=_t(s.get("closes_at")),
            **_s(
                s,
                "dtstart",
                "freq",
                "byday",
                "bymonthday",
                "description",
                "schedule_link",
                "attending_type",
                "notes",
            ),
        )
    for a in data.get("service_areas", []):
        _put(
            ServiceArea,
            a["id"],
            service=service,
            **_s(a, "name", "extent", "extent_type", "uri", "service_area"),
        )
    for sal in data.get("service_at_locations", []):
        loc_data = sal.get("location")
        if loc_data:
            loc = _save_location(loc_data)
        elif sal.get("location_id"):
            loc = Location.objects.filter(id=_u(sal["location_id"])).first()
        else:
            loc = None
        if loc is not None:
            _put(ServiceAtLocation, sal["id"], service=service, location=loc)
    for lang in data.get("languages", []):
        _put(
            Language,
            lang["id"],
            service=service,
            name=str(lang.get("name") or ""),
            code=str(lang.get("code") or "")[:12],
            note=str(lang.get("note") or ""),
        )
    for f in data.get("funding", []):
        _put(Funding, f["id"], service=service, **_s(f, "source"))
    for c in data.get("cost_options", []):
        amount = c.get("amount")
        _put(
            CostOption,
            c["id"],
            service=service,
            valid_from=_d(c.get("valid_from")),
            valid_to=_d(c.get("valid_to")),
            amount=None if amount is None else Decimal(str(amount)),
            **_s(c, "option", "amount_description"),
        )
    for c in data.get("contacts", []):
        contact = _put(Contact, c["id"], service=service, **_s(c, "name", "title", "email"))
        for p in c.get("phones", []) if isinstance(c.get("phones"), list) else []:
            if isinstance(p, dict) and _is_uuid(p.get("id")) and isinstance(p.get("number"), str):
                _put(
                    Phone,
                    p["id"],
                    contact=contact,
                    number=p["number"],
                    description=p.get("description") or "",
                )
    for a in data.get("attributes", []):
        term = None
        if a.get("taxonomy_term"):
            term = _save_term(a["taxonomy_term"])
        elif a.get("taxonomy_term_id"):
            term = TaxonomyTerm.objects.get(id=_u(a["taxonomy_term_id"]))
        _put(
            Attribute,
            a["id"],
            service=service,
            taxonomy_term=term,
            link_type=a.get("link_type") or "",
        )
    service.refresh_search_text()
    return service

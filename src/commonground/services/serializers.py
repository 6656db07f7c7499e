"""Directory rows → ORUK 3.0 JSON. Optional fields with no value are left out (never null or
``""``), ids are UUID strings, ``last_modified`` an RFC 3339 date-time, numbers plain JSON
numbers. Nested children leave out their parent's id (the nesting says it), as the ORUK
examples do, so an imported file comes back as it went in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from .models import (
    Attribute,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def compact(**fields: Any) -> dict:
    """The fields that have a value, converted to JSON types."""
    out = {}
    for key, value in fields.items():
        if value is None or value == "" or value == []:
            continue
        out[key] = _json(value)
    return out


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        spec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
        spec = "seconds" if value.microsecond == 0 else spec
        return value.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):
        return int(value) if value == int(value) else float(value)
    if hasattr(value, "hex") and not isinstance(value, (str, bytes)):  # a UUID
        return str(value)
    return value


def organization(org: Organization, *, nested: bool = True) -> dict:
    data = compact(
        id=org.id,
        name=org.name,
        description=org.description or org.name,
        email=org.email,
        website=org.website,
        logo=org.logo,
        uri=org.uri,
        parent_organization_id=org.parent_organization_id,
    )
    if nested:
        identifiers = [
            compact(
                id=i.id,
                identifier_scheme=i.identifier_scheme,
                identifier_type=i.identifier_type,
                identifier=i.identifier,
            )
            for i in org.organization_identifiers.all()
        ]
        if identifiers:
            data["organization_identifiers"] = identifiers
    return data


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return compact(
        id=term.id,
        name=term.name,
        description=term.description or term.name,
        parent_id=term.parent_id,
        taxonomy=term.taxonomy_name,
        taxonomy_id=term.taxonomy_id,
        term_uri=term.term_uri,
        term=term.term,
    )


def taxonomy(tax: Taxonomy, *, terms: bool = False) -> dict:
    data = compact(
        id=tax.id,
        name=tax.name,
        description=tax.description or tax.name,
        uri=tax.uri,
        version=tax.version,
    )
    if terms:
        found = [taxonomy_term(t) for t in tax.terms.all()]
        if found:
            data["taxonomy_terms"] = found
    return data


def attribute(attr: Attribute) -> dict:
    """An attribute with its term nested (the term's id is in it, so not repeated beside it)."""
    data = compact(id=attr.id, link_type=attr.link_type)
    if attr.taxonomy_term is not None:
        data["taxonomy_term"] = taxonomy_term(attr.taxonomy_term)
    return data


def location(loc: Location) -> dict:
    data = compact(
        id=loc.id,
        location_type=loc.location_type,
        name=loc.name,
        description=loc.description,
        latitude=loc.latitude,
        longitude=loc.longitude,
        external_identifier=loc.external_identifier,
        external_identifier_type=loc.external_identifier_type,
        addresses=[
            compact(
                id=a.id,
                attention=a.attention,
                address_1=a.address_1,
                city=a.city,
                region=a.region,
                state_province=a.state_province,
                postal_code=a.postal_code,
                country=a.country,
                address_type=a.address_type,
            )
            for a in loc.addresses.all()
        ],
        accessibility=[
            compact(
                id=a.id,
                description=a.description,
                details=a.details,
                url=a.url,
                accessibility=a.accessibility,
            )
            for a in loc.accessibility.all()
        ],
    )
    return data


def service_summary(service: Service) -> dict:
    """A service as a ``/services`` page lists it: its own fields and its organization."""
    data = compact(
        id=service.id,
        organization_id=service.organization_id,
        name=service.name,
        description=service.description,
        url=service.url,
        email=service.email,
        status=service.status,
        fees=service.fees,
        accreditations=service.accreditations,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        assured_date=service.assured_date,
        assurer_email=service.assurer_email,
        alert=service.alert,
        last_modified=service.last_modified,
    )
    if service.organization is not None:
        data["organization"] = organization(service.organization, nested=False)
    return data


def service_full(service: Service) -> dict:
    """A fully nested service, as ``/services/{id}`` returns it (prefetch with
    :data:`FULL_PREFETCH`)."""
    data = service_summary(service)
    if service.organization is not None:
        data["organization"] = organization(service.organization)
    data.update(
        compact(
            schedules=[
                compact(
                    id=s.id,
                    valid_from=s.valid_from,
                    valid_to=s.valid_to,
                    dtstart=s.dtstart,
                    freq=s.freq,
                    interval=s.interval,
                    byday=s.byday,
                    bymonthday=s.bymonthday,
                    description=s.description,
                    opens_at=s.opens_at,
                    closes_at=s.closes_at,
                    schedule_link=s.schedule_link,
                    attending_type=s.attending_type,
                    notes=s.notes,
                )
                for s in service.schedules.all()
            ],
            service_areas=[
                compact(
                    id=a.id,
                    name=a.name,
                    extent=a.extent,
                    extent_type=a.extent_type,
                    uri=a.uri,
                    service_area=a.service_area,
                )
                for a in service.service_areas.all()
            ],
            service_at_locations=[
                {"id": str(sal.id), "location": location(sal.location)}
                for sal in service.service_at_locations.all()
            ],
            languages=[
                compact(id=lang.id, name=lang.name, code=lang.code, note=lang.note)
                for lang in service.languages.all()
            ],
            funding=[compact(id=f.id, source=f.source) for f in service.funding.all()],
            cost_options=[
                compact(
                    id=c.id,
                    valid_from=c.valid_from,
                    valid_to=c.valid_to,
                    option=c.option,
                    amount=c.amount,
                    amount_description=c.amount_description,
                )
                for c in service.cost_options.all()
            ],
            contacts=[
                compact(
                    id=c.id,
                    name=c.name,
                    title=c.title,
                    email=c.email,
                    phones=[
                        compact(id=p.id, number=p.number, description=p.description)
                        for p in c.phones.all()
                    ],
                )
                for c in service.contacts.all()
            ],
            attributes=[attribute(a) for a in service.attributes.all()],
        )
    )
    return data


FULL_PREFETCH = (
    "organization__organization_identifiers",
    "schedules",
    "service_areas",
    "service_at_locations__location__addresses",
    "service_at_locations__location__accessibility",
    "languages",
    "funding",
    "cost_options",
    "contacts__phones",
    "attributes__taxonomy_term",
)


def service_at_location(sal: ServiceAtLocation, *, full: bool = False) -> dict:
    return {
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "location": location(sal.location),
        "service": service_full(sal.service) if full else service_summary(sal.service),
    }

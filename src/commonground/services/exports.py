"""Files of a directory search: a spreadsheet for people, ORUK 3.0 JSON for other directories.

The CSV carries what a referrer copies into a letter or a worker prints for a drop-in, in the
reader's language; every cell goes through ``commonground.spreadsheets`` because partners type
the names and descriptions (a name starting ``=`` must not become a formula). The JSON is an
array of fully nested ORUK services — the shape ``services import-oruk`` reads — so a council
can take a search's results into its own directory.
"""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _

from commonground.spreadsheets import csv_writer

from . import serializers
from .models import Service
from .queries import Result


def _header() -> list[str]:
    return [
        _("Number"),
        _("Service"),
        _("Organisation"),
        _("Description"),
        _("Where"),
        _("Postcode"),
        _("Ward"),
        _("Distance (km)"),
        _("When"),
        _("Cost"),
        _("Languages"),
        _("Phone"),
        _("E-mail"),
        _("Web page"),
        _("Last checked"),
        _("Directory id"),
    ]


def _when(service: Service) -> str:
    parts = []
    for schedule in service.schedules.all():
        parts.append(f"{schedule.days_display()} {schedule.hours_display()}".strip())
    return "; ".join(p for p in parts if p)


def _cost(service: Service) -> str:
    parts = []
    for cost in service.cost_options.all():
        amount = _("Free") if cost.amount == 0 else (f"£{cost.amount:.2f}" if cost.amount else "")
        parts.append(": ".join(p for p in (str(amount), cost.amount_description) if p))
    return "; ".join(p for p in parts if p)


def row(number: int, result: Result) -> list:
    """One result as spreadsheet cells (numbers stay numbers)."""
    service = result.service
    places = result.places
    addresses = [a for place in places for a in place.addresses.all()]
    return [
        number,
        service.local_name,
        service.organization.local_name if service.organization else "",
        service.local_description,
        "; ".join(
            ", ".join(p for p in (place.local_name, *(a.address_1 for a in place.addresses.all())))
            for place in places
        ),
        "; ".join(a.postal_code for a in addresses if a.postal_code),
        "; ".join(place.ward.name for place in places if place.ward_id),
        result.km if result.km is not None else "",
        _when(service),
        _cost(service),
        ", ".join(lang.name or lang.code for lang in service.languages.all()),
        "; ".join(
            phone.number for contact in service.contacts.all() for phone in contact.phones.all()
        ),
        service.email,
        service.url,
        service.assured_date.isoformat() if service.assured_date else "",
        str(service.pk),
    ]


def write_csv(stream: IO[str], results: list[Result]) -> None:
    """The results, numbered as on the page, under a header in the reader's language."""
    writer = csv_writer(stream)
    writer.writerow(_header())
    for number, result in enumerate(results, start=1):
        writer.writerow(row(number, result))


def oruk_services(results: list[Result]) -> list[dict]:
    """The results as fully nested ORUK services, in the order of the search."""
    order = [result.service.pk for result in results]
    found = {
        service.pk: service
        for service in Service.objects.filter(pk__in=order)
        .select_related("organization")
        .prefetch_related(*serializers.FULL_PREFETCH)
    }
    return [serializers.service_full(found[pk]) for pk in order if pk in found]

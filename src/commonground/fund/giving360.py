"""Grants published in the 360Giving Data Standard: a JSON package validated against the
standard's own JSON Schema (stored in ``schemas/``), and a flat one-row-per-grant CSV/xlsx
using the standard's spreadsheet column titles.

Dates are written as full date-times: the schema's ``oneOf`` of "date-time" and "YYYY-MM-DD"
would match a bare date twice when no date-time format checker is installed, and a full
date-time is valid under both readings.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from commonground import spreadsheets

from .models import Grant
from .models.proposal import organisation_check

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
PACKAGE_SCHEMA = SCHEMA_DIR / "360-giving-package-schema.json"
GRANT_SCHEMA = SCHEMA_DIR / "360-giving-schema.json"
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/master/schema/"
    "360-giving-schema.json"
)
LICENCE = "https://creativecommons.org/licenses/by/4.0/"

try:  # optional: the lead adds openpyxl to the dependencies for the xlsx download
    import openpyxl

    HAVE_OPENPYXL = True
except ImportError:  # pragma: no cover - depends on the environment
    openpyxl = None
    HAVE_OPENPYXL = False


def funder() -> dict[str, str]:
    """The funding organisation (settings FUND_360_FUNDER_ID / _NAME; Bradford by default)."""
    return {
        "id": getattr(settings, "FUND_360_FUNDER_ID", "GB-LAE-BRD"),
        "name": getattr(
            settings, "FUND_360_FUNDER_NAME", "City of Bradford Metropolitan District Council"
        ),
    }


def grant_queryset() -> QuerySet[Grant]:
    return (
        Grant.objects.select_related("round", "proposal", "proposal__organisation")
        .annotate(organisation_check=organisation_check("proposal__"))
        .prefetch_related("proposal__wards", "proposal__pillars", "milestones")
        .order_by("round__created_at", "identifier")
    )


def _datetime(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=timezone.get_current_timezone())
    return value.isoformat(timespec="seconds")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def organisation_id(organisation) -> str:
    """org-id.guide identifier: charity or company number when known, else our own prefix."""
    if organisation.charity_number:
        return f"GB-CHC-{organisation.charity_number}"
    if organisation.company_number:
        return f"GB-COH-{organisation.company_number}"
    return f"360G-commonground-org-{organisation.slug}"


def grant_record(grant: Grant, base_url: str = "") -> dict[str, Any]:
    proposal = grant.proposal
    if "organisation_check" in grant.__dict__:  # annotated by grant_queryset
        proposal.organisation_check = grant.organisation_check
    # Named only when the submitter's membership was confirmed (Proposal.organisation_verified);
    # otherwise the applicant is published as a group, never as the organisation it claimed.
    organisation = proposal.public_organisation
    recipient: dict[str, Any]
    if organisation is not None:
        recipient = {"id": organisation_id(organisation), "name": organisation.name}
        if organisation.charity_number:
            recipient["charityNumber"] = organisation.charity_number
        if organisation.company_number:
            recipient["companyNumber"] = organisation.company_number
    else:
        recipient = {
            "id": f"360G-commonground-group-{proposal.pk}",
            "name": proposal.extra.get("group_name") or proposal.title,
        }
    record: dict[str, Any] = {
        "id": grant.identifier,
        "title": proposal.title[:140],
        "description": proposal.summary or proposal.description[:500] or proposal.title,
        "currency": grant.round.currency,
        "amountAppliedFor": _number(proposal.cost),
        "amountAwarded": _number(grant.amount),
        "amountDisbursed": _number(grant.paid),
        "awardDate": _datetime(grant.awarded_on),
        "recipientOrganization": [recipient],
        "fundingOrganization": [funder()],
        "grantProgramme": [{"code": grant.round.slug, "title": grant.round.title}],
        "fromOpenCall": "Yes",
        "dateModified": _datetime(grant.updated_at),
    }
    if grant.planned_start:
        record["plannedDates"] = [
            {
                "startDate": _datetime(grant.planned_start),
                "endDate": _datetime(grant.planned_end or grant.planned_start),
            }
        ]
    wards = list(proposal.wards.all())
    if wards:
        record["beneficiaryLocation"] = [
            {"name": w.name, "geoCode": w.code, "geoCodeType": "WD", "countryCode": "GB"}
            for w in wards
        ]
    pillars = list(proposal.pillars.all())
    if pillars:
        record["classifications"] = [
            {"vocabulary": "commonground-strategy-pillar", "code": p.slug, "title": p.name}
            for p in pillars
        ]
    if base_url:
        record["url"] = base_url.rstrip("/") + grant.get_absolute_url()
    return record


def package(grants, base_url: str = "") -> dict[str, Any]:
    """A 360Giving data package of ``grants``."""
    now = timezone.now()
    data: dict[str, Any] = {
        "grants": [grant_record(g, base_url) for g in grants],
        # No "version": the package is checked against the schema files in schemas/, which
        # predate 1.4 (see schemas/README.md), so it claims no release it was not checked against.
        "title": f"{funder()['name']}: Stronger Communities Innovation Fund grants",
        "issued": _datetime(now),
        "modified": _datetime(now),
        "license": LICENCE,
        "publisher": {"name": funder()["name"], "identifier": funder()["id"]},
    }
    if base_url:
        data["publisher"]["website"] = base_url
    return data


@cache
def _validator():
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads(PACKAGE_SCHEMA.read_text())
    grant_schema = json.loads(GRANT_SCHEMA.read_text())
    registry = Registry().with_resource(
        GRANT_SCHEMA_URL, Resource.from_contents(grant_schema, default_specification=DRAFT4)
    )
    return Draft4Validator(
        package_schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def validation_errors(data: dict[str, Any]) -> list[str]:
    """Schema errors in a 360Giving package (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
        for e in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


# The flat spreadsheet: 360Giving column titles (the standard's "titles" template).
COLUMNS: list[tuple[str, Any]] = [
    ("Identifier", lambda r: r["id"]),
    ("Title", lambda r: r["title"]),
    ("Description", lambda r: r["description"]),
    ("Currency", lambda r: r["currency"]),
    ("Amount Applied For", lambda r: r["amountAppliedFor"]),
    ("Amount Awarded", lambda r: r["amountAwarded"]),
    ("Amount Disbursed", lambda r: r["amountDisbursed"]),
    ("Award Date", lambda r: r["awardDate"][:10]),
    ("Planned Dates:Start Date", lambda r: _first(r, "plannedDates", "startDate", 10)),
    ("Planned Dates:End Date", lambda r: _first(r, "plannedDates", "endDate", 10)),
    ("Recipient Org:Identifier", lambda r: r["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda r: r["recipientOrganization"][0]["name"]),
    (
        "Recipient Org:Charity Number",
        lambda r: r["recipientOrganization"][0].get("charityNumber", ""),
    ),
    (
        "Recipient Org:Company Number",
        lambda r: r["recipientOrganization"][0].get("companyNumber", ""),
    ),
    ("Funding Org:Identifier", lambda r: r["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda r: r["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda r: r["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda r: r["grantProgramme"][0]["title"]),
    ("Beneficiary Location:Name", lambda r: _first(r, "beneficiaryLocation", "name")),
    ("Beneficiary Location:Geographic Code", lambda r: _first(r, "beneficiaryLocation", "geoCode")),
    (
        "Beneficiary Location:Geographic Code Type",
        lambda r: _first(r, "beneficiaryLocation", "geoCodeType"),
    ),
    ("From An Open Call?", lambda r: r["fromOpenCall"]),
    ("Last Modified", lambda r: r["dateModified"]),
    ("URL", lambda r: r.get("url", "")),
]


def _first(record: dict, key: str, field: str, cut: int | None = None) -> str:
    items = record.get(key) or []
    value = items[0].get(field, "") if items else ""
    return value[:cut] if cut and value else value


def rows(grants) -> list[list[Any]]:
    records = [grant_record(g) for g in grants]
    return [[title for title, _f in COLUMNS]] + [[f(r) for _t, f in COLUMNS] for r in records]


def csv_text(grants) -> str:
    """The flat CSV, every cell made safe for spreadsheets (``commonground.spreadsheets``)."""
    return spreadsheets.csv_text(rows(grants))


def xlsx_bytes(grants) -> bytes:
    """The flat xlsx: every text cell a string, never a formula (``commonground.spreadsheets``)."""
    return spreadsheets.xlsx_bytes([("grants", rows(grants))])

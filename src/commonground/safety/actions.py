"""Every change to an incident report, each one audited in the same transaction.

Audit events name the report by its reference only and never carry what was written, so
the audit trail (which officers and administrators read) reveals nothing about anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commonground.core import audit
from commonground.core.models import Area, Organisation

from .events import SafetyEvent
from .models import (
    IncidentReport,
    Outcome,
    Referral,
    ReferralService,
    Status,
    Strand,
    Support,
)

SECRET_BYTES = 9  # 12 URL-safe characters: 72 bits, and lookups are rate limited


def hash_secret(secret: str, salt: str | None = None) -> str:
    """``sha256$salt$hex``. A fast hash is enough here, unlike for passwords: the secret is 72
    random bits chosen by us, not a word a person chose, so even a stolen database cannot be
    searched for it (2**72 tries), and lookups through the site are rate limited."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}${secret}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def secret_matches(secret: str, stored: str) -> bool:
    _algorithm, _sep, rest = stored.partition("$")
    salt = rest.partition("$")[0]
    return hmac.compare_digest(hash_secret(secret, salt), stored)


def _ensure(actor, permission: str, obj=None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


@dataclass(frozen=True)
class NewReport:
    reporter_role: str
    description: str
    strands: list[Strand]
    occurred_on: date
    reported_to_police: str
    support: list[str]
    language: str = ""
    ward: Area | None = None
    lsoa: Area | None = None
    place_text: str = ""
    point: str = ""
    police_reference: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


@transaction.atomic
def submit_report(
    new: NewReport, *, actor=None, centre: Organisation | None = None
) -> tuple[IncidentReport, str]:
    """Save a report; returns it and its secret (shown once to the reporter, kept hashed).

    ``actor`` is the signed-in reporting-centre worker entering it on someone's behalf, or
    None for an anonymous reporter (then the audit event names no one).
    """
    if centre is not None:
        _ensure(actor, "safety.report_for_someone")
    secret = secrets.token_urlsafe(SECRET_BYTES)
    ward = new.ward
    if new.lsoa is not None and ward is None and new.lsoa.parent_id:
        ward = new.lsoa.parent
    report = IncidentReport(
        secret_hash=hash_secret(secret),
        language=new.language[:8],
        reporter_role=new.reporter_role,
        centre=centre,
        description=new.description,
        occurred_on=new.occurred_on,
        lsoa=new.lsoa,
        ward=ward,
        place_text=new.place_text,
        point=new.point,
        reported_to_police=new.reported_to_police,
        police_reference=new.police_reference,
        support=[s for s in new.support if s in Support.values],
        contact_name=new.contact_name,
        contact_phone=new.contact_phone,
        contact_email=new.contact_email,
    )
    for _attempt in range(5):  # a clash of 40-bit references is very unlikely; retry anyway
        if not IncidentReport.objects.filter(reference=report.reference).exists():
            break
        report.reference = IncidentReport._meta.get_field("reference").default()
    report.save()
    report.strands.set(new.strands)
    audit.record(
        SafetyEvent.REPORT_RECEIVED,
        actor=actor if centre is not None else None,
        actor_label="" if centre is not None else "anonymous reporter",
        obj=report,
        data={"centre": centre.pk} if centre is not None else {},
    )
    return report, secret


def find_with_secret(reference: str, secret: str) -> IncidentReport | None:
    """The report if ``secret`` is its secret; None for a wrong reference or secret alike."""
    report = IncidentReport.objects.filter(reference=reference.strip().upper()).first()
    if report is None:
        return None
    return report if secret_matches(secret.strip(), report.secret_hash) else None


def log_view(*, actor, report: IncidentReport, what: str = "report") -> None:
    """Record that ``actor`` opened ``report`` (supervisors read these on the access log)."""
    _ensure(actor, "safety.view_reports", report)
    audit.record(SafetyEvent.REPORT_VIEWED, actor=actor, obj=report, data={"what": what})


@transaction.atomic
def triage(
    *,
    actor,
    report: IncidentReport,
    risk: str,
    confirmed_strands: list[Strand],
    linked: list[IncidentReport],
    lsoa: Area | None = None,
    notes: str = "",
) -> IncidentReport:
    """Set risk, the strands the caseworker confirms, linked reports and (if better known)
    the LSOA; the report is now in progress and this caseworker holds it."""
    _ensure(actor, "safety.triage", report)
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    report.risk = risk
    report.caseworker = actor
    if lsoa is not None:
        report.lsoa = lsoa
        report.ward = lsoa.parent if lsoa.parent_id else report.ward
    if notes:
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        report.case_notes = (
            report.case_notes + f"\n[{stamp} {actor.get_username()}] {notes}"
        ).strip()
    if report.status == Status.RECEIVED:
        report.status = Status.IN_PROGRESS
    report.save()
    report.confirmed_strands.set(confirmed_strands)
    report.linked.set([r for r in linked if r.pk != report.pk])
    audit.record(
        SafetyEvent.REPORT_TRIAGED,
        actor=actor,
        obj=report,
        data={
            "risk": risk,
            "strands": sorted(s.slug for s in confirmed_strands),
            "linked": sorted(r.reference for r in linked if r.pk != report.pk),
        },
    )
    return report


class NoConsent(ValueError):
    """A referral needs the reporter's consent."""


@transaction.atomic
def refer(
    *, actor, report: IncidentReport, service: str, consent_given: bool, notes: str = ""
) -> Referral:
    """Refer the case to a service; refused without the reporter's recorded consent."""
    _ensure(actor, "safety.refer", report)
    if not consent_given:
        raise NoConsent("A referral needs the reporter's consent.")
    if service not in ReferralService.values:
        raise ValueError(f"unknown service {service!r}")
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    referral = Referral.objects.create(
        report=report, service=service, consent_given=True, notes=notes, made_by=actor
    )
    if report.status != Status.CLOSED:
        report.status = Status.REFERRED
        report.save(update_fields=["status"])
    audit.record(SafetyEvent.REPORT_REFERRED, actor=actor, obj=report, data={"service": service})
    return referral


@transaction.atomic
def close(*, actor, report: IncidentReport, outcome: str) -> IncidentReport:
    """Close the case with an outcome."""
    _ensure(actor, "safety.close", report)
    if outcome not in Outcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    report.status = Status.CLOSED
    report.outcome = outcome
    report.closed_at = timezone.now()
    report.save(update_fields=["status", "outcome", "closed_at"])
    audit.record(SafetyEvent.REPORT_CLOSED, actor=actor, obj=report, data={"outcome": outcome})
    return report


def retention_days() -> int:
    """``SAFETY_RETENTION_DAYS`` (default 730): how long personal details are kept after a
    case is closed (an open case keeps them: its caseworker still needs them)."""
    import os

    value = getattr(settings, "SAFETY_RETENTION_DAYS", None) or os.environ.get(
        "SAFETY_RETENTION_DAYS", "730"
    )
    return int(value)


@transaction.atomic
def delete_personal_details(*, actor_label: str = "retention", now: datetime | None = None) -> int:
    """Blank every sealed field of reports closed longer ago than the retention period, and
    their referrals' notes; what remains (strands, LSOA, ward, month, outcome) is anonymous
    and stays for the figures. Returns how many reports were cleared; one audit event."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    due = IncidentReport.objects.filter(
        closed_at__lt=cutoff, status=Status.CLOSED, personal_details_deleted_at__isnull=True
    )
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    blank = dict.fromkeys(IncidentReport.SEALED_PERSONAL, "")
    IncidentReport.objects.filter(pk__in=ids).update(**blank, personal_details_deleted_at=now)
    Referral.objects.filter(report_id__in=ids).update(notes="")
    audit.record(
        SafetyEvent.PERSONAL_DETAILS_DELETED,
        actor_label=actor_label,
        data={"reports": len(ids), "retention_days": retention_days()},
    )
    return len(ids)

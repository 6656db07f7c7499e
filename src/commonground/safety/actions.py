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
    AlertStatus,
    IncidentReport,
    Myth,
    MythQuestion,
    Outcome,
    QuestionStatus,
    Referral,
    ReferralService,
    Status,
    Strand,
    Support,
    TensionAlert,
    TensionIssue,
    TensionLead,
    TensionLevel,
    TensionPartnerContact,
    TensionReport,
    TensionSchedule,
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


@dataclass(frozen=True)
class DirectoryReferral:
    """What the referrals route needs (``commonground.referrals.actions.refer``): the least
    the service needs to greet the person, and the consent they gave, in their words."""

    organisation: Organisation
    service: object  # a ``services.Service`` some partner keeps
    first_name: str
    language: str
    need: str
    consent_given_by: str
    consent_on: date
    consent_purpose: str
    channel: str = ""
    contact: str = ""


@transaction.atomic
def refer_through_directory(
    *,
    actor,
    report: IncidentReport,
    kind: str,
    route: DirectoryReferral,
    consent_given: bool,
    notes: str = "",
) -> Referral:
    """Refer the victim to a directory service through the referrals route, with consent.

    The referral itself is made by the referrals app's own action (its permission, its
    consent record, its messages to the person, its audit event): the caseworker acts for
    one of their confirmed organisations, as any referrer does. This case records which
    referral it was, so the caseworker can follow it; the service sees only what the
    caseworker chose to pass on, never the incident report. ``kind`` says what sort of
    service it is (police, victim support, restorative justice, other) for the figures.
    """
    from commonground.referrals import actions as route_actions

    _ensure(actor, "safety.refer", report)
    if not consent_given:
        raise NoConsent("A referral needs the reporter's consent.")
    if kind not in ReferralService.values:
        raise ValueError(f"unknown service {kind!r}")
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    sent = route_actions.refer(
        actor=actor,
        organisation=route.organisation,
        service=route.service,
        first_name=route.first_name,
        language=route.language,
        need=route.need,
        consent_given_by=route.consent_given_by,
        consent_on=route.consent_on,
        consent_purpose=route.consent_purpose,
        channel=route.channel,
        contact=route.contact,
    )
    referral = Referral.objects.create(
        report=report,
        service=kind,
        consent_given=True,
        notes=notes,
        made_by=actor,
        route=sent,
    )
    if report.status != Status.CLOSED:
        report.status = Status.REFERRED
        report.save(update_fields=["status"])
    audit.record(
        SafetyEvent.REPORT_REFERRED,
        actor=actor,
        obj=report,
        data={"service": kind, "route": sent.reference},
    )
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


# -- Community tension monitoring ----------------------------------------------------------


def alert_recipients():
    """Who an alert goes to: the named tension leads; while none is named, every active
    officer, so that no alert goes to nobody."""
    from commonground.core.models import User
    from commonground.core.roles import Role

    leads = User.objects.filter(tension_lead__isnull=False, is_active=True)
    if leads.exists():
        return leads
    return User.objects.filter(is_active=True, groups__name=Role.OFFICER.value).distinct()


@transaction.atomic
def file_tension_report(
    *,
    actor,
    ward: Area,
    issue: str,
    level: int,
    summary: str,
    action_taken: str = "",
    now: datetime | None = None,
    base_url: str = "",
) -> tuple[TensionReport, TensionAlert | None]:
    """Save a partner's tension report for ``ward`` and raise an alert if the ward's level
    rose against its previous report or several reports point at it this week (see
    ``tension.signal``). The alert is e-mailed to its recipients once the change is
    committed; ``base_url`` (the site's address) makes the e-mail's link absolute."""
    from . import tension

    _ensure(actor, "safety.report_tension")
    if issue not in TensionIssue.values:
        raise ValueError(f"unknown issue {issue!r}")
    if level not in TensionLevel.values:
        raise ValueError(f"unknown level {level!r}")
    if not summary.strip():
        raise ValueError("a tension report needs a summary")
    now = now or timezone.now()
    # One ward's reports are read and written one at a time, so two reports at once cannot
    # both miss each other's level or both raise the same cluster alert.
    Area.objects.select_for_update().filter(pk=ward.pk).first()
    previous = (
        TensionReport.objects.filter(ward=ward, created_at__lte=now)
        .order_by("-created_at", "-pk")
        .values_list("level", flat=True)
        .first()
    )
    organisation = None
    if getattr(actor, "organisation_id", None) and actor.may_act_for(actor.organisation_id):
        organisation = actor.organisation
    report = TensionReport.objects.create(
        ward=ward,
        issue=issue,
        level=level,
        summary=summary.strip(),
        action_taken=action_taken.strip(),
        organisation=organisation,
        reported_by=actor,
        created_at=now,
    )
    since = now - timedelta(days=tension.CLUSTER_DAYS)
    in_week = TensionReport.objects.filter(
        ward=ward, created_at__gt=since, created_at__lte=now
    ).count()
    cluster_open = TensionAlert.objects.filter(
        ward=ward,
        status=AlertStatus.OPEN,
        reports_in_week__isnull=False,
        created_at__gt=since,
    ).exists()
    audit.record(
        SafetyEvent.TENSION_REPORTED,
        actor=actor,
        obj=report,
        data={"ward": ward.code, "issue": issue, "level": level},
    )
    found = tension.signal(level, previous, in_week, cluster_open)
    if not found.raised:
        return report, None
    alert = TensionAlert.objects.create(
        ward=ward,
        report=report,
        level=level,
        rose_from=found.rose_from,
        reports_in_week=found.reports_in_week,
        created_at=now,
    )
    recipients = list(alert_recipients())
    alert.recipients.set(recipients)
    audit.record(
        SafetyEvent.TENSION_ALERT_RAISED,
        actor=actor,
        obj=alert,
        data={
            "ward": ward.code,
            "level": level,
            "rose_from": found.rose_from,
            "reports_in_week": found.reports_in_week,
            "recipients": sorted(u.get_username() for u in recipients),
        },
    )
    transaction.on_commit(lambda: _send_alert(alert.pk, base_url))
    return report, alert


def alert_text(alert: TensionAlert) -> str:
    """One sentence saying why the alert was raised (in the active language)."""
    from django.utils.translation import gettext as _

    parts = []
    if alert.rose_from is not None:
        parts.append(
            _("Tension in %(ward)s rose from level %(before)s to level %(after)s.")
            % {"ward": alert.ward.name, "before": alert.rose_from, "after": alert.level}
        )
    if alert.reports_in_week is not None:
        parts.append(
            _("%(n)s tension reports about %(ward)s in seven days (latest at level %(level)s).")
            % {"n": alert.reports_in_week, "ward": alert.ward.name, "level": alert.level}
        )
    return " ".join(parts)


def _send_alert(alert_id: int, base_url: str) -> None:
    """E-mail each recipient with an address: the ward, why, and a link (never the report's
    text, which stays behind the sign-in)."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from commonground.core import messaging

    alert = TensionAlert.objects.select_related("ward").get(pk=alert_id)
    link = base_url.rstrip("/") + reverse("safety:alert", args=[alert.pk])
    for user in alert.recipients.select_related("tension_lead"):
        _send_alert_sms(alert, user, link)
        if not user.email:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            body = "\n\n".join(
                [
                    alert_text(alert),
                    _("Open the alert and record what is being done:"),
                    link,
                ]
            )
            messaging.send(
                messaging.Message(
                    channel="email",
                    to=user.email,
                    subject=_("Tension alert: %(ward)s") % {"ward": alert.ward.name},
                    body=body,
                    language=translation.get_language() or "en",
                    reference=f"tension-alert-{alert.pk}",
                )
            )


def _send_alert_sms(alert: TensionAlert, user, link: str) -> None:
    """A text message to a lead who chose one: why, and the link (short, and never the
    reports' text: a phone's screen is seen by others)."""
    from django.utils import translation

    from commonground.core import messaging

    lead = getattr(user, "tension_lead", None)
    if lead is None or not lead.sms_alerts or not lead.sms_number:
        return
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        messaging.send(
            messaging.Message(
                channel="sms",
                to=lead.sms_number,
                body=f"{alert_text(alert)} {link}",
                language=translation.get_language() or "en",
                reference=f"tension-alert-{alert.pk}",
            )
        )


@transaction.atomic
def set_lead_sms(*, actor, lead: TensionLead, on: bool, number: str = "") -> TensionLead:
    """A tension lead turns text-message alerts on (with their mobile number) or off, for
    themselves only: it is their phone. Turning it off forgets the number. The audit event
    says on or off, never the number."""
    _ensure(actor, "safety.choose_alert_channels")
    if lead.user_id != actor.pk:
        raise PermissionDenied
    number = number.strip()
    if on and not number:
        raise ValueError("text-message alerts need a mobile number")
    lead = TensionLead.objects.select_for_update().get(pk=lead.pk)
    lead.sms_alerts = on
    lead.sms_number = number if on else ""
    lead.save(update_fields=["sms_alerts", "sms_number"])
    audit.record(SafetyEvent.TENSION_LEAD_SMS_SET, actor=actor, obj=lead, data={"sms": on})
    return lead


@transaction.atomic
def respond_to_alert(*, actor, alert: TensionAlert, response: str) -> TensionAlert:
    """Record what was done about an alert; it then stops waiting in anyone's tasks."""
    _ensure(actor, "safety.respond_alert", alert)
    if not response.strip():
        raise ValueError("a response needs some text")
    alert = TensionAlert.objects.select_for_update().get(pk=alert.pk)
    alert.response = response.strip()
    alert.responded_by = actor
    alert.responded_at = timezone.now()
    alert.status = AlertStatus.RESPONDED
    alert.save(update_fields=["response", "responded_by", "responded_at", "status"])
    audit.record(
        SafetyEvent.TENSION_ALERT_RESPONDED,
        actor=actor,
        obj=alert,
        data={"response": alert.response},
    )
    return alert


@transaction.atomic
def name_tension_lead(*, actor, user) -> TensionLead:
    _ensure(actor, "safety.name_tension_leads")
    lead, created = TensionLead.objects.get_or_create(user=user, defaults={"named_by": actor})
    if created:
        audit.record(
            SafetyEvent.TENSION_LEAD_NAMED,
            actor=actor,
            obj=lead,
            data={"user": user.get_username()},
        )
    return lead


@transaction.atomic
def remove_tension_lead(*, actor, lead: TensionLead) -> None:
    _ensure(actor, "safety.name_tension_leads")
    audit.record(
        SafetyEvent.TENSION_LEAD_REMOVED,
        actor=actor,
        obj=lead,
        data={"user": lead.user.get_username()},
    )
    lead.delete()


# -- Regular tension reports: schedules and reminders ----------------------------------------

MAX_EVERY_DAYS = 92


@transaction.atomic
def set_tension_schedule(
    *, actor, organisation: Organisation, ward: Area, every_days: int, now: datetime | None = None
) -> TensionSchedule:
    """Expect ``organisation`` to report tension for ``ward`` every ``every_days`` days (1 to
    92). Setting it again changes the cadence; a schedule ended before starts again from now."""
    _ensure(actor, "safety.manage_tension_schedules")
    if not 1 <= every_days <= MAX_EVERY_DAYS:
        raise ValueError(f"every_days must be between 1 and {MAX_EVERY_DAYS}")
    now = now or timezone.now()
    schedule = (
        TensionSchedule.objects.select_for_update()
        .filter(organisation=organisation, ward=ward)
        .first()
    )
    if schedule is None:
        schedule = TensionSchedule(
            organisation=organisation, ward=ward, created_by=actor, created_at=now
        )
    elif not schedule.active:
        schedule.created_at = now
        schedule.last_reminded_at = None
    schedule.every_days = every_days
    schedule.active = True
    schedule.save()
    audit.record(
        SafetyEvent.TENSION_SCHEDULE_SET,
        actor=actor,
        obj=schedule,
        data={"organisation": organisation.pk, "ward": ward.code, "every_days": every_days},
    )
    return schedule


@transaction.atomic
def end_tension_schedule(*, actor, schedule: TensionSchedule) -> TensionSchedule:
    """The organisation is no longer expected to report on the ward (no more reminders)."""
    _ensure(actor, "safety.manage_tension_schedules")
    schedule = TensionSchedule.objects.select_for_update().get(pk=schedule.pk)
    schedule.active = False
    schedule.save(update_fields=["active"])
    audit.record(
        SafetyEvent.TENSION_SCHEDULE_ENDED,
        actor=actor,
        obj=schedule,
        data={"organisation": schedule.organisation_id, "ward": schedule.ward.code},
    )
    return schedule


@dataclass(frozen=True)
class ScheduleState:
    """A schedule with its latest report and when the next one is (or was) due."""

    schedule: TensionSchedule
    last_report: datetime | None
    due: datetime

    def overdue(self, now: datetime) -> bool:
        return now > self.due


def schedule_states(schedules) -> list[ScheduleState]:
    """Each active schedule with its organisation's latest report for its ward (one query
    for all of them, whatever their number)."""
    from django.db.models import Max

    from . import tension

    schedules = list(schedules.filter(active=True).select_related("organisation", "ward"))
    if not schedules:
        return []
    latest = {
        (row["organisation_id"], row["ward_id"]): row["last"]
        for row in TensionReport.objects.filter(
            organisation_id__in={s.organisation_id for s in schedules},
            ward_id__in={s.ward_id for s in schedules},
        )
        .values("organisation_id", "ward_id")
        .annotate(last=Max("created_at"))
        .order_by()
    }
    states = []
    for schedule in schedules:
        last = latest.get((schedule.organisation_id, schedule.ward_id))
        due = tension.report_due(last, schedule.created_at, schedule.every_days)
        states.append(ScheduleState(schedule, last, due))
    return states


def reminder_recipients(organisation_id: int):
    """Who is reminded: active accounts with a confirmed membership of the organisation."""
    from commonground.core.models import User

    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__status="confirmed",
    ).distinct()


@transaction.atomic
def send_tension_reminders(*, now: datetime | None = None, base_url: str = "") -> int:
    """Remind each organisation whose regular tension report is overdue (once per missed
    period: ``tension.remind_now``), by e-mail to its members after the change commits, and
    by text message to those who gave a number and their consent (``set_partner_sms``); the
    same overdue report waits in their "Your tasks" until they file it. Idempotent: a second
    run at once sends nothing. Returns how many schedules were reminded; one audit event."""
    from . import tension

    now = now or timezone.now()
    states = schedule_states(TensionSchedule.objects.select_for_update(of=("self",)))
    due = [
        state
        for state in states
        if tension.remind_now(
            state.last_report,
            state.schedule.created_at,
            state.schedule.every_days,
            state.schedule.last_reminded_at,
            now,
        )
    ]
    if not due:
        return 0
    TensionSchedule.objects.filter(pk__in=[s.schedule.pk for s in due]).update(last_reminded_at=now)
    plan = [
        (state.schedule.pk, list(reminder_recipients(state.schedule.organisation_id)), state.due)
        for state in due
    ]
    audit.record(
        SafetyEvent.TENSION_REMINDERS_SENT,
        actor_label="tension reminders",
        data={
            "schedules": [
                {
                    "schedule": state.schedule.pk,
                    "organisation": state.schedule.organisation_id,
                    "ward": state.schedule.ward.code,
                    "due": state.due.isoformat(),
                }
                for state in due
            ],
            "recipients": sorted({u.get_username() for _pk, users, _due in plan for u in users}),
        },
    )
    transaction.on_commit(lambda: _send_reminders(plan, base_url))
    return len(due)


@transaction.atomic
def set_partner_sms(*, actor, person, on: bool, number: str = "") -> TensionPartnerContact:
    """Turn text-message reminders of overdue tension reports on (with a mobile number and
    the person's consent, which ``on`` records) or off, for ``person``: by the partner
    themselves, or by an officer who heard their consent. Turning it off forgets the number.
    The audit event says on or off and who set it, never the number."""
    _ensure(actor, "safety.set_reminder_sms", person)
    number = number.strip()
    if on and not number:
        raise ValueError("text-message reminders need a mobile number")
    contact, _created = TensionPartnerContact.objects.select_for_update().get_or_create(user=person)
    contact.sms_consent = on
    contact.sms_number = number if on else ""
    contact.consent_recorded_at = timezone.now() if on else None
    contact.consent_recorded_by = actor if on else None
    contact.save()
    audit.record(
        SafetyEvent.TENSION_PARTNER_SMS_SET,
        actor=actor,
        obj=contact,
        data={"user": person.get_username(), "sms": on, "by_themselves": actor.pk == person.pk},
    )
    return contact


def _send_reminders(plan, base_url: str) -> None:
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from commonground.core import messaging

    schedules = TensionSchedule.objects.select_related("ward", "organisation").in_bulk(
        [pk for pk, _users, _due in plan]
    )
    people = {u.pk for _pk, users, _due in plan for u in users}
    texts = {
        c.user_id: c
        for c in TensionPartnerContact.objects.filter(user_id__in=people, sms_consent=True)
        if c.texts
    }
    for pk, users, due in plan:
        schedule = schedules[pk]
        link = (
            base_url.rstrip("/") + reverse("safety:tension_report") + f"?ward={schedule.ward.code}"
        )
        for user in users:
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                text = overdue_text(schedule, due)
                if user.pk in texts:  # short: which report, and where to send it
                    messaging.send(
                        messaging.Message(
                            channel="sms",
                            to=texts[user.pk].sms_number,
                            body=f"{text} {link}",
                            language=translation.get_language() or "en",
                            reference=f"tension-reminder-{pk}",
                        )
                    )
                if not user.email:
                    continue
                messaging.send(
                    messaging.Message(
                        channel="email",
                        to=user.email,
                        subject=_("Tension report due: %(ward)s") % {"ward": schedule.ward.name},
                        body="\n\n".join([text, _("Send it here:"), link]),
                        language=translation.get_language() or "en",
                        reference=f"tension-reminder-{pk}",
                    )
                )


def overdue_text(schedule: TensionSchedule, due: datetime) -> str:
    """One sentence: whose report for which ward was due when (in the active language)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    return _(
        "%(organisation)s's tension report for %(ward)s was due on %(date)s "
        "(one every %(days)s days)."
    ) % {
        "organisation": schedule.organisation.name,
        "ward": schedule.ward.name,
        "date": date_format(timezone.localtime(due).date(), "j E Y"),
        "days": schedule.every_days,
    }


# -- Myths and facts ---------------------------------------------------------------------------


MYTH_FIELDS = (
    "slug",
    "question_en",
    "question_ur",
    "question_pl",
    "answer_en",
    "answer_ur",
    "answer_pl",
    "sources",
)


@transaction.atomic
def save_myth(*, actor, values: dict, myth: Myth | None = None) -> Myth:
    """Create or edit a myths-and-facts answer (``values``: the ``MYTH_FIELDS``; sources as
    a list of {"title", "url"}). A published answer stays published with the new text."""
    _ensure(actor, "safety.manage_myths")
    created = myth is None
    if myth is None:
        myth = Myth(created_by=actor)
    else:
        myth = Myth.objects.select_for_update().get(pk=myth.pk)
    for name in MYTH_FIELDS:
        if name in values:
            setattr(myth, name, values[name])
    myth.full_clean()
    myth.save()
    audit.record(
        SafetyEvent.MYTH_SAVED,
        actor=actor,
        obj=myth,
        data={"created": created, "question": myth.question_en, "sources": myth.sources},
    )
    return myth


@transaction.atomic
def publish_myth(*, actor, myth: Myth, publish: bool = True) -> Myth:
    """Publish (or withdraw) an answer on the public myths-and-facts pages."""
    _ensure(actor, "safety.manage_myths")
    myth = Myth.objects.select_for_update().get(pk=myth.pk)
    if publish and not myth.sources:
        raise ValueError("an answer needs at least one source before it is published")
    myth.published_at = (myth.published_at or timezone.now()) if publish else None
    myth.save(update_fields=["published_at", "updated_at"])
    audit.record(
        SafetyEvent.MYTH_PUBLISHED if publish else SafetyEvent.MYTH_WITHDRAWN,
        actor=actor,
        obj=myth,
    )
    return myth


@transaction.atomic
def ask_about_rumour(*, text: str, language: str = "", ward: Area | None = None) -> MythQuestion:
    """A resident's question about a rumour, without an account (the view rate-limits it
    by a keyed hash of the address, never the address). The audit event names nobody."""
    if not text.strip():
        raise ValueError("a question needs some text")
    question = MythQuestion.objects.create(text=text.strip(), language=language[:8], ward=ward)
    audit.record(
        SafetyEvent.MYTH_QUESTION_ASKED,
        actor_label="anonymous resident",
        obj=question,
        data={"language": question.language},
    )
    return question


@transaction.atomic
def handle_question(
    *, actor, question: MythQuestion, status: str, myth: Myth | None = None
) -> MythQuestion:
    """Answer a question with a myths-and-facts answer, or set it aside."""
    _ensure(actor, "safety.manage_myths")
    if status not in (QuestionStatus.ANSWERED, QuestionStatus.SET_ASIDE):
        raise ValueError(f"unknown status {status!r}")
    if status == QuestionStatus.ANSWERED and myth is None:
        raise ValueError("an answered question needs the answer it is answered by")
    question = MythQuestion.objects.select_for_update().get(pk=question.pk)
    question.status = status
    question.myth = myth if status == QuestionStatus.ANSWERED else None
    question.handled_by = actor
    question.handled_at = timezone.now()
    question.save(update_fields=["status", "myth", "handled_by", "handled_at"])
    audit.record(
        SafetyEvent.MYTH_QUESTION_HANDLED,
        actor=actor,
        obj=question,
        data={"status": status, "myth": myth.slug if myth else None},
    )
    return question


# -- Figures into Measures ----------------------------------------------------------------------

INDICATOR_SLUG = "hate-incidents-reported"


def _indicator():
    from commonground.measures.models import Indicator

    indicator, _created = Indicator.objects.get_or_create(
        slug=INDICATOR_SLUG,
        defaults={
            "name": "Hate incidents reported through third-party reporting",
            "definition": (
                "Hate incidents reported to the council's third-party reporting (online or "
                "through a reporting centre), by the month the incident happened and the "
                "ward it happened in. Reports with no known ward count in the District only. "
                "Not police-recorded crime: many victims never go to the police."
            ),
            "unit": "count",
            "decimal_places": 0,
            "direction": "neutral",
            "frequency": "monthly",
            "area_levels": ["ward", "district"],
            "breakdowns": {},
            "source": "Common Ground hate-incident reports (Feeling Safe)",
        },
    )
    return indicator


@transaction.atomic
def publish_figures(*, actor, today: date | None = None) -> dict:
    """Send monthly incident counts by ward (and for the District) to Measures.

    Complete months only (the current one is still filling). Every ward gets a figure for
    every month, zeros included, so a ward's count cannot be worked out from the District's
    minus the wards shown; Measures withholds counts from 1 to 4 as [c] — and any figure from
    which one could be worked out — in every output (the project's one rule,
    ``measures.suppression``), so what is stored is the true count and what is published is
    safe. Publishing twice adds nothing; a changed count (a late report, a caseworker's
    better ward) becomes a new version.
    """
    from decimal import Decimal

    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from commonground.measures.actions import Figure, record_figures
    from commonground.measures.models.observation import ObservationOrigin
    from commonground.measures.validation import period_for

    _ensure(actor, "safety.publish_figures")
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    district = Area.objects.districts().order_by("pk").first()
    if district is None:
        return {"figures": 0, "months": 0, "note": "no district loaded"}
    wards = list(Area.objects.wards().values_list("pk", flat=True))
    rows = (
        IncidentReport.objects.filter(occurred_on__lt=this_month)
        .annotate(m=TruncMonth("occurred_on"))
        .values_list("m", "ward_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_month: dict[date, dict[int | None, int]] = {}
    for month, ward_id, n in rows:
        month = month.date() if isinstance(month, datetime) else month
        by_month.setdefault(month, {})[ward_id] = n
    indicator = _indicator()
    figures = []
    for month, counts in sorted(by_month.items()):
        period = period_for(month, "month")
        note = "hate-incident reports"
        figures.append(
            Figure(indicator.pk, district.pk, period, "", Decimal(sum(counts.values())), note=note)
        )
        figures += [
            Figure(indicator.pk, ward, period, "", Decimal(counts.get(ward, 0)), note=note)
            for ward in wards
        ]
    result = record_figures(figures, origin=ObservationOrigin.SAFETY, user=actor)
    summary = {
        "indicator": indicator.slug,
        "months": len(by_month),
        "figures": len(figures),
        "created": result.created,
        "corrected": result.corrected,
        "unchanged": result.unchanged,
    }
    audit.record(SafetyEvent.FIGURES_PUBLISHED, actor=actor, data=summary)
    return summary

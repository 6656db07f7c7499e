"""Consultations: create, change, open and close them, publish their report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.events import ConsultEvent
from commonground.consult.models import Consultation, ConsultationStatus, PriorityOption
from commonground.core import audit


@dataclass
class OptionSpec:
    """An option as an officer typed it: English label and its translations."""

    label: str
    translations: dict[str, str] = field(default_factory=dict)


def _set_options(consultation: Consultation, options: Sequence[OptionSpec]) -> dict[str, Any]:
    """Make the consultation's options exactly `options`, keeping the rows of labels that stay
    (tallies and answers point at them) and refusing to drop one that already has votes."""
    labels = [o.label.strip() for o in options]
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": _("Each option may appear only once.")})
    existing = {o.label: o for o in consultation.options.all()}
    dropped = [o for label, o in existing.items() if label not in labels]
    with_votes = [o.label for o in dropped if o.tallies.exists()]
    if with_votes:
        raise ValidationError(
            {
                "options": _("These options already have votes and cannot be removed: %(l)s")
                % {"l": ", ".join(with_votes)}
            }
        )
    for option in dropped:
        option.delete()
    for order, spec in enumerate(options):
        translations = {k: v.strip() for k, v in spec.translations.items() if v and v.strip()}
        option = existing.get(spec.label.strip()) or PriorityOption(consultation=consultation)
        option.label = spec.label.strip()
        option.label_translations = translations
        option.order = order
        option.save()
    return {"options": labels, "removed": [o.label for o in dropped]}


@requires("consult.manage_consultation")
def create_consultation(
    *,
    actor,
    options: Sequence[OptionSpec],
    pillars: Iterable = (),
    objectives: Iterable = (),
    areas: Iterable = (),
    communities: Iterable = (),
    **fields: Any,
) -> Consultation:
    """Create a consultation in draft, with its options; it opens when an officer opens it."""
    with transaction.atomic():
        consultation = Consultation(created_by=actor, **fields)
        consultation.full_clean()
        _check_dates(consultation)
        consultation.save()
        consultation.pillars.set(pillars)
        consultation.objectives.set(objectives)
        consultation.areas.set(areas)
        consultation.communities.set(communities)
        changes = _set_options(consultation, options)
        audit.record(
            ConsultEvent.CONSULTATION_CREATED,
            actor=actor,
            obj=consultation,
            data={**changes, "languages": consultation.languages},
        )
    return consultation


def _check_dates(consultation: Consultation) -> None:
    if consultation.closes_at <= consultation.opens_at:
        raise ValidationError({"closes_at": _("The closing date must be after the opening date.")})


@requires("consult.manage_consultation", on="consultation")
def update_consultation(
    *,
    actor,
    consultation: Consultation,
    options: Sequence[OptionSpec],
    pillars: Iterable = (),
    objectives: Iterable = (),
    areas: Iterable = (),
    communities: Iterable = (),
    **fields: Any,
) -> Consultation:
    """Change a consultation's details and options (options with votes cannot be dropped)."""
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        before = {name: str(getattr(consultation, name)) for name in fields}
        for name, value in fields.items():
            setattr(consultation, name, value)
        consultation.full_clean()
        _check_dates(consultation)
        consultation.save()
        consultation.pillars.set(pillars)
        consultation.objectives.set(objectives)
        consultation.areas.set(areas)
        consultation.communities.set(communities)
        changes = _set_options(consultation, options)
        changed = {k: v for k, v in before.items() if str(getattr(consultation, k)) != v}
        audit.record(
            ConsultEvent.CONSULTATION_UPDATED,
            actor=actor,
            obj=consultation,
            data={**changes, "changed": sorted(changed)},
        )
    return consultation


@requires("consult.manage_consultation", on="consultation")
def set_status(*, actor, consultation: Consultation, status: str, reason: str = "") -> Consultation:
    """Open, close or re-open a consultation. Opening needs at least one option."""
    if status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
        raise ValidationError({"status": _("A consultation can only be opened or closed.")})
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if status == ConsultationStatus.OPEN and not consultation.options.exists():
            raise ValidationError(
                {"options": _("Add at least one option to prioritise before opening.")}
            )
        before = consultation.status
        consultation.status = status
        consultation.save(update_fields=["status"])
        audit.record(
            ConsultEvent.CONSULTATION_OPENED
            if status == ConsultationStatus.OPEN
            else ConsultEvent.CONSULTATION_CLOSED,
            actor=actor,
            obj=consultation,
            reason=reason,
            data={"from": before, "to": status},
        )
    return consultation


@requires("consult.publish_report", on="consultation")
def publish_report(*, actor, consultation: Consultation, publish: bool = True) -> Consultation:
    """Publish (or withdraw) the "What people said" report: it becomes public when published."""
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if publish and consultation.status == ConsultationStatus.DRAFT:
            raise ValidationError(
                {"status": _("A draft consultation has no report to publish: open it first.")}
            )
        consultation.report_published_at = timezone.now() if publish else None
        if publish:
            consultation.status = ConsultationStatus.REPORTED
        elif consultation.status == ConsultationStatus.REPORTED:
            consultation.status = ConsultationStatus.CLOSED
        consultation.save(update_fields=["report_published_at", "status"])
        audit.record(
            ConsultEvent.REPORT_PUBLISHED if publish else ConsultEvent.REPORT_WITHDRAWN,
            actor=actor,
            obj=consultation,
        )
    return consultation

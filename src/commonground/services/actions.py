"""Every change to the directory goes through one of these functions, each writing an audit
event in the same transaction (``f(*, actor, …)``, as in the rest of the platform).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from commonground.core import audit

from . import events, importer
from .models import Service
from .oruk import reader

EDITABLE_FIELDS = (
    "name",
    "name_ur",
    "name_pl",
    "description",
    "description_ur",
    "description_pl",
    "url",
    "email",
    "fees",
    "alert",
    "status",
)
"""What a partner may change on a service; each change waits for an officer."""

COMMAND_LINE = "command line"


def import_file(*, actor=None, path: Path) -> list[Service]:
    """Validate a whole ORUK file, then save every service in it or nothing.

    Raises :class:`~commonground.services.oruk.reader.OrukFileError` (one line naming file,
    line, item and field) before anything is written.
    """
    if actor is not None and not actor.has_perm("services.import"):
        raise PermissionDenied
    items = reader.read(path)
    with transaction.atomic():
        importer.check_terms(items, str(path))
        saved = importer.save_services(items)
        audit.record(
            events.IMPORTED,
            actor=actor,
            actor_label="" if actor is not None else COMMAND_LINE,
            data={"file": path.name, "services": len(saved)},
        )
    return saved


@transaction.atomic
def propose_change(*, actor, service: Service, changes: dict) -> Service:
    """A partner's edit: kept beside the live entry until an officer approves it."""
    if not actor.has_perm("services.propose_change", service):
        raise PermissionDenied
    changes = {
        k: v for k, v in changes.items() if k in EDITABLE_FIELDS and getattr(service, k) != v
    }
    service.pending_changes = changes
    service.pending_since = timezone.now() if changes else None
    service.save(update_fields=["pending_changes", "pending_since"])
    audit.record(events.SERVICE_CHANGE_PROPOSED, actor=actor, obj=service, data=changes)
    return service


@transaction.atomic
def approve_change(*, actor, service: Service) -> Service:
    """Publish the partner's proposed changes; the entry counts as assured today."""
    if not actor.has_perm("services.approve_change", service):
        raise PermissionDenied
    changes = service.pending_changes or {}
    for field, value in changes.items():
        if field in EDITABLE_FIELDS:
            setattr(service, field, value)
    service.pending_changes = {}
    service.pending_since = None
    service.assured_date = timezone.localdate()
    service.assurer_email = actor.email or service.assurer_email
    service.last_modified = timezone.now()
    service.refresh_search_text(save=False)
    service.save()
    audit.record(events.SERVICE_CHANGE_APPROVED, actor=actor, obj=service, data=changes)
    return service


@transaction.atomic
def reject_change(*, actor, service: Service, reason: str) -> Service:
    if not actor.has_perm("services.approve_change", service):
        raise PermissionDenied
    changes = service.pending_changes
    service.pending_changes = {}
    service.pending_since = None
    service.save(update_fields=["pending_changes", "pending_since"])
    audit.record(
        events.SERVICE_CHANGE_REJECTED, actor=actor, obj=service, reason=reason, data=changes
    )
    return service


@transaction.atomic
def assure(*, actor, service: Service) -> Service:
    """The keeper confirms the entry is still right: the "last assured" date becomes today."""
    if not actor.has_perm("services.assure", service):
        raise PermissionDenied
    service.assured_date = timezone.localdate()
    service.assurer_email = actor.email or service.assurer_email
    service.last_modified = timezone.now()
    service.save(update_fields=["assured_date", "assurer_email", "last_modified"])
    audit.record(events.SERVICE_ASSURED, actor=actor, obj=service)
    return service

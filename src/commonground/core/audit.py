"""Recording audit events: the one way every app writes its audit trail."""

from typing import Any

from django.db import models

from commonground.core.models import AuditEvent


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append an audit event; call inside the transaction that makes the change."""
    label = actor_label or (actor.get_username() if actor is not None and actor.pk else "")
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        reason=reason,
        data=data or {},
    )

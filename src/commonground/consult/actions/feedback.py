"""Feedback: "You said, we did", theme by theme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.events import ConsultEvent
from commonground.consult.models import Theme, YouSaidWeDid
from commonground.core import audit


@requires("consult.record_you_said_we_did", on="theme")
def record_you_said_we_did(
    *, actor, theme: Theme, you_said: str, we_did: str, link: str = ""
) -> YouSaidWeDid:
    """Record (or change) what was done about a theme; it shows on the public page."""
    errors = {}
    if not you_said.strip():
        errors["you_said"] = _("Say in brief what people told you.")
    if not we_did.strip():
        errors["we_did"] = _("Say what changed, or will change, because of it.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item, created = YouSaidWeDid.objects.update_or_create(
            theme=theme,
            defaults={
                "consultation_id": theme.consultation_id,
                "you_said": you_said.strip(),
                "we_did": we_did.strip(),
                "link": link,
                "recorded_by": actor,
            },
        )
        audit.record(
            ConsultEvent.YOU_SAID_WE_DID_RECORDED
            if created
            else ConsultEvent.YOU_SAID_WE_DID_UPDATED,
            actor=actor,
            obj=item,
        )
    return item

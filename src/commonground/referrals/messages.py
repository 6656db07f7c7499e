"""What the person is told when their referral moves, in their own language.

Texts are short enough for one or two SMS, name the service and a reference, and never
repeat what the person needs or why a service declined (a phone may be shared).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from commonground.core import messaging

from .models import Channel, Referral, State


def _texts() -> dict[str, str]:
    return {
        State.SENT: _(
            "%(organisation)s has referred you to %(service)s. They will contact you. "
            "Reference: %(reference)s."
        ),
        State.ACCEPTED: _(
            "%(service)s has accepted your referral and will contact you soon. "
            "Reference: %(reference)s."
        ),
        State.DECLINED: _(
            "%(service)s cannot help with this referral. %(organisation)s will talk to you "
            "about other help. Reference: %(reference)s."
        ),
        State.STARTED: _("Your support from %(service)s has started. Reference: %(reference)s."),
        State.COMPLETED: _(
            "Your support from %(service)s is complete. Thank you. Reference: %(reference)s."
        ),
        State.WITHDRAWN: _(
            "Your referral to %(service)s has been withdrawn. Reference: %(reference)s."
        ),
    }


def build(referral: Referral, state: str) -> messaging.Message | None:
    """The message for this change, in the person's language; None if they asked for none."""
    if not referral.channel or not referral.contact or referral.is_anonymised:
        return None
    with translation.override(referral.language or "en"):
        service = referral.service.local_name if referral.service else referral.service_name
        values = {
            "service": service,
            "organisation": referral.from_organisation.name,
            "reference": referral.reference,
        }
        body = _texts()[state] % values
        subject = _("%(platform)s: your referral %(reference)s") % {
            "platform": settings.PLATFORM_NAME,
            "reference": referral.reference,
        }
    return messaging.Message(
        channel=referral.channel,
        to=referral.contact,
        body=body,
        subject=subject if referral.channel == Channel.EMAIL else "",
        language=referral.language or "en",
        reference=referral.reference,
    )


def tell(referral: Referral, state: str) -> str:
    """Send the message for `state` if the person wants one; the channel used, or ""."""
    message = build(referral, state)
    if message is None:
        return ""
    receipt = messaging.send(message)
    return message.channel if receipt.sent else ""

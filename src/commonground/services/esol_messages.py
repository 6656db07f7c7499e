"""What a learner is told when the ESOL unit offers them a place, in their language.

One short message (one or two SMS) by the way they gave to reach them — a text to a phone
number, an e-mail to an address — and only when they agreed to be contacted. It names the
class, the venue and the times and says how to answer; never their level, their needs or
anything else the unit holds (a phone may be shared).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from commonground.core import messaging

from .models import Placement


def _when(placement: Placement) -> str:
    """The class's days and times, e.g. "Tuesday, Thursday 10:00–12:00" (in the active
    language); empty when the class has no schedule."""
    parts = []
    for schedule in placement.esol_class.service.schedules.all():
        text = " ".join(p for p in (schedule.days_display(), schedule.hours_display()) if p)
        if text:
            parts.append(text)
    return "; ".join(parts)


def _venue(placement: Placement) -> str:
    """The first venue's name and street (no more than a poster for the class would show)."""
    for sal in placement.esol_class.service.service_at_locations.all():
        location = sal.location
        street = next((a.address_1 for a in location.addresses.all() if a.address_1), "")
        return ", ".join(p for p in (location.local_name, street) if p)
    return ""


def build(placement: Placement) -> messaging.Message | None:
    """The offer message, in the learner's language; None when they did not agree to be
    contacted or gave no way to reach them."""
    need = placement.need
    if not need.contact_consent or not need.contact.strip():
        return None
    language = need.language or "en"
    with translation.override(language):
        details = ", ".join(
            p
            for p in (placement.esol_class.service.local_name, _venue(placement), _when(placement))
            if p
        )
        body = _(
            "%(platform)s ESOL team: we have a place for you on an English class: %(details)s. "
            "Reply to this message to say yes or no."
        ) % {"platform": settings.PLATFORM_NAME, "details": details}
        subject = _("%(platform)s: a place on an English class") % {
            "platform": settings.PLATFORM_NAME
        }
    return messaging.Message(
        channel=need.channel,  # type: ignore[arg-type]
        to=need.contact.strip(),
        body=body,
        subject=subject if need.channel == "email" else "",
        language=language,
        reference=f"esol-placement-{placement.pk}",
    )


def tell_offer(placement: Placement) -> str:
    """Send the offer if the learner wants messages; the channel used ("sms", "email") or ""."""
    message = build(placement)
    if message is None:
        return ""
    receipt = messaging.send(message)
    return message.channel if receipt.sent else ""

"""What Open Book keeps about one person, for "My involvement" (read by
:mod:`commonground.involved.personal`): the talks they offer and the talks they asked for.
Erasing it is :func:`commonground.openbook.actions.erase_person`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .actions import erase_person as erase_person
from .models import TalkOffer, TalkRequest

SECTION = _("Open Book talks")
LABELS = {
    "kind": _("Record"),
    "what": _("What"),
    "status": _("Status"),
    "date": _("Date"),
    "details": _("Details"),
}


def records(user) -> list[dict[str, str]]:
    """Each talk offered (with the name and biography shown) and each talk requested."""
    rows: list[dict[str, str]] = []
    for offer in TalkOffer.objects.filter(volunteer=user):
        rows.append(
            {
                "kind": str(_("Talk offered")),
                "what": offer.title,
                "status": str(offer.get_status_display()),
                "date": offer.created_at.date().isoformat() if offer.created_at else "",
                "details": f"{offer.speaker_name}: {offer.bio}",
            }
        )
    for request in TalkRequest.objects.filter(requester=user).select_related("talk"):
        rows.append(
            {
                "kind": str(_("Talk requested")),
                "what": request.talk.title if request.talk else request.organisation_name,
                "status": str(request.get_status_display()),
                "date": request.talk_at.date().isoformat() if request.talk_at else "",
                "details": f"{request.organisation_name}; {request.contact_email}",
            }
        )
    return rows

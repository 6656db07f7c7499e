"""What the challenges app keeps about one person, for "My involvement" (read by
:mod:`commonground.involved.personal`). Erasing it is
:func:`commonground.challenges.actions.erase_person`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .actions import erase_person as erase_person
from .models import CheckIn, Player

SECTION = _("Mixing challenges")
LABELS = {
    "kind": _("Record"),
    "what": _("What"),
    "date": _("Date"),
    "points": _("Points"),
    "details": _("Details"),
}


def records(user) -> list[dict[str, str]]:
    """Each check-in (with the reflection written) and the opt-in name and team."""
    rows: list[dict[str, str]] = []
    for check_in in CheckIn.objects.filter(user=user).select_related("challenge", "venue"):
        rows.append(
            {
                "kind": str(_("Check-in")),
                "what": str(check_in.challenge),
                "date": check_in.done_at.date().isoformat(),
                "points": str(check_in.points),
                "details": "; ".join(
                    part
                    for part in (check_in.venue.name if check_in.venue else "", check_in.reflection)
                    if part
                ),
            }
        )
    player = Player.objects.filter(user=user).select_related("team").first()
    if player is not None and (player.display_name or player.team):
        rows.append(
            {
                "kind": str(_("Player")),
                "what": player.display_name,
                "details": player.team.name if player.team else "",
            }
        )
    return rows

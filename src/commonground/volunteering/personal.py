"""What volunteering keeps about one person, for "My involvement" (read by
:mod:`commonground.involved.personal`): shown on the page and given back as JSON or CSV.
Erasing it is :func:`commonground.volunteering.actions.erase_person`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .actions import erase_person as erase_person
from .models import CallOutRecipient, HoursEntry, Signup, VolunteerProfile

SECTION = _("Volunteering")
LABELS = {
    "kind": _("Record"),
    "what": _("What"),
    "organisation": _("Organisation"),
    "status": _("Status"),
    "date": _("Date"),
    "hours": _("Hours"),
    "note": _("Message or thank-you"),
    "details": _("Details"),
}


def _text(value) -> str:
    return "" if value is None else str(value)


def records(user) -> list[dict[str, str]]:
    """Each sign-up, each confirmed entry of hours, the call-outs sent to them and their
    volunteer profile, as flat rows (values as text, in the reader's language)."""
    rows: list[dict[str, str]] = []
    for signup in Signup.objects.filter(user=user).select_related("opportunity__organisation"):
        rows.append(
            {
                "kind": str(_("Sign-up")),
                "what": signup.opportunity.title,
                "organisation": signup.opportunity.organisation.name,
                "status": str(signup.get_status_display()),
                "date": signup.created_at.date().isoformat(),
                "note": signup.message,
            }
        )
    for entry in HoursEntry.objects.filter(signup__user=user).select_related(
        "signup__opportunity__organisation"
    ):
        rows.append(
            {
                "kind": str(_("Hours")),
                "what": entry.signup.opportunity.title,
                "organisation": entry.signup.opportunity.organisation.name,
                "date": entry.date.isoformat(),
                "hours": _text(entry.hours),
                "note": entry.thank_you,
            }
        )
    for recipient in CallOutRecipient.objects.filter(user=user).select_related("callout"):
        rows.append(
            {
                "kind": str(_("Call-out")),
                "what": recipient.callout.title,
                "status": str(recipient.get_answer_display()) if recipient.answer else "",
                "date": recipient.sent_at.date().isoformat() if recipient.sent_at else "",
            }
        )
    profile = VolunteerProfile.objects.filter(user=user).select_related("ward").first()
    if profile is not None:
        details = [
            ("ward", profile.ward.name if profile.ward else ""),
            ("skills", ", ".join(profile.skills)),
            ("languages", ", ".join(profile.languages)),
            ("days", ", ".join(profile.days)),
            ("callouts", "yes" if profile.callouts else "no"),
            ("channel", profile.channel),
            ("email", profile.email),
            ("phone", profile.phone),
            ("background", profile.background),
        ]
        rows.append(
            {
                "kind": str(_("Volunteer profile")),
                "details": "; ".join(f"{k}: {v}" for k, v in details if v),
            }
        )
    return rows

"""One person's involvement across the apps: what "My involvement" shows, gives back (JSON,
CSV) and erases.

Each app keeps its own part in ``commonground.<app>.personal`` — ``SECTION`` (a heading),
``LABELS`` (column key → heading), ``records(user)`` (flat rows of text) and
``erase_person(actor=, user=, stand_in=)`` (that app's own audited action) — so this module
knows no app's models. Erasing runs every part in one transaction: all or nothing, so a part
that refuses (an Open Book talk still confirmed) leaves everything as it was.
"""

from __future__ import annotations

import importlib
import io
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonground import spreadsheets
from commonground.core import audit
from commonground.core.light_accounts import make_stand_in

from .actions import erase_person as erase_person  # Getting Involved's own part
from .models import Registration

PARTS = ("involved", "volunteering", "openbook", "challenges")
"""The apps whose records make up a person's involvement, in the order the page shows them."""

SECTION = gettext_lazy("Events")
LABELS = {
    "kind": gettext_lazy("Record"),
    "what": gettext_lazy("What"),
    "status": gettext_lazy("Status"),
    "date": gettext_lazy("Date"),
    "details": gettext_lazy("Details"),
}


def records(user) -> list[dict[str, str]]:
    """Each event registration, with whether the person came."""
    rows = []
    for registration in Registration.objects.filter(user=user).select_related("event"):
        event = registration.event
        rows.append(
            {
                "kind": str(_("Event registration")),
                "what": event.title,
                "status": str(registration.get_status_display()),
                "date": timezone.localtime(event.starts_at).date().isoformat(),
                "details": _details(registration),
            }
        )
    return rows


def _details(registration: Registration) -> str:
    """Whether the person came, and the mobile number kept for their text reminder (their
    data too, so it is shown and downloaded with the rest)."""
    parts = [str(_("Came"))] if registration.checked_in_at else []
    if registration.phone:
        parts.append(_("Text message reminder to %(phone)s") % {"phone": registration.phone})
    return "; ".join(parts)


@dataclass(frozen=True)
class Section:
    """One app's part of a person's involvement, as the page shows it."""

    key: str
    title: str
    headings: list[tuple[str, str]]
    rows: list[dict[str, str]]

    @property
    def cells(self) -> list[list[str]]:
        """The rows as the table shows them: one cell a heading, blank where a row has none."""
        return [[row.get(key, "") for key, _heading in self.headings] for row in self.rows]


def _part(name: str) -> ModuleType:
    return importlib.import_module(f"commonground.{name}.personal")


def sections(user) -> list[Section]:
    """Every app's records of ``user``, in :data:`PARTS` order."""
    found = []
    for name in PARTS:
        part = _part(name)
        rows = part.records(user)
        keys = [key for key in part.LABELS if any(row.get(key) for row in rows)]
        found.append(
            Section(name, str(part.SECTION), [(k, str(part.LABELS[k])) for k in keys], rows)
        )
    return found


def as_json(user) -> str:
    """Everything as one JSON document (keys stay in English, values in the reader's language)."""
    document: dict[str, Any] = {
        "account": {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "ward": user.home_area.name if user.home_area_id else "",
            "language": user.preferred_language,
        },
        "exported_at": timezone.now().isoformat(timespec="seconds"),
    }
    for section in sections(user):
        document[section.key] = section.rows
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_csv(user) -> str:
    """Everything as one CSV: a row per record, a column per field, each cell made safe for
    spreadsheets (a value starting "=" is never run as a formula)."""
    columns: list[str] = []
    for name in PARTS:
        columns += [key for key in _part(name).LABELS if key not in columns]
    stream = io.StringIO()
    writer = spreadsheets.csv_writer(stream)
    writer.writerow(["section", *columns])
    for section in sections(user):
        for row in section.rows:
            writer.writerow([section.key, *(row.get(key, "") for key in columns)])
    return stream.getvalue()


def erase_everything(*, actor) -> dict[str, dict[str, int]]:
    """Erase the person's involvement in every app, each by its own audited action, all in one
    transaction; their records move to one stand-in account so each figure counts them once."""
    with transaction.atomic():
        stand_in = make_stand_in(actor)
        counts = {
            name: _part(name).erase_person(actor=actor, user=actor, stand_in=stand_in)
            for name in PARTS
        }
        audit.record("involved.involvement.erased", actor=actor, obj=stand_in)
    return counts

"""Measures' part of "Your tasks": uploads waiting or refused, figures overdue, the Board report.

Read by :mod:`commonground.core.waiting`, which finds this module by name. Measures has no
`rules.py` of its own yet, so these ask the role predicates of
:mod:`commonground.core.predicates` (the same roles its views require).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.predicates import is_board, is_officer, is_partner
from commonground.core.waiting import Task, Tool

from .models import Upload
from .models.upload import FINISHED, UploadStatus
from .queries import late_indicators

REFUSALS_SHOWN_FOR = timedelta(days=30)
"""How long a rejected or failed upload stays on its organisation's tasks."""


def tools(user) -> list[Tool]:
    found = []
    if is_officer(user):
        found.append(Tool(_("Manage measures"), reverse("measures:manage")))
    if is_officer(user) or (is_partner(user) and user.organisation_id):
        found.append(Tool(_("Upload figures"), reverse("measures:uploads")))
    if is_officer(user) or is_board(user):
        found.append(Tool(_("Board report"), reverse("measures:board")))
    return found


def tasks(user) -> list[Task]:
    officer = is_officer(user)
    partner = is_partner(user) and user.organisation_id
    if not (officer or partner or is_board(user)):
        return []
    since = timezone.now() - REFUSALS_SHOWN_FOR
    uploads = Upload.objects.select_related("organisation").order_by("-created_at", "-pk")
    if not officer:
        uploads = (
            uploads.filter(organisation_id=user.organisation_id) if partner else uploads.none()
        )
    found = []
    unfinished = uploads.exclude(status__in=FINISHED)
    waiting = unfinished.count()
    if waiting:
        found.append(
            Task(
                _("Uploads are waiting to be checked or saved."),
                reverse("measures:uploads"),
                _("See uploads"),
                count=waiting,
            )
        )
    refused = uploads.filter(
        status__in=[UploadStatus.REJECTED, UploadStatus.FAILED], created_at__gte=since
    )
    for upload in refused[:10]:
        found.append(
            Task(
                _("%(file)s from %(organisation)s: %(status)s.")
                % {
                    "file": upload.file_name,
                    "organisation": upload.organisation.name,
                    "status": upload.get_status_display(),
                },
                reverse("measures:upload", args=[upload.pk]),
                _("See what is wrong"),
                due=upload.created_at,
                when="on",
                urgent=True,
            )
        )
    late = late_indicators()
    if partner and not officer:
        late = [row for row in late if row.indicator.owner_id == user.organisation_id]
    if late and (officer or is_board(user)):
        found.append(
            Task(
                _("Partners' figures are overdue."),
                reverse("measures:late"),
                _("See late figures"),
                count=len(late),
                urgent=True,
            )
        )
    elif late:
        for row in late:
            found.append(
                Task(
                    _("A new figure for %(measure)s is overdue.") % {"measure": row.indicator.name},
                    reverse("measures:uploads"),
                    _("Upload figures"),
                    due=row.due,
                    when="due",
                    urgent=True,
                )
            )
    return found

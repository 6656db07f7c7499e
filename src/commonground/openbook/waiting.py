"""Open Book's part of "Your tasks" and "Your tools" (read by :mod:`commonground.core.waiting`).

The coordinator: offers to approve, requests to match, talks to children waiting for the
safeguarding checklist. The volunteer: matched talks to accept, feedback due. The requester:
a proposed date to confirm, feedback due."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import OfferStatus, RequestStatus, Side, TalkOffer, TalkRequest
from .rules import may


def tools(user) -> list[Tool]:
    found = [Tool(_("Open Book talks"), reverse("openbook:talks"))]
    if may(user, "openbook.offer_talk"):
        found.append(Tool(_("My Open Book"), reverse("openbook:mine")))
    if may(user, "openbook.coordinate"):
        found.append(Tool(_("Open Book coordination"), reverse("openbook:coordinate")))
    return found


def _feedback_due(user, rows, side: str) -> list[Task]:
    return [
        Task(
            _("How did the talk for %(group)s go?") % {"group": r.organisation_name},
            r.get_absolute_url(),
            _("Give feedback"),
        )
        for r in rows.filter(status=RequestStatus.DELIVERED).exclude(feedback__side=side)[:10]
    ]


def tasks(user) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Task] = []
    if may(user, "openbook.coordinate"):
        offers = TalkOffer.objects.filter(status=OfferStatus.PENDING).count()
        if offers:
            found.append(
                Task(
                    _("Open Book talks to approve: %(count)d") % {"count": offers},
                    reverse("openbook:coordinate"),
                    _("Read them"),
                    count=offers,
                )
            )
        for r in TalkRequest.objects.filter(status=RequestStatus.REQUESTED).order_by("pk")[:10]:
            found.append(
                Task(
                    _("Match a talk for %(group)s.") % {"group": r.organisation_name},
                    r.get_absolute_url(),
                    _("Match a talk"),
                )
            )
        for r in TalkRequest.objects.filter(status=RequestStatus.MATCHED).order_by("talk_at")[:50]:
            if not r.checklist_complete:
                found.append(
                    Task(
                        _("Safeguarding checklist for the talk to %(group)s.")
                        % {"group": r.organisation_name},
                        r.get_absolute_url(),
                        _("Tick the checklist"),
                        due=r.talk_at,
                        when="on",
                    )
                )
    mine = TalkRequest.objects.filter(talk__volunteer=user)
    for r in mine.filter(status=RequestStatus.MATCHED, volunteer_accepted_at__isnull=True)[:10]:
        found.append(
            Task(
                _("Will you give a talk to %(group)s?") % {"group": r.organisation_name},
                r.get_absolute_url(),
                _("Accept or decline"),
                due=r.talk_at,
                when="on",
            )
        )
    found += _feedback_due(user, mine, Side.VOLUNTEER)
    asked = TalkRequest.objects.filter(
        Q(requester=user) | Q(organisation__in=user.confirmed_organisations())
    ).distinct()
    for r in asked.filter(status=RequestStatus.MATCHED, requester_confirmed_at__isnull=True)[:10]:
        found.append(
            Task(
                _("Confirm the date of the talk for %(group)s.") % {"group": r.organisation_name},
                r.get_absolute_url(),
                _("Confirm the date"),
                due=r.talk_at,
                when="on",
            )
        )
    found += _feedback_due(user, asked, Side.REQUESTER)
    return found

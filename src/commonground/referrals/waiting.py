"""Referrals' part of "Your tasks": referrals waiting for a service to accept or decline
(members of the receiving organisation), and declined referrals the referrer has not yet
seen (members of the referring organisation).

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from . import queries
from .models import State


def tools(user) -> list[Tool]:
    found = []
    if user.has_perm("referrals.use"):
        found.append(Tool(_("Referrals"), reverse("referrals:index")))
    if user.has_perm("referrals.view_report"):
        found.append(Tool(_("New arrivals: where people wait"), reverse("referrals:report")))
    return found


def tasks(user) -> list[Task]:
    if not user.has_perm("referrals.use"):
        return []
    found = []
    to_decide = queries.received(user).filter(state=State.SENT).count()
    if to_decide:
        found.append(
            Task(
                _("Referrals to your services wait for you to accept or decline them."),
                reverse("referrals:index") + "?state=sent",
                _("Decide on referrals"),
                count=to_decide,
            )
        )
    declined = queries.sent(user).filter(state=State.DECLINED, decline_noted_at=None).count()
    if declined:
        found.append(
            Task(
                _("Services declined referrals you sent: the people may need other help."),
                reverse("referrals:index") + "?state=declined",
                _("See declined referrals"),
                count=declined,
                urgent=True,
            )
        )
    return found

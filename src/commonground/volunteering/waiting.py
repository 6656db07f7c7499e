"""Volunteering's part of "Your tasks" and the header's "Your tools" (read by
:mod:`commonground.core.waiting`): finding opportunities and one's own record for everyone
signed in; posting and call-outs for organisations; figures for officers; and, as tasks,
volunteers waiting for an answer from an organisation the person acts for."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonground.core.waiting import Task, Tool

from .models import Opportunity, SignupStatus
from .rules import may


def tools(user) -> list[Tool]:
    found = [Tool(_("Volunteering"), reverse("volunteering:opportunities"))]
    if may(user, "volunteering.sign_up"):
        found.append(Tool(_("My volunteering"), reverse("volunteering:mine")))
    if may(user, "volunteering.post_opportunity"):
        found.append(Tool(_("Post an opportunity"), reverse("volunteering:opportunity_new")))
    if may(user, "volunteering.send_callout"):
        found.append(Tool(_("Volunteer call-outs"), reverse("volunteering:callouts")))
    if may(user, "volunteering.see_figures"):
        found.append(Tool(_("Volunteering figures"), reverse("volunteering:figures")))
    return found


def tasks(user) -> list[Task]:
    """Opportunities of the person's organisations with volunteers waiting for an answer."""
    if not getattr(user, "is_authenticated", False) or not may(
        user, "volunteering.post_opportunity"
    ):
        return []
    opportunities = Opportunity.objects.filter(
        signups__status=SignupStatus.PENDING,
        organisation__in=user.confirmed_organisations(),
    ).distinct()
    found = []
    for opportunity in opportunities.order_by("title")[:10]:
        waiting = opportunity.signups.filter(status=SignupStatus.PENDING).count()
        text = ngettext(
            "%(count)d volunteer is waiting for an answer: %(title)s.",
            "%(count)d volunteers are waiting for an answer: %(title)s.",
            waiting,
        ) % {"count": waiting, "title": opportunity.title}
        found.append(
            Task(
                text,
                reverse("volunteering:volunteers", args=[opportunity.slug]),
                _("Answer them"),
                count=waiting,
            )
        )
    return found

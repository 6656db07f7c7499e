"""Mixing challenges' part of "Your tasks" and the header's "Your tools" (read by
:mod:`commonground.core.waiting`): the app for everyone signed in, writing challenges for
designers, the figures for officers; and the follow-up questions a person has not answered."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import CheckIn
from .rules import may


def tools(user) -> list[Tool]:
    found = [Tool(_("Mixing challenges"), reverse("challenges:home"))]
    if may(user, "challenges.design"):
        found.append(Tool(_("Write challenges"), reverse("challenges:design")))
    if may(user, "challenges.publish_figures"):
        found.append(Tool(_("Challenge figures"), reverse("challenges:figures")))
    return found


def tasks(user) -> list[Task]:
    """Check-ins whose two follow-up questions are still unanswered (the last five)."""
    if not getattr(user, "is_authenticated", False):
        return []
    open_ = (
        CheckIn.objects.filter(
            user=user, met_someone_different__isnull=True, new_place__isnull=True
        )
        .select_related("challenge")
        .order_by("-done_at")[:5]
    )
    return [
        Task(
            _("Two questions about %(challenge)s") % {"challenge": c.challenge.title},
            c.challenge.get_absolute_url(),
            _("Answer them"),
            due=c.done_at,
            when="on",
        )
        for c in open_
    ]

"""Schools' part of "Your tasks": officers get the linking planner among their tools.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool


def tools(user) -> list[Tool]:
    if user.has_perm("schools.plan_links"):
        return [Tool(_("Plan school links"), reverse("schools:linking"))]
    return []


def tasks(user) -> list[Task]:
    """Nothing waits yet: linking years are not stored (see docs/schools.md, Limits)."""
    return []

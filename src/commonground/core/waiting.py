"""What is waiting for a person, and the tools their roles give them: "Your tasks".

Each app says what waits in its own module, `commonground.<app>.waiting`, with two functions
(discovered the way `commonground demo` finds each app's `demo` module, so core imports no
app):

* ``tools(user) -> list[Tool]``: the links a person's roles open (the header shows them on
  every page, so this asks only for permissions, which read the roles once per request);
* ``tasks(user) -> list[Task]``: what is waiting for them now, each linking to where they
  deal with it (read on the tasks page only).

An empty list means nothing for this person. Every permission is asked for by name
(`user.has_perm`), as declared in each app's `rules.py`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from types import ModuleType, SimpleNamespace

from django.apps import apps
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonground.core.rules import may


@dataclass(frozen=True)
class Tool:
    """A link to a place where a person does their work."""

    label: str
    url: str


@dataclass(frozen=True)
class Task:
    """One thing waiting for a person, and where to deal with it."""

    text: str
    url: str
    link_text: str
    count: int | None = None
    due: date | datetime | None = None
    """When it closes or is due (or happened), if it says."""
    when: str = "closes"
    """How to read `due`: "closes" (Closes on …), "voting_closes" (Voting closes on …),
    "proposals_close" (Proposals close on …), "due" (Due on …) or "on" (On …)."""
    urgent: bool = False
    """Overdue or failed: shown with a red tag."""


@dataclass(frozen=True)
class Section:
    """One app's tasks and tools, under its own heading."""

    key: str
    title: str
    tasks: list[Task]
    tools: list[Tool]


SECTION_TITLES = {
    "commonground.consult": gettext_lazy("Conversations"),
    "commonground.fund": gettext_lazy("Innovation Fund"),
    "commonground.measures": gettext_lazy("Measures"),
    "commonground.core": gettext_lazy("Organisations and background work"),
}


@cache
def _modules() -> tuple[tuple[str, ModuleType | SimpleNamespace], ...]:
    found: list[tuple[str, ModuleType | SimpleNamespace]] = [
        ("commonground.core", SimpleNamespace(tools=core_tools, tasks=core_tasks))
    ]
    for config in apps.get_app_configs():
        if not config.name.startswith("commonground.") or config.name == "commonground.core":
            continue
        try:
            found.append((config.name, importlib.import_module(f"{config.name}.waiting")))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.waiting":
                raise
    order = list(SECTION_TITLES)
    return tuple(sorted(found, key=lambda item: order.index(item[0]) if item[0] in order else 99))


def tools(user) -> list[Tool]:
    """Every tool the person's roles open, app by app (empty for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [tool for _name, module in _modules() for tool in module.tools(user)]


def sections(user) -> list[Section]:
    """Each app's tasks and tools for this person; apps with neither are left out."""
    result = []
    for name, module in _modules():
        app_tasks, app_tools = module.tasks(user), module.tools(user)
        if app_tasks or app_tools:
            title = (
                SECTION_TITLES.get(name) or apps.get_app_config(name.rsplit(".")[-1]).verbose_name
            )
            result.append(Section(name.rsplit(".")[-1], str(title), app_tasks, app_tools))
    return result


def open_now() -> list[Task]:
    """What anyone can take part in now (each app's optional ``open_now()``), closing first.

    Shown on the public home page in every language: open surveys and consultations, calls
    for proposals and votes, each with the day it closes.
    """
    found = [
        task
        for _name, module in _modules()
        if hasattr(module, "open_now")
        for task in module.open_now()
    ]
    return sorted(found, key=lambda task: (task.due is None, _as_date(task.due)))


def _as_date(value: date | datetime | None) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value or date.max


# -- core's own: memberships and background work --------------------------------------------


def core_tools(user) -> list[Tool]:
    found = []
    if may(user, "core.review_memberships"):
        found.append(
            Tool(_("Requests to act for organisations"), reverse("core:membership_review"))
        )
    if may(user, "core.view_background_work"):
        found.append(Tool(_("Background work"), reverse("core:background_work")))
    return found


def core_tasks(user) -> list[Task]:
    from commonground.core.jobs import listing
    from commonground.core.models import Membership, MembershipStatus, Organisation

    found = []
    if may(user, "core.review_memberships"):
        waiting = Membership.objects.requested().count()
        if waiting:
            found.append(
                Task(
                    _("Requests to act for an organisation wait for a decision."),
                    reverse("core:membership_review"),
                    _("Decide on requests"),
                    count=waiting,
                )
            )
    else:
        mine = Membership.objects.confirmed().filter(user=user, is_admin=True)
        administered = Organisation.objects.filter(pk__in=mine.values("organisation")).annotate(
            waiting=Count("memberships", filter=Q(memberships__status=MembershipStatus.REQUESTED))
        )
        for organisation in administered.filter(waiting__gt=0).order_by("name"):
            found.append(
                Task(
                    _("People ask to act for %(organisation)s.")
                    % {"organisation": organisation.name},
                    reverse("core:organisation_members", args=[organisation.slug]),
                    _("Decide on requests"),
                    count=organisation.waiting,
                )
            )
    if may(user, "core.view_background_work"):
        failed = len(listing.background_work()["failed"])
        if failed:
            found.append(
                Task(
                    _("Background work failed and may need trying again."),
                    reverse("core:background_work"),
                    _("See failed work"),
                    count=failed,
                    urgent=True,
                )
            )
    return found

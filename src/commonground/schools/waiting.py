"""Schools' part of "Your tasks": officers see pairs still waiting for a school's answer and
draft linking years; a school's contact sees its link to answer; its teachers see linking
days whose date they have not confirmed.

Read by :mod:`commonground.core.waiting`, which finds this module by name.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import (
    ACTS_FOR_A_SCHOOL,
    Answer,
    LinkingDay,
    LinkingYear,
    LinkPair,
    SchoolContact,
    YearStatus,
)


def tools(user) -> list[Tool]:
    """Asked on every page, so answered from roles and model permissions (each read once a
    request) with no query: a school's people are known by the ``schools.acts_for_a_school``
    flag their contact rows keep (see ``models.sync_school_flag``); the pages they open check
    the real rule for the school in question."""
    found = []
    if user.has_perm("schools.view_linking"):
        found.append(Tool(_("School linking"), reverse("schools:years")))
    elif user.has_perm(f"schools.{ACTS_FOR_A_SCHOOL}"):
        found.append(Tool(_("Your school's links"), reverse("schools:my_links")))
    if user.has_perm("schools.plan_links"):
        found.append(Tool(_("Plan school links"), reverse("schools:linking")))
    return found


def _officer_tasks() -> list[Task]:
    found = []
    for item in LinkingYear.objects.filter(status=YearStatus.CONFIRMED):
        waiting = item.pairs.filter(
            Q(answer_a=Answer.PENDING) | Q(answer_b=Answer.PENDING)
        ).exclude(Q(answer_a=Answer.DECLINED) | Q(answer_b=Answer.DECLINED))
        count = waiting.count()
        if count:
            found.append(
                Task(
                    _("Linking %(year)s: pairs waiting for a school's answer") % {"year": item},
                    item.get_absolute_url() + "#pairs",
                    _("See the pairs"),
                    count=count,
                )
            )
    for item in LinkingYear.objects.filter(status=YearStatus.DRAFT):
        found.append(
            Task(
                _("Linking %(year)s is still being planned") % {"year": item},
                item.get_absolute_url(),
                _("Carry on planning"),
            )
        )
    return found


def tasks(user) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = _officer_tasks() if user.has_perm("schools.manage_linking") else []
    mine = list(SchoolContact.objects.filter(user=user).select_related("school"))
    if not mine:
        return found
    confirmed = LinkPair.objects.filter(linking_year__status=YearStatus.CONFIRMED)
    for contact in mine:
        if contact.role != "contact":
            continue
        school = contact.school
        for pair in confirmed.filter(
            Q(school_a=school, answer_a=Answer.PENDING)
            | Q(school_b=school, answer_b=Answer.PENDING)
        ).select_related("school_a", "school_b"):
            found.append(
                Task(
                    _("%(school)s: accept or decline the link with %(other)s")
                    % {
                        "school": school.name,
                        "other": (
                            pair.school_b if pair.school_a_id == school.pk else pair.school_a
                        ).name,
                    },
                    pair.get_absolute_url() + "#answer",
                    _("Answer"),
                )
            )
    for contact in mine:
        school = contact.school
        days = (
            LinkingDay.objects.filter(pair__in=confirmed, date__isnull=False)
            .filter(
                Q(pair__school_a=school, confirmed_a_by__isnull=True)
                | Q(pair__school_b=school, confirmed_b_by__isnull=True)
            )
            .select_related("pair__school_a", "pair__school_b")
            .order_by("date")
        )
        for day in days:
            found.append(
                Task(
                    _("%(school)s: confirm the date of the linking day (%(place)s)")
                    % {"school": school.name, "place": day.get_kind_display()},
                    day.pair.get_absolute_url() + f"#day-{day.pk}",
                    _("Confirm the date"),
                    due=day.date,
                    when="on",
                )
            )
    return found

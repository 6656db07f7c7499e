"""Demo data for Feeling Safe: a caseworker account, one reporting centre and invented reports.

The reports are fictional (they say so in their text) and spread over LSOAs with a cluster,
so the figures page shows suppression and a hotspot; nothing here is Bradford's data.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.models import Group

from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role

from . import actions
from .models import IncidentReport, ReporterRole, ReportingCentre, Strand
from .strands import ensure_default_strands

CASEWORKER = "caseworker"
DEMO_REPORTS = 240


def load_demo(out: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """A caseworker, a reporting centre (the first partner) and invented reports."""
    user, _ = User.objects.get_or_create(username=CASEWORKER)
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=Role.CASEWORKER.value)[0]])
    centre = Organisation.objects.order_by("name").first()
    if centre is not None:
        ReportingCentre.objects.get_or_create(organisation=centre)
    lsoas = list(Area.objects.lsoas().filter(parent__isnull=False).select_related("parent"))
    if not lsoas:
        out("safety: no LSOAs loaded: demo reports skipped")
        return [(CASEWORKER, password, str(Role.CASEWORKER.label))]
    if not IncidentReport.objects.exists():
        _reports(lsoas)
    out(f"safety: {IncidentReport.objects.count()} demo incident reports (invented)")
    return [(CASEWORKER, password, str(Role.CASEWORKER.label))]


def _reports(lsoas: list[Area]) -> None:
    rng = random.Random(15)
    ensure_default_strands()  # a flushed database has lost the migration's rows
    strands = list(Strand.objects.filter(active=True))
    weights = [6, 2, 1.5, 1.5, 0.5, 0.5, 0.3][: len(strands)] + [0.3] * max(0, len(strands) - 7)
    cluster = lsoas[rng.randrange(len(lsoas))]
    near = [a for a in lsoas if a.parent_id == cluster.parent_id] or [cluster]
    today = date.today()
    for i in range(DEMO_REPORTS):
        lsoa = rng.choice(near) if rng.random() < 0.35 else rng.choice(lsoas)
        chosen = rng.choices(strands, weights=weights, k=1 + (rng.random() < 0.15))
        actions.submit_report(
            actions.NewReport(
                reporter_role=rng.choice(ReporterRole.values),
                description=f"(Invented for the demo, report {i + 1}.) Verbal abuse in the street.",
                strands=list(set(chosen)),
                occurred_on=today - timedelta(days=rng.randrange(540)),
                reported_to_police=rng.choice(["yes", "no", "not_sure"]),
                support=[rng.choice(["contact", "victim_support", "none"])],
                language="en",
                lsoa=lsoa,
                ward=lsoa.parent,
            )
        )

"""Demo data for Feeling Safe: a caseworker account, one reporting centre, invented reports,
tension reports in a few wards (one of them raising an alert), and two myths-and-facts answers.

The reports are fictional (they say so in their text) and spread over LSOAs with a cluster,
so the figures page shows suppression and a hotspot; nothing here is Bradford's data. Wards
are taken from whatever areas are loaded, never named here.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role

from . import actions
from .models import (
    IncidentReport,
    Myth,
    MythQuestion,
    ReporterRole,
    ReportingCentre,
    Strand,
    TensionLead,
    TensionReport,
    TensionSchedule,
)
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
    council = Organisation.objects.filter(kind="council").order_by("name").first()
    if council is not None and not user.may_act_for(council):
        # the council's own team, so the caseworker can refer through the referrals route
        from commonground.core.memberships import grant_membership

        grant_membership(user=user, organisation=council, actor_label="demo")
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
    _tension(out)
    _myths(out)
    return [(CASEWORKER, password, str(Role.CASEWORKER.label))]


def _tension(out: Callable[[str], None]) -> None:
    """The demo officer as tension lead; a month of partners' readings in three wards, the
    last of which rises and raises one alert."""
    officer = User.objects.filter(groups__name=Role.OFFICER.value, is_active=True).first()
    partner = (
        User.objects.filter(groups__name=Role.PARTNER.value, organisation__isnull=False)
        .order_by("username")
        .first()
    )
    wards = list(Area.objects.wards().order_by("name")[:3])
    if officer is None or partner is None or not partner.may_act_for(partner.organisation_id):
        out("safety: no officer or partner yet: demo tension reports skipped")
        return
    if len(wards) < 3:
        out("safety: fewer than three wards loaded: demo tension reports skipped")
        return
    TensionLead.objects.get_or_create(user=officer)
    if TensionReport.objects.exists():
        return
    # the partner is expected to report on the three wards, weekly on the first, whose
    # latest reading is 13 days old: overdue, a task for the partner and a reminder from
    # `commonground safety remind`; fortnightly on the others
    for index, ward in enumerate(wards):
        TensionSchedule.objects.get_or_create(
            organisation_id=partner.organisation_id,
            ward=ward,
            defaults={
                "every_days": 7 if index == 0 else 14,
                "created_by": officer,
                "created_at": timezone.now() - timedelta(days=28),
            },
        )
    now = timezone.now()
    readings = [
        # (ward, days ago, issue, level, summary, action)
        (0, 27, "antisocial", 1, "Quiet; some litter and noise near the shops.", "Usual patrols."),
        (0, 13, "antisocial", 1, "Still quiet.", ""),
        (
            1,
            26,
            "dangerous_driving",
            2,
            "Cars racing on the main road at night.",
            "Speed check asked for.",
        ),
        (
            1,
            12,
            "dangerous_driving",
            2,
            "Racing goes on; residents angry at the meeting.",
            "Road safety team told.",
        ),
        (2, 25, "online", 2, "Arguments online about the new community centre.", ""),
        (
            2,
            11,
            "rumours",
            2,
            "Talk that a new centre is only for one community.",
            "Faith leaders asked to share the facts.",
        ),
        (
            2,
            0,
            "planned_protest",
            3,
            "A protest about the centre is being organised online for next weekend.",
            "Neighbourhood team meeting the organisers; myth-buster shared.",
        ),
    ]
    for index, days, issue, level, summary, action in readings:
        actions.file_tension_report(
            actor=partner,
            ward=wards[index],
            issue=issue,
            level=level,
            summary=f"(Invented for the demo.) {summary}",
            action_taken=action,
            now=now - timedelta(days=days, hours=index),
        )
    out(f"safety: {TensionReport.objects.count()} demo tension reports (invented), one alert")


MYTHS = [
    {
        "slug": "fund-preferential-treatment",
        "question_en": "Do some groups get preferential treatment from the Innovation Fund?",
        "question_ur": "کیا انوویشن فنڈ سے کچھ گروہوں کو ترجیح ملتی ہے؟",
        "question_pl": "Czy niektóre grupy są traktowane preferencyjnie przez Fundusz Innowacji?",
        "answer_en": (
            "No. Every proposal is scored against the same published criteria by a panel, and "
            "residents vote on the shortlist. The results, with the score and vote of every "
            "proposal, are published, so anyone can check who was funded and why."
        ),
        "answer_ur": (
            "نہیں۔ ہر تجویز کو ایک پینل ایک ہی شائع شدہ معیار پر پرکھتا ہے، اور رہائشی مختصر "
            "فہرست پر ووٹ دیتے ہیں۔ ہر تجویز کے نمبر اور ووٹ سمیت نتائج شائع کیے جاتے ہیں، اس "
            "لیے کوئی بھی دیکھ سکتا ہے کہ کس کو رقم ملی اور کیوں۔"
        ),
        "answer_pl": (
            "Nie. Każdy wniosek jest oceniany przez komisję według tych samych, opublikowanych "
            "kryteriów, a mieszkańcy głosują na listę wybranych projektów. Wyniki, z oceną i "
            "liczbą głosów każdego wniosku, są publikowane, więc każdy może sprawdzić, kto "
            "otrzymał środki i dlaczego."
        ),
        "sources": [
            {"title": "Innovation Fund rounds and results", "url": "/fund/"},
            {"title": "Where the fund's money went", "url": "/fund/tracking/"},
        ],
    },
    {
        "slug": "reporting-hate-incidents",
        "question_en": "Is there any point reporting a hate incident if the police will not act?",
        "question_ur": (
            "اگر پولیس کچھ نہ کرے تو کیا نفرت پر مبنی واقعے کی اطلاع دینے کا کوئی فائدہ ہے؟"
        ),
        "question_pl": "",
        "answer_en": (
            "Yes. Trained caseworkers read every report, can offer support and, if you agree, "
            "refer it on. Reports also show where incidents cluster, which decides where "
            "partners patrol and work with communities. The counts are published, with small "
            "numbers withheld so no one can be recognised."
        ),
        "answer_ur": "",
        "answer_pl": "",
        "sources": [
            {"title": "Hate incidents: what the figures say", "url": "/safety/figures/"},
            {"title": "Report a hate incident", "url": "/safety/"},
        ],
    },
]


def _myths(out: Callable[[str], None]) -> None:
    officer = User.objects.filter(groups__name=Role.OFFICER.value, is_active=True).first()
    if officer is None:
        return
    for values in MYTHS:
        if Myth.objects.filter(slug=values["slug"]).exists():
            continue
        myth = actions.save_myth(actor=officer, values=values)
        actions.publish_myth(actor=officer, myth=myth)
    if not MythQuestion.objects.exists():
        actions.ask_about_rumour(
            text="(Invented for the demo.) I heard the new flats are only for refugees: true?",
            language="en",
        )
    out(f"safety: {Myth.objects.count()} myths-and-facts answers")


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

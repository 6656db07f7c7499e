"""Demo data for Community Readiness: invented assessments of a few wards and a community of
interest on "Tackling hate crime", one repeated a year later, and one still being scored.
The test-and-learn demo's intervention cites the completed assessment of its ward (the demo
loads apps in INSTALLED_APPS order, so evaluation's demo has run before this one).

Every interview, score and note here is invented for the demonstration; none is Bradford's.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group

from commonground.core.models import Area, CommunityOfInterest, User
from commonground.core.roles import Role

from . import actions
from .models import Assessment

ISSUE = "Tackling hate crime"
GUIDE_EN = (
    "1. How much of a concern is hate crime in this community?\n"
    "2. What efforts are there in this community to address it?\n"
    "3. How much do community members know about these efforts?\n"
    "4. How do leaders feel about addressing it?\n"
    "5. What are the resources for efforts here?"
)
GUIDE_UR = (
    "١. اس کمیونٹی میں نفرت پر مبنی جرائم کتنی تشویش کی بات ہیں؟\n"
    "٢. اس سے نمٹنے کے لیے یہاں کیا کوششیں ہو رہی ہیں؟\n"
    "٣. لوگ ان کوششوں کے بارے میں کتنا جانتے ہیں؟\n"
    "٤. رہنما اس سے نمٹنے کے بارے میں کیا سوچتے ہیں؟\n"
    "٥. یہاں کوششوں کے لیے کیا وسائل موجود ہیں؟"
)
GUIDE_PL = (
    "1. Na ile przestępstwa z nienawiści są problemem w tej społeczności?\n"
    "2. Jakie działania podejmuje się tu, aby im przeciwdziałać?\n"
    "3. Ile mieszkańcy wiedzą o tych działaniach?\n"
    "4. Co liderzy sądzą o przeciwdziałaniu temu problemowi?\n"
    "5. Jakie zasoby są dostępne na te działania?"
)
ROLES = ["faith leader", "youth worker", "shopkeeper", "school governor", "police officer"]


def _scorer() -> tuple[User, str]:
    user, _ = User.objects.get_or_create(username="readiness-scorer")
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.OFFICER.value)[0])
    return user, password


def _assess(officer, scorer, rng, *, level: float, year: int, done: bool, **where):
    assessment = actions.create_assessment(
        actor=officer,
        issue=ISSUE,
        starts_on=date(year, 1, 6),
        ends_on=date(year, 3, 27),
        scorer_a=officer,
        scorer_b=scorer,
        guide_en=GUIDE_EN,
        guide_ur=GUIDE_UR,
        guide_pl=GUIDE_PL,
        respondent_roles="\n".join(ROLES),
        **where,
    )
    for n, role in enumerate(ROLES[:4]):
        interview = actions.record_interview(
            actor=officer,
            assessment=assessment,
            respondent_role=role,
            held_on=date(year, 1 + n, 13),
            language=rng.choice(["en", "en", "ur", "pl"]),
            notes=f"Invented demonstration notes of an interview with a {role}.",
        )
        if not done and n >= 2:
            continue  # left for the demo's officer to score
        sheets = {}
        for who in (officer, scorer):
            sheets[who.pk] = {
                d: max(1, min(9, round(level + rng.uniform(-1.4, 1.4) + offset)))
                for d, offset in zip("ABCDEF", [0, -0.5, 0.4, 0.6, -0.2, -0.9], strict=True)
            }
            actions.finish_sheet(actor=who, interview=interview, scores=sheets[who.pk])
        a, b = sheets[officer.pk], sheets[scorer.pk]
        actions.agree_consensus(
            actor=officer,
            interview=interview,
            scores={d: Decimal(a[d] + b[d]) / 2 for d in "ABCDEF"},
        )
    if done:
        actions.complete_assessment(actor=officer, assessment=assessment)
    return assessment


def _demo_intervention():
    """The evaluation demo's intervention, if it was loaded and cites nothing yet."""
    from commonground.evaluation.models import Intervention

    return (
        Intervention.objects.filter(title__startswith="Demo:", readiness_assessment__isnull=True)
        .prefetch_related("wards")
        .order_by("pk")
        .first()
    )


def cite_in_intervention(officer, intervention, assessment: Assessment) -> str:
    """The intervention cites the assessment, through evaluation's own audited action (the
    same form and action as the register page), so the demo writes what a person would.
    Returns what was done, in a line for the demo's output."""
    from django.forms.models import model_to_dict

    from commonground.evaluation.actions import save_intervention
    from commonground.evaluation.forms import InterventionForm

    fields = InterventionForm._meta.fields
    data = {
        key: [item.pk for item in value] if isinstance(value, list) else value
        for key, value in model_to_dict(intervention, fields=fields).items()
        if value is not None
    }
    data["readiness_assessment"] = assessment.pk
    form = InterventionForm(data, instance=intervention)
    if not form.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        return f"the demo intervention could not cite an assessment ({problems})"
    save_intervention(actor=officer, form=form, intervention=intervention)
    return f'"{intervention.title}" cites the assessment of {assessment.community_name}'


def load_demo(out: Callable[[str], None]) -> list:
    officer = User.objects.filter(username="officer").first()
    wards = list(Area.objects.wards().order_by("name")[:6])
    if officer is None or not wards or Assessment.objects.filter(issue=ISSUE).exists():
        out("readiness: skipped (needs core's demo and the wards; or already loaded)")
        return []
    scorer, password = _scorer()
    rng = random.Random(18)
    count = 0
    for ward, level in zip(wards[:5], [3.2, 4.6, 2.4, 5.3, 3.9], strict=False):
        _assess(officer, scorer, rng, level=level, year=2025, done=True, ward=ward)
        count += 1
    _assess(officer, scorer, rng, level=4.4, year=2026, done=True, ward=wards[0])
    community = CommunityOfInterest.objects.order_by("name").first()
    if community is not None:
        _assess(officer, scorer, rng, level=3.6, year=2025, done=True, community=community)
        count += 1
    _assess(officer, scorer, rng, level=4.0, year=2026, done=False, ward=wards[-1])
    made = count + 2
    intervention = _demo_intervention()
    cited = ""
    if intervention is not None:
        place = intervention.wards.order_by("name").first()
        done = Assessment.objects.filter(completed_at__isnull=False, issue=ISSUE)
        assessment = done.filter(ward=place).order_by("-ends_on", "-pk").first() if place else None
        if assessment is None and place is not None:
            assessment = _assess(officer, scorer, rng, level=3.4, year=2025, done=True, ward=place)
            count += 1
            made += 1
        assessment = assessment or done.order_by("-ends_on", "-pk").first()
        cited = "; " + cite_in_intervention(officer, intervention, assessment)
    out(f"readiness: {made} assessments ({count} areas, one repeated, one being scored)" + cited)
    return [(scorer.username, password, str(Role.OFFICER.label))]

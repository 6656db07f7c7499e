"""Demo data for test and learn: one published intervention evaluated on Measures' ward figures.

The intervention is invented for the demonstration (its title says so); its result is computed
from whatever ward figures the measures demo loaded, so the verdict will usually be "no clear
effect" — which is what an honest evaluation of invented data should say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count

from commonground.core.models import Pillar
from commonground.measures.models import Indicator, Observation

from . import actions, analysis
from .models import Choice, Decision, Design, EvaluationPlan, Intervention, Kind, LogicOutcome


def _measure() -> tuple[Indicator, list[str]] | None:
    """The measure with ward figures in the most periods (at least four), and its periods."""
    best = (
        Observation.objects.current()
        .totals()
        .filter(area__level="ward")
        .values("indicator")
        .annotate(periods=Count("period", distinct=True))
        .filter(periods__gte=4)
        .order_by("-periods")
        .first()
    )
    if best is None:
        return None
    indicator = Indicator.objects.get(pk=best["indicator"])
    periods = sorted(
        set(
            Observation.objects.filter(indicator=indicator, area__level="ward").values_list(
                "period", flat=True
            )
        )
    )
    return indicator, periods


def load_demo(say: Callable[[str], None]) -> list:
    officer = get_user_model().objects.filter(username="officer").first()
    if officer is None or Intervention.objects.filter(title__startswith="Demo:").exists():
        say("evaluation: skipped (needs core's demo officer; or already loaded)")
        return []
    found = _measure()
    if found is None:
        say("evaluation: skipped (no measure has ward figures in four periods)")
        return []
    indicator, periods = found
    ward_ids = (
        Observation.objects.filter(indicator=indicator, area__level="ward")
        .values_list("area", flat=True)
        .distinct()
    )
    from commonground.core.models import Area

    wards = list(Area.objects.filter(pk__in=ward_ids).order_by("name"))
    if len(wards) < 4:
        say("evaluation: skipped (too few wards with figures)")
        return []
    start = periods[len(periods) // 2]
    item = Intervention.objects.create(
        title="Demo: school linking in one ward",
        summary="An invented intervention to show the test-and-learn pages.",
        kind=Kind.PILOT,
        pillar=Pillar.objects.filter(strategy__is_current=True).first(),
        owner="Council schools team",
        start_date=dt.date(int(start[:4]), 1, 1),
        budget=40000,
        inputs="Two linking coordinators\nTeacher release time",
        activities="Paired classes meet each term\nFamily events",
        outputs="24 classes linked\n600 pupils take part",
        created_by=officer,
    )
    item.wards.set([wards[len(wards) // 2]])
    LogicOutcome.objects.create(
        intervention=item, text="More people say others get on well", indicator=indicator
    )
    plan = EvaluationPlan.objects.create(
        intervention=item, design=Design.SYNTHETIC, indicator=indicator, start_period=start
    )
    plan.comparison_wards.set([w for w in wards if w not in item.wards.all()][:20])
    actions.lock_plan(actor=officer, plan=plan)
    try:
        result = actions.compute_result(actor=officer, plan=plan)
    except ValidationError as error:
        say(f"evaluation: demo result not computed ({' '.join(error.messages)})")
        result = None
    Decision.objects.create(
        intervention=item,
        choice=Choice.TEST_ELSEWHERE,
        decided_by=officer,
        evidence=result,
        reasons="Promising in one ward; test in two wards with different communities.",
    )
    actions.publish(actor=officer, intervention=item)
    plan.minimum_detectable_effect = analysis.plan_mde(plan)
    plan.save(update_fields=["minimum_detectable_effect"])
    say(f"evaluation: 1 demo intervention ({indicator.name}, start {start})")
    return []

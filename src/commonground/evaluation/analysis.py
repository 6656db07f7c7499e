"""From Measures to ``commonground.causal`` and back: panels, proposals, results and verdicts.

The statistics live in the Django-free package; this module only reads ward figures from
Measures, hands them over, and words the answer for people.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from django.db.models import Q
from django.utils.translation import gettext as _
from scipy import stats

from commonground.causal import (
    Panel,
    PanelError,
    callaway_santanna,
    did,
    event_study,
    synthetic_control,
)
from commonground.causal.matching import propose_comparisons, trend_features
from commonground.causal.panel import OutcomeRow, Record, period_key
from commonground.causal.power import (
    minimum_detectable_effect,
    staggered_minimum_detectable_effect,
)
from commonground.core.models import Area
from commonground.measures.models import Indicator, Observation
from commonground.measures.models.indicator import Origin

from .models import Design, EvaluationPlan, Intervention


def _ward_series(indicator: Indicator, areas=None) -> dict[str, dict[str, float]]:
    """area code → {period: value}: current, whole-area figures at ward level."""
    rows = (
        Observation.objects.current()
        .totals()
        .filter(indicator=indicator, area__level="ward")
        .values_list("area__code", "period", "value")
    )
    if areas is not None:
        rows = rows.filter(area__in=areas)
    series: dict[str, dict[str, float]] = defaultdict(dict)
    for code, period, value in rows:
        series[code][period] = float(value)
    return series


def _uploaded_series(
    plan: EvaluationPlan,
    uploaded: list[OutcomeRow],
    wards: set[str],
    extras: dict[tuple[str, str], tuple] | None = None,
) -> dict[str, dict[str, float]]:
    """area code → {period: value} from an uploaded sheet.  A unit is a ward's code or name
    (case-insensitive) and must be one of the plan's wards: anything else is refused with its
    line, so a typing slip cannot quietly drop a ward out of the comparison."""
    known: dict[str, str] = {}
    for area in Area.objects.filter(code__in=wards):
        known[area.code.casefold()] = area.code
        known[area.name.casefold()] = area.code
    series: dict[str, dict[str, float]] = defaultdict(dict)
    for row in uploaded:
        code = known.get(row.unit.casefold())
        if code is None:
            raise PanelError(
                _(
                    '%(where)s, column "unit": %(unit)s is not one of this plan\'s wards '
                    "(the intervention's wards and the comparison wards, by code or name)"
                )
                % {"where": row.where, "unit": repr(row.unit)}
            )
        if row.period in series[code]:
            raise PanelError(
                _("%(where)s: a second row for %(unit)s in period %(period)s")
                % {"where": row.where, "unit": code, "period": repr(row.period)}
            )
        series[code][row.period] = row.outcome
        if extras is not None:
            extras[(code, row.period)] = row.covariates
    return series


def covariate_choices():
    """Measures that describe wards and can be matched on or adjusted for: the census and
    deprivation figures the comparison wards are proposed from."""
    return Indicator.objects.filter(Q(origin=Origin.CENSUS) | Q(slug__icontains="imd")).order_by(
        "name"
    )


def _before(period: str, start: str) -> bool:
    _numeric, ordered = period_key([period, start])
    return period != start and ordered[0] == period


def _covariate_values(
    plan: EvaluationPlan, covariates: list[Indicator], codes: set[str]
) -> dict[str, tuple[float, ...]]:
    """ward code → each covariate's figure: the latest before the first treated period, or
    the earliest there is when none is that early (a census taken once describes the ward
    throughout).  A ward without a figure is refused by name: it cannot be matched on."""
    values: dict[str, list[float]] = {code: [] for code in codes}
    for indicator in covariates:
        series = _ward_series(indicator, Area.objects.filter(code__in=codes))
        for code in sorted(codes):
            periods = series.get(code, {})
            if not periods:
                raise PanelError(
                    _(
                        "Measures holds no figure of %(covariate)s for ward %(ward)s, so it "
                        "cannot be used as a covariate."
                    )
                    % {"covariate": indicator.name, "ward": code}
                )
            _numeric, ordered = period_key(periods)
            earlier = [p for p in ordered if _before(p, plan.start_period)]
            values[code].append(periods[earlier[-1] if earlier else ordered[0]])
    return {code: tuple(v) for code, v in values.items()}


def uses_covariates(plan: EvaluationPlan) -> bool:
    """Covariates count for the synthetic control and for staggered starts only."""
    return plan.design == Design.SYNTHETIC or plan.staggered


def build_panel(
    plan: EvaluationPlan, uploaded: list[OutcomeRow] | None = None, *, planning: bool = False
) -> Panel:
    """The plan's outcome by ward and period: the intervention's wards (treated) and the
    comparison wards, from Measures or from an uploaded sheet, with the plan's covariates
    (Measures' figures, then the sheet's columns).  ``planning``: before any sheet, leave the
    sheet's columns out (for the minimum detectable effect).  Raises :class:`PanelError`
    with a readable reason."""
    if plan.indicator is None and uploaded is None:
        raise PanelError(_("The plan names no outcome measure."))
    treated = {a.code for a in plan.intervention.wards.all()}
    comparison = {a.code for a in plan.comparison_wards.all()} - treated
    if not treated:
        raise PanelError(_("The intervention names no wards."))
    if not comparison:
        raise PanelError(_("The plan names no comparison wards."))
    sheet_columns = plan.sheet_covariate_list if uses_covariates(plan) and not planning else []
    if sheet_columns and uploaded is None:
        raise PanelError(
            _(
                "The plan uses columns of an uploaded sheet as covariates (%(columns)s): "
                "upload the figures to compute the result."
            )
            % {"columns": ", ".join(sheet_columns)}
        )
    extras: dict[tuple[str, str], tuple] = {}
    if uploaded is not None:
        series = _uploaded_series(plan, uploaded, treated | comparison, extras)
        name = _("the uploaded sheet")
    else:
        series = _ward_series(plan.indicator, Area.objects.filter(code__in=treated | comparison))
        name = plan.indicator.name
    staggered = plan.staggered
    later = plan.ward_starts or {}

    def own_start(code: str) -> str | None:
        if not staggered:
            return None
        return later.get(code, plan.start_period) if code in treated else ""

    covariates = list(plan.covariates.order_by("name")) if plan.pk else []
    if not uses_covariates(plan):
        covariates = []
    characteristics = _covariate_values(plan, covariates, set(series)) if covariates else {}
    records = [
        Record(
            code,
            period,
            value,
            int(code in treated),
            characteristics.get(code, ())
            + (extras.get((code, period), ()) if sheet_columns else ()),
            f"{code} {period}",
            own_start(code),
        )
        for code, periods in series.items()
        for period, value in periods.items()
    ]
    if not records:
        raise PanelError(_("Measures holds no ward figures of this measure for these wards."))
    names = [c.name for c in covariates] + sheet_columns
    if staggered:
        return Panel.from_records(records, start=None, covariates=names, name=name, staggered=True)
    return Panel.from_records(records, start=plan.start_period, covariates=names, name=name)


def default_outcome_periods(panel: Panel) -> list[str]:
    """With covariates and no outcome periods named: the first, middle and last pre-periods
    (every pre-period would leave the covariates no say; Kaul et al. 2022)."""
    pre = panel.periods[: panel.start_index]
    picked = [pre[0], pre[len(pre) // 2], pre[-1]]
    return sorted(set(picked), key=pre.index)


def _synthetic(plan: EvaluationPlan, panel: Panel) -> dict:
    """The synthetic control, with the covariates and outcome periods when the plan has them,
    and the balance table (treated, synthetic, average of the comparison wards)."""
    outcome_periods = None
    if panel.covariate_names:
        outcome_periods = plan.outcome_period_list or default_outcome_periods(panel)
        missing = [p for p in outcome_periods if p not in panel.periods[: panel.start_index]]
        if missing:
            raise PanelError(
                _("The plan matches the outcome in %(period)s, but there is no figure for it.")
                % {"period": missing[0]}
            )
    result = synthetic_control(panel, outcome_periods=outcome_periods)
    data = result.as_json()
    data |= {
        "periods": result.periods,
        "treated_path": result.treated_path,
        "synthetic_path": result.synthetic_path,
        "rank": result.rank,
        "n_units": len(result.ratios),
        "start_index": result.start_index,
    }
    if panel.covariate_names:
        covariates = set(panel.covariate_names)
        data |= {
            "covariates": list(panel.covariate_names),
            "outcome_periods": list(outcome_periods or []),
            "predictor_weights": result.predictor_weights,
            "balance": [
                b.as_json()
                | (
                    {"kind": "covariate", "label": b.name}
                    if b.name in covariates
                    else {"kind": "outcome", "label": b.name.removeprefix("outcome ")}
                )
                for b in result.balance
            ],
        }
    return data


def _staggered(plan: EvaluationPlan, panel: Panel) -> dict:
    """Callaway and Sant'Anna's effects for wards that start at different periods: the
    contract's JSON of the plan's design, the event-time effects for the chart, and the mean
    of the intervention's and the comparison wards by period for the lines."""
    result = callaway_santanna(panel, control=plan.control_group)
    treated_mean = np.nanmean(panel.y[panel.treated], axis=0)
    comparison_mean = np.nanmean(panel.y[~panel.treated], axis=0)
    data = result.did_json() if plan.design == Design.DID else result.event_json()
    data |= {
        "estimator": "callaway-santanna",
        "groups": result.groups,
        "n_never": result.n_never,
        "event_times": result.event_times,
        "coefficients": result.coefficients,
        "es_ci": [list(c) for c in result.ci],
        "pre_trend_p": result.pre_trend_p,
        "n_treated": int(panel.treated.sum()),
        "control": result.control,
        "covariates": list(result.covariate_names),
    }
    if plan.design == Design.DID:
        data |= {
            "periods": panel.periods,
            "treated_mean": [float(v) for v in treated_mean],
            "comparison_mean": [float(v) for v in comparison_mean],
            "start_index": panel.start_index,
        }
    return data


def _before_after(plan: EvaluationPlan, uploaded: list[OutcomeRow] | None = None) -> dict:
    """Treated wards' figures after the start against before it (Welch's t interval)."""
    if uploaded is not None:
        treated = {a.code for a in plan.intervention.wards.all()}
        series = _uploaded_series(plan, uploaded, treated)
    elif plan.indicator is None:
        raise PanelError(_("The plan names no outcome measure."))
    else:
        series = _ward_series(plan.indicator, plan.intervention.wards.all())
    _numeric, periods = period_key(p for values in series.values() for p in values)
    later = [p for p in periods if p >= plan.start_period]
    first = later[0] if later else None
    before = np.array(
        [v for values in series.values() for p, v in values.items() if first is None or p < first]
    )
    after = np.array(
        [
            v
            for values in series.values()
            for p, v in values.items()
            if first is not None and p >= first
        ]
    )
    if len(before) < 2 or len(after) < 2:
        raise PanelError(_("Before and after needs at least two figures on each side."))
    test = stats.ttest_ind(after, before, equal_var=False)
    ci = test.confidence_interval(0.95)
    return {
        "design": "before-after",
        "estimate": float(after.mean() - before.mean()),
        "ci": [float(ci.low), float(ci.high)],
        "periods": periods,
    }


def compute(plan: EvaluationPlan, uploaded: list[OutcomeRow] | None = None) -> dict:
    """Run the plan's design on Measures data (or an uploaded sheet); the JSON stored with
    the result."""
    if plan.design == Design.BEFORE_AFTER:
        return _before_after(plan, uploaded)
    panel = build_panel(plan, uploaded)
    if panel.staggered:
        return _staggered(plan, panel)
    if plan.design == Design.SYNTHETIC:
        return _synthetic(plan, panel)
    es = event_study(panel)
    data = {
        "event_times": es.event_times,
        "coefficients": es.coefficients,
        "es_ci": [list(c) for c in es.ci],
        "pre_trend_p": es.pre_trend_p,
    }
    if plan.design == Design.DID:
        result = did(panel)
        data |= result.as_json() | {
            "periods": panel.periods,
            "treated_mean": result.treated_mean,
            "comparison_mean": result.comparison_mean,
            "start_index": panel.start_index,
            "n_treated": result.n_treated,
        }
    else:
        data["design"] = "event-study"
    return data


def _number(value: float) -> str:
    return f"{value:,.1f}" if abs(value) >= 1 else f"{value:.2f}"


def verdict(data: dict, measure: str) -> str:
    """The result in plain words, carrying its uncertainty."""
    design = data.get("design")
    if design == "synthetic-control":
        gap = data["estimate"]
        direction = _("raised") if gap > 0 else _("lowered")
        if data["placebo_p"] <= 0.1:
            return _(
                "Likely %(direction)s %(measure)s by about %(size)s against its synthetic "
                "comparison: only %(rank)s of %(n)s areas show so large a change relative to "
                "their fit before the start."
            ) % {
                "direction": direction,
                "measure": measure,
                "size": _number(abs(gap)),
                "rank": data["rank"],
                "n": data["n_units"],
            }
        return _(
            "No clear effect on %(measure)s: the gap of %(size)s is no larger than many areas "
            "show by chance (%(rank)s of %(n)s areas change as much)."
        ) % {"measure": measure, "size": _number(gap), "rank": data["rank"], "n": data["n_units"]}
    if design == "event-study":
        return _(
            "See the effect period by period below; the pre-trend check is summarised with it."
        )
    lo, hi = data["ci"]
    if lo > 0:
        words = _("Likely raised %(measure)s by %(lo)s to %(hi)s") % {
            "measure": measure,
            "lo": _number(lo),
            "hi": _number(hi),
        }
    elif hi < 0:
        words = _("Likely lowered %(measure)s by %(lo)s to %(hi)s") % {
            "measure": measure,
            "lo": _number(-hi),
            "hi": _number(-lo),
        }
    else:
        words = _(
            "No clear effect on %(measure)s: somewhere between %(lo)s and %(hi)s, which "
            "includes no change"
        ) % {"measure": measure, "lo": _number(lo), "hi": _number(hi)}
    if design == "before-after":
        return words + _("; before and after only, so other changes over time may explain it.")
    if data.get("estimator") == "callaway-santanna" and data.get("control") == "not-yet":
        words += _(
            " (wards started at different times: each group of wards starting together is "
            "compared with the comparison wards and the wards not yet started, and the "
            "effects averaged)"
        )
    elif data.get("estimator") == "callaway-santanna":
        words += _(
            " (wards started at different times: each group of wards starting together is "
            "compared with the comparison wards, and the effects averaged)"
        )
    if data.get("n_treated") == 1:
        # Cluster-robust errors with one treated cluster understate the uncertainty badly
        # (Conley and Taber 2011; MacKinnon and Webb 2017), tests of the leads included.
        return words + _(
            "; but with a single treated ward this interval understates the uncertainty: "
            "the synthetic control's placebo test is the better guide."
        )
    p = data.get("pre_trend_p")
    if p is None:
        return words + _("; too few periods before the start to check the trends.")
    if p >= 0.1:
        return words + _("; no sign of a difference before the start.")
    return words + _(
        "; but the areas already differed before the start (pre-trend p = %(p)s), so treat "
        "this with caution."
    ) % {"p": f"{p:.2f}"}


def proposals(intervention: Intervention, indicator: Indicator | None, start: str, count: int = 5):
    """Comparison wards proposed by census and deprivation figures and the outcome's pre-period
    level and trend; [(ward, distance)], nearest first."""
    features: dict[str, dict[str, float]] = defaultdict(dict)
    describing = Indicator.objects.filter(origin=Origin.CENSUS)
    rows = (
        Observation.objects.current()
        .totals()
        .filter(indicator__in=describing, area__level="ward")
        .values_list("area__code", "indicator__slug", "value")
    )
    for code, slug, value in rows:
        features[code][slug] = float(value)
    deprivation = Indicator.objects.filter(slug__icontains="imd")
    for code, slug, value in (
        Observation.objects.current()
        .totals()
        .filter(indicator__in=deprivation, area__level="ward")
        .values_list("area__code", "indicator__slug", "value")
    ):
        features[code][slug] = float(value)
    if indicator is not None:
        series = _ward_series(indicator)
        pre = {}
        for code, periods in series.items():
            _numeric, ordered = period_key(periods)
            pre[code] = [periods[p] for p in ordered if p < start]
        for code, (mean, slope) in trend_features(pre).items():
            features[code]["outcome level"] = mean
            features[code]["outcome trend"] = slope
    treated = [a.code for a in intervention.wards.all()]
    matches = propose_comparisons(features, treated, count=count)
    wards = {a.code: a for a in Area.objects.filter(code__in=[m.area for m in matches])}
    return [(wards[m.area], m.distance) for m in matches if m.area in wards]


def plan_mde(plan: EvaluationPlan) -> float | None:
    """The minimum detectable effect of the plan with the data Measures holds now."""
    if plan.design == Design.BEFORE_AFTER:
        return None
    try:
        panel = build_panel(plan, planning=True)
        if panel.staggered:
            value = staggered_minimum_detectable_effect(panel, control=plan.control_group)
        else:
            value = minimum_detectable_effect(panel)
    except PanelError:
        return None
    return value if value is not None and math.isfinite(value) else None

"""Indicators from the strategy's baseline figures (`commonground measures sync-strategy`).

core's strategy loader knows nothing of measures, and must not: it is run again whenever
the strategy file is corrected. So measures reads what core stored (BaselineFigure rows,
keyed by `key`) and brings its indicators in line; running it again changes nothing unless
the strategy did. Definitions a strategy file does not state (which way is better, how
often figures come) are in data/strategy_indicators.yaml.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from commonground.core import audit
from commonground.core.models import Area, Objective, Strategy
from commonground.measures.actions import Counts, Figure, record_figures
from commonground.measures.models import Indicator, Origin
from commonground.measures.models.indicator import Unit
from commonground.measures.models.observation import ObservationOrigin
from commonground.measures.validation import period_for

OVERLAY = Path(__file__).parent / "data" / "strategy_indicators.yaml"

DEFINITION_FIELDS = (
    "unit",
    "direction",
    "frequency",
    "decimal_places",
    "area_levels",
    "breakdowns",
    "definition",
    "numerator",
    "denominator",
    "note",
)
DEFAULT_DECIMALS = {Unit.PERCENT: 1, Unit.INDEX: 3, Unit.RATE_PER_1000: 1}


@dataclass
class SyncResult:
    strategy: str
    indicators: list[str] = field(default_factory=list)
    created: int = 0
    counts: Counts = field(default_factory=Counts)

    def summary(self) -> str:
        return (
            f"{len(self.indicators)} indicators from {self.strategy} ({self.created} new); "
            f"baseline figures: {self.counts.created} added, {self.counts.corrected} corrected, "
            f"{self.counts.unchanged} unchanged"
        )


def read_overlay(path: Path = OVERLAY) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text()) or {}
    return {"figures": data.get("figures") or {}, "indicators": data.get("indicators") or {}}


def current_strategy() -> Strategy | None:
    return Strategy.objects.filter(is_current=True).order_by("-period_start", "-pk").first()


def district_of(strategy: Strategy | None) -> Area | None:
    """The strategy's district area, else the only district loaded."""
    if strategy is not None and strategy.district_id:
        return strategy.district
    if strategy is not None and strategy.district_code:
        found = Area.objects.filter(code=strategy.district_code).first()
        if found:
            return found
    return Area.objects.districts().order_by("pk").first()


def _breakdown_key(pairs: dict[str, Any]) -> str:
    return ";".join(
        f"{name}={str(value).strip().lower().replace(' ', '-')}"
        for name, value in sorted((pairs or {}).items())
    )


@transaction.atomic
def sync_strategy(
    strategy: Strategy | None = None, *, overlay_path: Path = OVERLAY, actor=None
) -> SyncResult:
    """Create or update one indicator per baseline figure, and record the baselines.

    Definitions are only filled in when an indicator is created (officers may refine them
    afterwards); the name, pillar, source and baseline follow the strategy every time.
    """
    strategy = strategy or current_strategy()
    if strategy is None:
        raise ValueError("No strategy is loaded: run `commonground load-strategy FILE` first.")
    overlay = read_overlay(overlay_path)
    district = district_of(strategy)
    result = SyncResult(strategy=strategy.slug)
    figures = list(
        strategy.baseline_figures.select_related("pillar", "area").order_by("number", "pk")
    )
    objectives = {
        (o.pillar_id, o.number): o for o in Objective.objects.filter(pillar__strategy=strategy)
    }
    existing = {i.slug: i for i in Indicator.objects.all()}
    seen: dict[str, Indicator] = {}
    new_figures: list[Figure] = []
    for figure in figures:
        spec = overlay["figures"].get(figure.key, {})
        slug = spec.get("record_as") or figure.key
        definition = overlay["indicators"].get(slug, {}) if spec.get("record_as") else spec
        indicator = seen.get(slug) or existing.get(slug)
        breakdown = _breakdown_key(spec.get("breakdown", figure.breakdown))
        area = figure.area or (
            district if figure.area_code in ("", getattr(district, "code", "")) else None
        )
        is_baseline = not breakdown and (area is None or area == district)
        fields: dict[str, Any] = {
            "name": definition.get("name") or (figure.label if not spec.get("record_as") else slug),
            # The overlay names the real publisher where the strategy only quotes a figure
            # (police-recorded hate crime): the baseline stays credited to the strategy.
            "source": definition.get("source") or figure.source,
            "origin": Origin.STRATEGY,
            "group": figure.group,
            "sort_order": figure.number,
            "headline": figure.headline,
        }
        if definition.get("source_url"):
            fields["source_url"] = definition["source_url"]
        if figure.pillar_id:
            fields["pillar"] = figure.pillar
            number = spec.get("objective")
            if number:
                fields["objective"] = objectives.get((figure.pillar_id, number))
        if is_baseline:
            fields |= {
                "baseline_figure": figure,
                "baseline_value": figure.value,
                "baseline_text": figure.display_text,
                "baseline_date": figure.as_of,
                "baseline_period": figure.period_label,
            }
        if indicator is None:
            unit = definition.get("unit") or figure.unit
            defaults = {
                "unit": unit,
                "decimal_places": DEFAULT_DECIMALS.get(unit, 0),
                "area_levels": ["district"] if area is None or area == district else [],
            }
            defaults |= {k: definition[k] for k in DEFINITION_FIELDS if k in definition}
            if breakdown and "breakdowns" not in definition:
                defaults["breakdowns"] = {
                    name: [] for name in (p.split("=")[0] for p in breakdown.split(";"))
                }
            indicator = Indicator.objects.create(slug=slug, **defaults, **fields)
            result.created += 1
        elif slug not in seen:
            if spec.get("record_as") and not is_baseline:
                fields.pop("headline")
            for name, value in fields.items():
                setattr(indicator, name, value)
            indicator.save()
        elif is_baseline:
            for name, value in fields.items():
                setattr(indicator, name, value)
            indicator.save()
        if area is not None and area.level not in (indicator.area_levels or [area.level]):
            indicator.area_levels = [*indicator.area_levels, area.level]
            indicator.save(update_fields=["area_levels"])
        seen[slug] = indicator
        if figure.value is not None and area is not None:
            new_figures.append(
                Figure(
                    indicator_id=indicator.pk,
                    area_id=area.pk,
                    period=period_for(figure.as_of, figure.as_of_precision),
                    breakdown=breakdown,
                    value=figure.value,
                    note=f"Strategy baseline {figure.key}: {figure.period_label}",
                )
            )
    result.indicators = list(seen)
    result.counts = record_figures(new_figures, origin=ObservationOrigin.STRATEGY, user=actor)
    audit.record(
        "measures.strategy_synced",
        actor=actor,
        actor_label="" if actor else "sync-strategy",
        obj=strategy,
        data={
            "indicators": len(seen),
            "created": result.created,
            "figures_added": result.counts.created,
            "figures_corrected": result.counts.corrected,
        },
    )
    return result

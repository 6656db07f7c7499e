"""Census-derived indicators (`commonground measures load-census`).

Definitions are data (data/census_indicators.yaml); the arithmetic is
`commonground.segregation`, the pure package checked against PySAL. This module only reads
the tables, calls it and stores the results as observations, so a figure on a page is the
same number the CLI and the PySAL cross-check produce.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from django.conf import settings
from django.db import transaction

from commonground import segregation
from commonground.core import audit
from commonground.core.models import Area, Pillar
from commonground.measures.actions import Counts, Figure, record_figures
from commonground.measures.models import Indicator, Origin
from commonground.measures.models.observation import ObservationOrigin
from commonground.measures.strategy import current_strategy, district_of
from commonground.measures.validation import parse_period

DEFINITIONS = Path(__file__).parent / "data" / "census_indicators.yaml"
INDICATOR_FIELDS = (
    "name",
    "unit",
    "decimal_places",
    "direction",
    "definition",
    "numerator",
    "denominator",
    "source",
    "source_url",
    "area_levels",
)


@dataclass
class CensusResult:
    indicators: list[str] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    skipped_areas: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        missing = sum(len(v) for v in self.skipped_areas.values())
        text = (
            f"{len(self.indicators)} census indicators; figures: {self.counts.created} added, "
            f"{self.counts.corrected} corrected, {self.counts.unchanged} unchanged"
        )
        if missing:
            text += f"; {missing} figures skipped for areas not loaded"
        return text


def default_data_dir() -> Path:
    return settings.SHARED_DIR / "data" / "uk"


def read_definitions(path: Path = DEFINITIONS) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


@dataclass(frozen=True)
class Computed:
    """One indicator's figures: (area code, None for the district; breakdown; value; num; den)."""

    rows: list[tuple[str | None, str, float, float | None, float | None]]


def compute(spec: dict[str, Any], data_dir: Path) -> Computed:
    """Compute one indicator's figures from its `compute:` block (pure: no database)."""
    kind = spec["kind"]
    path = data_dir / spec["file"]
    if kind == "two_group":
        if "versus" in spec:
            table = segregation.read_table(
                path, area=spec["area"], groups=[spec["group"], spec["versus"]]
            )
            group = table.counts[:, 0]
            total = table.counts.sum(axis=1)
        else:
            table = segregation.read_table(
                path, area=spec["area"], groups=[spec["group"]], total=spec["total"]
            )
            group, total = table.counts[:, 0], table.total
        value = getattr(segregation, spec["index"])(group, total)
        return Computed([(None, "", float(value), None, None)])
    if kind == "multigroup":
        table = _read_groups(path, spec)
        value = getattr(segregation, spec["index"])(table.counts)
        return Computed([(None, "", float(value), None, None)])
    if kind == "share":
        columns = [*spec["numerator"], *spec["denominator"]]
        table = segregation.read_table(path, area=spec["area"], groups=columns)
        n = len(spec["numerator"])
        numerator = table.counts[:, :n].sum(axis=1)
        denominator = table.counts[:, n:].sum(axis=1)
        rows = [
            (code, "", _percent(num, den), num, den)
            for code, num, den in zip(table.areas, numerator, denominator, strict=True)
            if den > 0
        ]
        rows.append(
            (
                None,
                "",
                _percent(numerator.sum(), denominator.sum()),
                numerator.sum(),
                denominator.sum(),
            )
        )
        return Computed(rows)
    if kind == "composition":
        keys = list(spec["groups"])
        table = segregation.read_table(
            path, area=spec["area"], groups=[spec["groups"][k] for k in keys], total=spec["total"]
        )
        rows = []
        dimension = spec["dimension"]
        for i, code in enumerate([*table.areas, None]):
            counts = table.counts.sum(axis=0) if code is None else table.counts[i]
            total = table.total.sum() if code is None else table.total[i]
            if total <= 0:
                continue
            for k, key in enumerate(keys):
                rows.append(
                    (code, f"{dimension}={key}", _percent(counts[k], total), counts[k], total)
                )
        return Computed(rows)
    if kind == "location_quotient":
        table = segregation.read_table(
            path, area=spec["area"], groups=[spec["group"]], total=spec["total"]
        )
        quotients = segregation.location_quotients(table.counts, table.total)[:, 0]
        return Computed(
            [
                (code, "", float(q), None, None)
                for code, q in zip(table.areas, quotients, strict=True)
                if np.isfinite(q)
            ]
        )
    raise ValueError(f"unknown compute kind {kind!r}")


def _read_groups(path: Path, spec: dict[str, Any]) -> segregation.AreaTable:
    if spec.get("format") == "long":
        return segregation.read_long_table(
            path,
            area=spec["area"],
            group_column=spec["group_column"],
            count_column=spec["count_column"],
            groups=spec.get("groups"),
        )
    return segregation.read_table(path, area=spec["area"], groups=spec["groups"])


def _percent(numerator: float, denominator: float) -> float:
    return float(100.0 * numerator / denominator)


def _decimal(number: float | None) -> Decimal | None:
    return None if number is None else Decimal(repr(float(number)))


@transaction.atomic
def load_census(
    data_dir: Path | None = None, *, definitions: Path = DEFINITIONS, only: list[str] | None = None
) -> CensusResult:
    """Define the census indicators and store their 2021 figures (idempotent)."""
    data_dir = data_dir or default_data_dir()
    spec = read_definitions(definitions)
    period = parse_period(str(spec["period"]))
    strategy = current_strategy()
    district = district_of(strategy)
    if district is None:
        raise ValueError("No district area is loaded: run `commonground load-areas` first.")
    pillars = {p.slug: p for p in Pillar.objects.filter(strategy=strategy)} if strategy else {}
    areas = dict(Area.objects.values_list("code", "id"))
    result = CensusResult()
    figures: list[Figure] = []
    for number, item in enumerate(spec["indicators"], start=1):
        if only and item["slug"] not in only:
            continue
        computed = compute(item["compute"], data_dir)
        fields = {name: item[name] for name in INDICATOR_FIELDS if name in item}
        fields.setdefault("source", spec.get("source", ""))
        fields.setdefault("source_url", spec.get("source_url", ""))
        fields.setdefault("area_levels", ["district"])
        indicator = Indicator.objects.filter(slug=item["slug"]).first()
        if indicator is None:
            indicator = Indicator(
                slug=item["slug"],
                origin=Origin.CENSUS,
                frequency="census",
                sort_order=100 + number,
            )
        for name, value in fields.items():
            if name in ("name", "source") and indicator.origin == Origin.STRATEGY and indicator.pk:
                continue  # the strategy names its own measures
            setattr(indicator, name, value)
        if item.get("breakdowns") is not None:
            indicator.breakdowns = item["breakdowns"]
        elif item["compute"]["kind"] == "composition":
            indicator.breakdowns = {item["compute"]["dimension"]: list(item["compute"]["groups"])}
        if item.get("pillar") in pillars and indicator.pillar_id is None:
            indicator.pillar = pillars[item["pillar"]]
        indicator.save()
        result.indicators.append(indicator.slug)
        for code, breakdown, value, numerator, denominator in computed.rows:
            area_id = district.pk if code is None else areas.get(code)
            if area_id is None:
                result.skipped_areas.setdefault(indicator.slug, []).append(code)
                continue
            figures.append(
                Figure(
                    indicator_id=indicator.pk,
                    area_id=area_id,
                    period=period,
                    breakdown=breakdown,
                    value=_decimal(value),
                    numerator=_decimal(numerator),
                    denominator=_decimal(denominator),
                    note=spec.get("period_label", ""),
                )
            )
    result.counts = record_figures(figures, origin=ObservationOrigin.CENSUS)
    audit.record(
        "measures.census_loaded",
        actor_label="load-census",
        data={
            "indicators": result.indicators,
            "added": result.counts.created,
            "corrected": result.counts.corrected,
            "skipped_areas": {k: len(v) for k, v in result.skipped_areas.items()},
        },
    )
    return result

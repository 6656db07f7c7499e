"""Publish the strategy's baseline measure to Measures: schools more (less) White British than
their 10 nearest schools of the same phase, as a count and share of district schools, by phase
and year.  Measures keeps every version (corrections are new versions), so a reload of the
same file adds nothing and a corrected file is visible as a correction.
"""

from __future__ import annotations

from decimal import Decimal

from commonground.measures.actions import Figure, record_figures
from commonground.measures.models import Indicator, Origin
from commonground.measures.models.observation import ObservationOrigin
from commonground.measures.strategy import current_strategy, district_of
from commonground.measures.validation import parse_period
from commonground.schoolmix.groups import PHASES
from commonground.schoolmix.neighbours import compare_with_neighbours
from commonground.schoolmix.reader import SchoolTable

INDICATORS = {
    "more": (
        "schools-more-white-british-than-neighbours",
        "Schools more White British than their neighbours",
        "District schools whose share of White British pupils is more than 15 percentage "
        "points above the pooled share of their 10 nearest schools of the same phase "
        "(neighbours may be outside the District; unclassified pupils left out).",
    ),
    "less": (
        "schools-less-white-british-than-neighbours",
        "Schools less White British than their neighbours",
        "District schools whose share of White British pupils is more than 15 percentage "
        "points below the pooled share of their 10 nearest schools of the same phase "
        "(neighbours may be outside the District; unclassified pupils left out).",
    ),
}
SOURCE = "DfE school census (January), computed by Common Ground"


def _indicator(flag: str, order: int) -> Indicator:
    slug, name, definition = INDICATORS[flag]
    indicator, _created = Indicator.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "definition": definition,
            "numerator": "Schools flagged",
            "denominator": "District schools of the phase with classified pupils",
            "unit": "percent",
            "decimal_places": 1,
            "source": SOURCE,
            "origin": Origin.PARTNER,
            "frequency": "annual",
            "area_levels": ["district"],
            "breakdowns": {"phase": list(PHASES)},
            "group": "schools-mixing",
            "sort_order": 300 + order,
        },
    )
    return indicator


def publish_neighbour_counts(table: SchoolTable, year: str, *, user=None) -> dict[str, int]:
    """Record the counts for ``year``; returns Measures' created/corrected/unchanged counts.

    Nothing is published when no district is loaded (no ``load-areas`` yet): the schools still
    load, and the next load publishes.
    """
    district = district_of(current_strategy())
    if district is None:
        return {}
    results = compare_with_neighbours(table)
    period = parse_period(year)
    figures = []
    for order, flag in enumerate(("more", "less")):
        indicator = _indicator(flag, order)
        for phase in PHASES:
            judged = [
                r
                for r in results
                if r.phase == phase
                and r.neighbour_share is not None
                and r.share_white_british is not None
            ]
            flagged = sum(1 for r in judged if r.flag == flag)
            if not judged:
                continue
            figures.append(
                Figure(
                    indicator_id=indicator.pk,
                    area_id=district.pk,
                    period=period,
                    breakdown=f"phase={phase}",
                    value=Decimal(100 * flagged) / Decimal(len(judged)),
                    numerator=Decimal(flagged),
                    denominator=Decimal(len(judged)),
                    note=f"School census {year}",
                )
            )
    counts = record_figures(figures, origin=ObservationOrigin.SCHOOLS, user=user)
    return {"created": counts.created, "corrected": counts.corrected, "unchanged": counts.unchanged}

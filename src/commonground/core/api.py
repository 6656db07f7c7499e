"""Read-only API of the core app: areas and the current strategy."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from commonground.core.models import Area, BaselineFigure, Pillar, Strategy

router = Router(tags=["core"])


class NotFound(Schema):
    detail: str


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    population: int | None


class AreaDetailOut(AreaOut):
    boundary: dict | None
    children: list[AreaOut]


class BaselineFigureOut(Schema):
    key: str
    label: str
    value: float | None
    display_value: str
    unit: str
    area_label: str
    area_code: str
    period_label: str
    as_of: date | None
    source: str
    pillar: str | None


class PillarOut(Schema):
    slug: str
    number: int
    name: str
    summary: str
    outcome_statement: str
    objectives: list[str]


class StrategyOut(Schema):
    slug: str
    title: str
    place_name: str
    period_start: int
    period_end: int
    pillars: list[PillarOut]


def _area(area: Area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "parent_code": area.parent.code if area.parent_id else None,
        "population": area.population,
    }


@router.get("/areas", response=list[AreaOut], summary="List areas")
def list_areas(request, level: str | None = None, parent: str | None = None):
    """Areas by level (district, ward, msoa, lsoa) and/or parent code; boundaries omitted."""
    areas = Area.objects.select_related("parent").order_by("level", "name")
    if level:
        areas = areas.filter(level=level)
    if parent:
        areas = areas.filter(parent__code=parent)
    return [_area(a) for a in areas]


@router.get(
    "/areas/{code}",
    response={200: AreaDetailOut, 404: NotFound},
    summary="One area with its boundary",
)
def get_area(request, code: str):
    area = get_object_or_404(Area.objects.select_related("parent"), code=code)
    children = area.children.select_related("parent").order_by("name")
    return {**_area(area), "boundary": area.boundary, "children": [_area(c) for c in children]}


def _current_strategy() -> Strategy:
    return get_object_or_404(Strategy, is_current=True)


@router.get(
    "/strategy",
    response={200: StrategyOut, 404: NotFound},
    summary="The current strategy and its pillars",
)
def get_strategy(request):
    strategy = _current_strategy()
    pillars = Pillar.objects.filter(strategy=strategy).prefetch_related("objectives")
    return {
        "slug": strategy.slug,
        "title": strategy.title,
        "place_name": strategy.place_name,
        "period_start": strategy.period_start,
        "period_end": strategy.period_end,
        "pillars": [
            {
                "slug": p.slug,
                "number": p.number,
                "name": p.name,
                "summary": p.summary,
                "outcome_statement": p.outcome_statement,
                "objectives": [o.text for o in p.objectives.all()],
            }
            for p in pillars.order_by("number")
        ],
    }


@router.get(
    "/strategy/figures",
    response={200: list[BaselineFigureOut], 404: NotFound},
    summary="Baseline figures",
)
def list_figures(request, pillar: str | None = None):
    """The strategy's baseline figures with their source and date."""
    figures = BaselineFigure.objects.filter(strategy=_current_strategy()).select_related("pillar")
    if pillar:
        figures = figures.filter(pillar__slug=pillar)
    return [
        {
            "key": f.key,
            "label": f.label,
            "value": float(f.value) if f.value is not None else None,
            "display_value": f.display_value,
            "unit": f.unit,
            "area_label": f.area_label,
            "area_code": f.area_code,
            "period_label": f.period_label,
            "as_of": f.as_of,
            "source": f.source,
            "pillar": f.pillar.slug if f.pillar_id else None,
        }
        for f in figures.order_by("number")
    ]

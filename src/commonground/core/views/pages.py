"""Public pages about the programme: home, about, pillars, wards, partners.

Everything here is public (`@login_not_required`): the strategy, its baseline and the
places it covers are published information, and residents should not need an account to
read what the council and its partners have committed to. Views only fetch; the
templates decide how things look.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from commonground.core import waiting
from commonground.core.models import (
    Area,
    BaselineFigure,
    Challenge,
    FocusTheme,
    Objective,
    Organisation,
    Pillar,
    Priority,
    Strategy,
    StrategyQuote,
)
from commonground.core.models.places import AreaLevel

# Fields a map or list needs: the boundary is the heavy one, so list views name their fields.
AREA_LIST_FIELDS = ("id", "code", "name", "level", "population", "parent_id")
AREA_MAP_FIELDS = (*AREA_LIST_FIELDS, "boundary")


def current_strategy() -> Strategy | None:
    """The strategy the programme runs now: the one marked current, newest first."""
    return (
        Strategy.objects.filter(is_current=True)
        .select_related("district")
        .order_by("-period_start", "-pk")
        .first()
    )


def _figures(queryset: QuerySet[BaselineFigure]) -> QuerySet[BaselineFigure]:
    return queryset.select_related("area").order_by("number", "pk")


def _home_district(strategy: Strategy | None) -> Area | None:
    if strategy is not None and strategy.district_id:
        return strategy.district
    return Area.objects.districts().order_by("name").first()


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """What the programme is for, what is open now, its pillars and where it starts from.

    "Open now" (surveys, calls for proposals, votes, each with its closing date) comes first:
    it is what a resident can do today, and each app says what it has open
    (`core.waiting.open_now`).
    """
    strategy = current_strategy()
    context: dict = {"strategy": strategy, "section": "home", "open_now": waiting.open_now()}
    if strategy is not None:
        context |= {
            "pillars": list(strategy.pillars.order_by("number")),
            "headline_figures": list(_figures(strategy.baseline_figures.filter(headline=True))),
            "focus_communities": list(
                strategy.focus_communities.select_related("community").order_by("number")
            ),
        }
    return render(request, "core/home.html", context)


def _strategy_page(request: HttpRequest, strategy: Strategy | None) -> HttpResponse:
    context: dict = {"strategy": strategy, "section": "about"}
    if strategy is not None:
        focus_communities = strategy.focus_communities.select_related("community").prefetch_related(
            Prefetch("themes", queryset=FocusTheme.objects.order_by("number"))
        )
        context |= {
            "pillars": list(strategy.pillars.order_by("number")),
            "focus_communities": list(focus_communities.order_by("number")),
            "principles": list(strategy.principles.order_by("number")),
            "strengths": list(strategy.strengths.order_by("number")),
            "is_current": strategy.is_current,
        }
    return render(request, "core/strategy_detail.html", context)


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    """The current strategy: partnership, focus communities and guiding principles.

    Kept off the home page so that page stays short enough to read on a phone.
    """
    return _strategy_page(request, current_strategy())


@login_not_required
def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Any stored strategy, current or past, at a stable address."""
    strategy = get_object_or_404(Strategy.objects.select_related("district"), slug=slug)
    return _strategy_page(request, strategy)


@login_not_required
def pillar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One pillar: its objectives, the outcome it aims for and the baseline it starts from."""
    pillar = (
        Pillar.objects.filter(slug=slug)
        .select_related("strategy", "strategy__district")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            Prefetch(
                "priorities",
                queryset=Priority.objects.order_by("number").prefetch_related(
                    Prefetch("challenges", queryset=Challenge.objects.order_by("number"))
                ),
            ),
            Prefetch("baseline_figures", queryset=_figures(BaselineFigure.objects.all())),
            Prefetch("quotes", queryset=StrategyQuote.objects.order_by("number")),
        )
        .order_by("-strategy__is_current", "-strategy__period_start")
        .first()
    )
    if pillar is None:
        raise Http404(_("No pillar with that name."))
    siblings = list(pillar.strategy.pillars.order_by("number").only("slug", "number", "name"))
    position = next(i for i, p in enumerate(siblings) if p.pk == pillar.pk)
    return render(
        request,
        "core/pillar_detail.html",
        {
            "strategy": pillar.strategy,
            "pillar": pillar,
            "objectives": list(pillar.objectives.all()),
            "priorities": list(pillar.priorities.all()),
            "figures": list(pillar.baseline_figures.all()),
            "quotes": list(pillar.quotes.all()),
            "previous_pillar": siblings[position - 1] if position > 0 else None,
            "next_pillar": siblings[position + 1] if position + 1 < len(siblings) else None,
            "section": "home",
        },
    )


@login_not_required
def area_index(request: HttpRequest) -> HttpResponse:
    """The district's wards, with a map; `q` filters by name.

    The filter works as a plain GET form; with htmx it updates the list as the reader
    types, and only the list is sent back.
    """
    district = _home_district(current_strategy())
    query = request.GET.get("q", "").strip()[:100]
    wards = Area.objects.wards().order_by("name")
    if district is not None:
        wards = wards.filter(parent=district)
    matching = wards.filter(name__icontains=query) if query else wards
    context = {
        "district": district,
        "query": query,
        "wards": list(matching.only(*AREA_LIST_FIELDS)),
        "section": "areas",
    }
    # htmx restoring a page from history (cache miss) needs the whole page, not the list.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "core/includes/ward_results.html", context)
    else:
        context["map_wards"] = list(wards.only(*AREA_MAP_FIELDS))
        context["ward_count"] = len(context["map_wards"])
        response = render(request, "core/area_index.html", context)
    # One URL, two bodies: caches must not hand the fragment to a full page load.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_not_required
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A place: its facts, a map among its neighbours, what lies inside it, who works there."""
    area = get_object_or_404(
        Area.objects.select_related("parent", "parent__parent", "statistical_parent"), code=code
    )
    children = area.children.order_by("level", "name").only(*AREA_LIST_FIELDS)
    if area.parent_id:
        neighbours = Area.objects.filter(parent_id=area.parent_id, level=area.level)
        map_areas = list(neighbours.exclude(pk=area.pk).only(*AREA_MAP_FIELDS))
    else:
        map_areas = []
    child_map = (
        list(children.filter(level=AreaLevel.WARD).only(*AREA_MAP_FIELDS))
        if area.level == AreaLevel.DISTRICT
        else []
    )
    return render(
        request,
        "core/area_detail.html",
        {
            "area": area,
            "ancestors": list(reversed(area.ancestors())),
            "children": list(children),
            "map_areas": map_areas,
            "child_map": child_map,
            "organisations": list(area.organisations.order_by("name").only("slug", "name")),
            "figures": list(_figures(BaselineFigure.objects.filter(area=area))),
            "section": "areas",
        },
    )


@login_not_required
def organisation_index(request: HttpRequest) -> HttpResponse:
    """The partners in the programme, then other organisations we hold data from."""
    organisations = list(Organisation.objects.order_by("-is_partner", "name"))
    return render(
        request,
        "core/organisation_index.html",
        {
            "partners": [o for o in organisations if o.is_partner],
            "others": [o for o in organisations if not o.is_partner],
            "section": "organisations",
        },
    )


@login_not_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation: what it is, whether it is a partner, and where it works."""
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("name").only(*AREA_LIST_FIELDS))
        ),
        slug=slug,
    )
    return render(
        request,
        "core/organisation_detail.html",
        {"organisation": organisation, "section": "organisations"},
    )

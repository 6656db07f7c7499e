"""Template helpers for the public pages: content language, numbers, maps.

Maps are drawn on the server as inline SVG from the GeoJSON boundaries we store, so a page
needs no tile server, no JavaScript and no network, and every map carries a text
alternative a screen reader can use.
"""

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import count

from django import template
from django.conf import settings
from django.utils import formats, numberformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext

from commonground.core import geometry

register = template.Library()

# Strategy content is written in the district's own language (English for Bradford);
# only the interface is translated.
CONTENT_LANGUAGE = settings.LANGUAGE_CODE

_map_ids = count(1)


# -- languages --------------------------------------------------------------------------


@register.simple_tag
def content_lang(kind: str = "block") -> SafeString:
    """Attributes for strategy content when the interface is in another language.

    Screen readers then read English text with an English voice on an Urdu page. A
    "block" (a paragraph, a list of sentences) also runs left to right, so its full stops
    stay at its end; an "inline" name or heading only needs `lang`, and keeps the page's
    direction so it lines up with the headings around it.
    """
    if content_is_translated():
        return mark_safe("")
    if kind == "inline":
        return format_html('lang="{}"', CONTENT_LANGUAGE)
    return format_html('lang="{}" dir="ltr"', CONTENT_LANGUAGE)


@register.simple_tag
def content_is_translated() -> bool:
    """False when the interface language differs from the language content is written in."""
    return (get_language() or CONTENT_LANGUAGE).split("-")[0] == CONTENT_LANGUAGE


# -- text -------------------------------------------------------------------------------


@register.filter(needs_autoescape=False)
def prose(text: str | None) -> SafeString:
    """Long strategy text as GOV.UK paragraphs: one paragraph a line, "- " lines a list.

    That is how the strategy format stores paragraphs (docs/strategy-format.md); Django's
    `linebreaks` would run them together with <br>s.
    """
    html: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            html.append(
                format_html(
                    '<ul class="govuk-list govuk-list--bullet">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((item,) for item in items)),
                )
            )
            items.clear()

    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            items.append(line[2:].strip())
            continue
        close_list()
        html.append(format_html('<p class="govuk-body">{}</p>', line))
    close_list()
    return mark_safe("".join(html))


# -- numbers ----------------------------------------------------------------------------


@register.filter
def number(value: object, decimal_places: int | None = None) -> str:
    """A number with the active language's separators: 12,345.6 in English, 12 345,6 in Polish.

    Grouping is forced (USE_THOUSAND_SEPARATOR is off for forms) because on a page a
    population of 546403 is hard to read.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if not isinstance(value, int | float | Decimal):
        return str(value)
    if decimal_places is None and isinstance(value, float | Decimal):
        if value == int(value):
            decimal_places = 0
        elif isinstance(value, Decimal):
            # Decimal("62.6000") from a DecimalField reads "62.6", not "62.6000".
            decimal_places = max(0, -value.normalize().as_tuple().exponent)
    # Languages without a formats module (Urdu) have NUMBER_GROUPING 0; group in threes.
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimal_places,
        grouping=formats.get_format("NUMBER_GROUPING") or 3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


# -- maps -------------------------------------------------------------------------------


def _direction(centre: tuple[float, float], projection: geometry.Projection) -> str:
    """Where a point lies within the map's extent, as a translated compass phrase."""
    fx = (centre[0] - projection.min_lon) / max(projection.max_lon - projection.min_lon, 1e-9)
    fy = (centre[1] - projection.min_lat) / max(projection.max_lat - projection.min_lat, 1e-9)
    ns = "north" if fy > 2 / 3 else "south" if fy < 1 / 3 else ""
    ew = "east" if fx > 2 / 3 else "west" if fx < 1 / 3 else ""
    names = {
        "north": pgettext("compass", "north"),
        "south": pgettext("compass", "south"),
        "east": pgettext("compass", "east"),
        "west": pgettext("compass", "west"),
        "northeast": pgettext("compass", "north-east"),
        "northwest": pgettext("compass", "north-west"),
        "southeast": pgettext("compass", "south-east"),
        "southwest": pgettext("compass", "south-west"),
        "": pgettext("compass", "centre"),
    }
    return names[ns + ew]


def _svg(projection: geometry.Projection, title: str, body: SafeString, map_id: str) -> SafeString:
    return format_html(
        '<svg class="cg-map__svg" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" viewBox="0 0 {w} {h}" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false" '
        'preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title>{body}</svg>',
        id=map_id,
        w=f"{projection.width:.0f}",
        h=f"{projection.height:.0f}",
        title=title,
        body=body,
    )


@register.simple_tag
def area_map(area, context_areas: Iterable = (), width: int = 600) -> SafeString:
    """A figure with `area`'s boundary, its neighbours (`context_areas`) drawn faintly around.

    The caption is the text alternative: size, extent and where the area lies among its
    neighbours, so the picture adds nothing a screen-reader user misses.
    """
    if not getattr(area, "boundary", None):
        return mark_safe("")
    others = [a for a in context_areas if a.boundary and a.pk != area.pk]
    rings = geometry.rings(area.boundary) + [
        r for other in others for r in geometry.rings(other.boundary)
    ]
    if not rings:
        return mark_safe("")
    projection = geometry.Projection(rings, width=width, pad=8)
    map_id = f"cg-map-{next(_map_ids)}"
    context_paths = format_html_join(
        "",
        '<path class="cg-map__context" d="{}"/>',
        ((projection.path(other.boundary),) for other in others),
    )
    body = format_html(
        '{}<path class="cg-map__area" d="{}" fill-rule="evenodd"/>',
        context_paths,
        projection.path(area.boundary),
    )
    title = gettext("Map of %(name)s") % {"name": area.name}
    own = geometry.Projection(geometry.rings(area.boundary), width=width, pad=0)
    sentences = [
        gettext(
            "%(name)s covers about %(area)s square kilometres, about %(x)s km from west to "
            "east and %(y)s km from north to south."
        )
        % {
            "name": area.name,
            "area": number(round(geometry.area_km2(area.boundary), 1), 1),
            "x": number(round(own.km_x, 1), 1),
            "y": number(round(own.km_y, 1), 1),
        }
    ]
    parent = getattr(area, "parent", None)
    centre = geometry.centre(area.boundary)
    if others and centre and parent is not None:
        sentences.append(
            gettext("It lies in the %(direction)s of %(parent)s, shown in outline.")
            % {"direction": _direction(centre, projection), "parent": parent.name}
        )
    return format_html(
        '<figure class="cg-map">{}<figcaption class="cg-map__caption govuk-body-s" '
        'id="{}-desc">{}</figcaption></figure>',
        _svg(projection, title, body, map_id),
        map_id,
        " ".join(sentences),
    )


@register.simple_tag
def areas_map(areas: Iterable, title: str, description: str = "", width: int = 600) -> SafeString:
    """A figure with several areas side by side (a district's wards), each outlined."""
    areas = [a for a in areas if getattr(a, "boundary", None)]
    rings = [r for a in areas for r in geometry.rings(a.boundary)]
    if not rings:
        return mark_safe("")
    projection = geometry.Projection(rings, width=width, pad=8)
    map_id = f"cg-map-{next(_map_ids)}"
    body = format_html_join(
        "",
        '<path class="cg-map__area" d="{}" fill-rule="evenodd"/>',
        ((projection.path(a.boundary),) for a in areas),
    )
    return format_html(
        '<figure class="cg-map">{}<figcaption class="cg-map__caption govuk-body-s" '
        'id="{}-desc">{}</figcaption></figure>',
        _svg(projection, title, body, map_id),
        map_id,
        description,
    )


# -- figures ----------------------------------------------------------------------------


@register.simple_tag
def figure_value(figure) -> SafeString:
    """A baseline figure's value in the active language: "12 345" in Polish, "about 24,000".

    The model's `display_value` is English-formatted and uses "~" and "+" for "about"
    and "over"; pages spell those out (a screen reader reads "~" as "tilde") and
    translate them. A figure stated only in words keeps the strategy's words and language.
    """
    if figure.display_text:
        return format_html("<span {}>{}</span>", content_lang(), figure.display_text)
    if figure.value is None:
        return mark_safe("–")
    value = number(figure.value)
    unit = figure.unit
    if unit == "percent":
        text = pgettext("figure", "%(value)s%%") % {"value": value}
    elif unit == "currency":
        text = pgettext("figure", "£%(value)s") % {"value": value}
    elif unit == "rate_per_1000":
        text = pgettext("figure", "%(value)s per 1,000") % {"value": value}
    elif unit == "years":
        text = pgettext("figure", "%(value)s years") % {"value": value}
    else:
        text = value
    qualifiers = {
        "approximately": pgettext("figure", "about %(value)s"),
        "nearly": pgettext("figure", "nearly %(value)s"),
        "over": pgettext("figure", "over %(value)s"),
    }
    if figure.qualifier in qualifiers:
        text = qualifiers[figure.qualifier] % {"value": text}
    return format_html("{}", text)


# -- strategy texts and data in other languages -------------------------------------------


def _marked_english(value: object) -> SafeString:
    if not value or content_is_translated():
        return format_html("{}", value if value is not None else "")
    return format_html('<span lang="{}" dir="ltr">{}</span>', CONTENT_LANGUAGE, value)


@register.simple_tag
def translated(obj: object, field: str) -> SafeString:
    """A strategy row's short text (`name`, `title`…) in the active language.

    The strategy file may give pillar, priority and challenge names, objectives and titles
    in other languages (`translations`, docs/strategy-format.md). What it does not translate
    is shown in the strategy's language, marked `lang="en" dir="ltr"`, so a screen reader
    reads it with an English voice and its punctuation stays in place on an Urdu page.
    """
    translation = getattr(obj, "translation", None)
    text = translation(field) if callable(translation) else None
    if text is not None:
        return format_html("{}", text)
    return _marked_english(getattr(obj, field, ""))


@register.filter
def translated_text(obj: object, field: str) -> str:
    """Like `translated`, as plain text: for `<title>`, attributes and `blocktranslate`."""
    translation = getattr(obj, "translation", None)
    text = translation(field) if callable(translation) else None
    return text if text is not None else str(getattr(obj, field, "") or "")


@register.filter
def en(value: object) -> SafeString:
    """Data that stays in English (a name, a code, a figure with its unit) on any page.

    On Urdu and Polish pages it is wrapped in `<span lang="en" dir="ltr">`, so it is read in
    English and, on an Urdu page, runs left to right without flipping its punctuation.
    """
    return _marked_english(value)


@register.filter
def isolate(value: object) -> SafeString:
    """Text people typed, in whatever language: `<bdi>`, so its direction is its own.

    A name in Latin letters inside an Urdu sentence (or the other way round) would otherwise
    take the sentence's direction and move its full stops and brackets.
    """
    if value is None or value == "":
        return mark_safe("")
    return format_html("<bdi>{}</bdi>", value)


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


@register.filter
def period(code: object) -> str:
    """A measures period code ("2021-Q4", "2019/20", "2021-04") in the reader's language.

    English pages keep the code, as uploads write it; Urdu and Polish pages get words
    ("4 kw. 2021"), so no English abbreviation is left on them. Years and codes we do not
    know are shown as they are.
    """
    text = str(code or "")
    if content_is_translated():
        return text
    if m := _QUARTER.match(text):
        return pgettext("period", "Q%(quarter)s %(year)s") % {"quarter": m[2], "year": m[1]}
    if m := _FINANCIAL_YEAR.match(text):
        return pgettext("period", "%(start)s/%(end)s financial year") % {
            "start": m[1],
            "end": m[2],
        }
    try:
        if m := _MONTH.match(text):
            return formats.date_format(date(int(m[1]), int(m[2]), 1), "F Y")
        if m := _DAY.match(text):
            return formats.date_format(date(int(m[1]), int(m[2]), int(m[3])), "j E Y")
    except ValueError:
        return text
    return text

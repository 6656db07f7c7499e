"""Choices several apps offer, named once so that a label (and its Urdu and Polish) is written
in one place: the languages residents speak, and the days of the week."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

LANGUAGE_NAMES = {
    "en": _("English"),
    "ur": _("Urdu"),
    "pl": _("Polish"),
    "pa": _("Punjabi"),
    "bn": _("Bengali"),
    "ro": _("Romanian"),
    "sk": _("Slovak"),
    "ar": _("Arabic"),
    "ku": _("Kurdish"),
}
"""Languages spoken in the District, by ISO 639-1 code."""

DAY_NAMES = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
"""The days of the week in Python's ``weekday()`` order (Monday is 0)."""


def language_choices(codes: Iterable[str], *, blank: str | None = None) -> list[tuple[str, str]]:
    """Choices for the languages ``codes``, in that order; ``blank`` first (value "") if given,
    for a filter such as "Any language"."""
    head = [("", blank)] if blank is not None else []
    return [*head, *((code, LANGUAGE_NAMES[code]) for code in codes)]


def day_choices(codes: Iterable[str], *, blank: str | None = None) -> list[tuple[str, str]]:
    """Choices for the seven days, Monday first, with the app's own seven ``codes``; ``blank``
    first (value "") if given."""
    head = [("", blank)] if blank is not None else []
    return [*head, *zip(codes, DAY_NAMES, strict=True)]

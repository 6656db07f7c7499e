"""The rating scales and stage strategies the pages show: the council's edited rows over the
package's shipped data (:mod:`commonground.readinessmodel.catalogue`), so nothing needs
seeding and an edit of one stage leaves the others as shipped."""

from __future__ import annotations

from dataclasses import dataclass

from commonground.readinessmodel import catalogue as shipped

from .models import ScaleAnchor, StageStrategy


@dataclass(frozen=True)
class StageAdvice:
    stage: int
    goal: str
    strategies: tuple[str, ...]
    edited: bool
    language: str = "en"
    """The language the words are in (English where a translation falls back)."""

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ur" else "ltr"


def strategies(language: str = "en") -> dict[int, StageAdvice]:
    """Stage → goal and strategies in a language: the council's wording in that language
    where it has one, else the shipped translation, else the shipped English."""
    language = scale_language(language, "en")
    english = shipped.strategies("en")
    out = {
        k: StageAdvice(
            k,
            v.goal,
            v.strategies,
            False,
            "en"
            if (v.goal, v.strategies) == (english[k].goal, english[k].strategies)
            else language,
        )
        for k, v in shipped.strategies(language).items()
    }
    for row in StageStrategy.objects.filter(language=language):
        out[row.stage] = StageAdvice(row.stage, row.goal, tuple(row.lines), True, language)
    return out


LANGUAGES = shipped.LANGUAGES


def scale_language(requested: str | None, fallback: str) -> str:
    """The language to show the scales in: the one asked for (``?scales=ur``) if the scales
    exist in it, else the page's language, else English."""
    for code in (requested, fallback):
        code = (code or "").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def anchors(language: str = "en") -> dict[str, dict[int, str]]:
    """Dimension → score → anchor text in a language, the council's wording where it has
    one in that language (the shipped translation, then English, where it has not)."""
    out = {k: dict(v.anchors) for k, v in shipped.scales(language).items()}
    for row in ScaleAnchor.objects.filter(language=language):
        out[row.dimension][row.score] = row.text
    return out


def questions(language: str = "en") -> dict[str, str]:
    """Dimension → the question its scale answers, in a language."""
    return {k: v.question for k, v in shipped.scales(language).items()}


def names(language: str = "en") -> dict[str, str]:
    """Dimension → its name in a language (for scales shown in a language other than the
    page's)."""
    return {k: v.name for k, v in shipped.scales(language).items()}


def edited_anchors(language: str) -> set[tuple[str, int]]:
    """(dimension, score) pairs the council has reworded in a language."""
    return set(ScaleAnchor.objects.filter(language=language).values_list("dimension", "score"))

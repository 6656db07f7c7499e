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


def strategies() -> dict[int, StageAdvice]:
    """Stage → goal and strategies, the council's wording where it has one."""
    out = {k: StageAdvice(k, v.goal, v.strategies, False) for k, v in shipped.strategies().items()}
    for row in StageStrategy.objects.all():
        out[row.stage] = StageAdvice(row.stage, row.goal, tuple(row.lines), True)
    return out


def anchors() -> dict[str, dict[int, str]]:
    """Dimension → score → anchor text, the council's wording where it has one."""
    out = {k: dict(v.anchors) for k, v in shipped.scales().items()}
    for row in ScaleAnchor.objects.all():
        out[row.dimension][row.score] = row.text
    return out


def questions() -> dict[str, str]:
    """Dimension → the question its scale answers."""
    return {k: v.question for k, v in shipped.scales().items()}

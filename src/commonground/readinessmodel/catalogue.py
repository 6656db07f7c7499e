"""The model's anchored rating scales and stage strategies, as data shipped with the package.

The files in ``data/`` are a starting point: the Django app copies them into the database,
where the council edits its own version. Reading is strict, so a damaged file fails loudly
at load, not half-way through a scoring screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from .model import DIMENSIONS, STAGE_NAMES

__all__ = ["Scale", "StageStrategies", "scales", "strategies"]


@dataclass(frozen=True)
class Scale:
    """One dimension's anchored rating scale: anchor text for each score 1–9."""

    dimension: str
    name: str
    question: str
    anchors: dict[int, str]


@dataclass(frozen=True)
class StageStrategies:
    """What fits a stage: its goal and example strategies."""

    stage: int
    goal: str
    strategies: tuple[str, ...]


def _load(name: str) -> dict:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    data = json.loads(text)
    data.pop("_about", None)
    return data


def scales() -> dict[str, Scale]:
    """The six anchored rating scales, A–F, each with all nine anchors."""
    data = _load("scales.json")
    if sorted(data) != sorted(DIMENSIONS):
        raise ValueError(
            f"scales.json must describe exactly the dimensions {', '.join(DIMENSIONS)}"
        )
    out = {}
    for letter in DIMENSIONS:
        entry = data[letter]
        anchors = {int(k): str(v) for k, v in entry["anchors"].items()}
        if sorted(anchors) != list(STAGE_NAMES):
            raise ValueError(f"scales.json: dimension {letter} needs anchors 1–9")
        out[letter] = Scale(letter, entry["name"], entry["question"], anchors)
    return out


def strategies() -> dict[int, StageStrategies]:
    """The goal and strategies of each of the nine stages."""
    data = _load("strategies.json")
    out = {
        int(k): StageStrategies(int(k), v["goal"], tuple(v["strategies"])) for k, v in data.items()
    }
    if sorted(out) != list(STAGE_NAMES):
        raise ValueError("strategies.json must describe stages 1–9")
    return out

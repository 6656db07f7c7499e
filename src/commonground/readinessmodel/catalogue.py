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

__all__ = ["LANGUAGES", "Scale", "StageStrategies", "guide", "guide_text", "scales", "strategies"]

LANGUAGES = ("en", "ur", "pl")
"""The languages the scales and the interview guide ship in (English is the reference)."""


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


def _language(language: str) -> str:
    code = (language or "en").split("-")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(f"no scales in {language!r}: one of {', '.join(LANGUAGES)}")
    return code


def scales(language: str = "en") -> dict[str, Scale]:
    """The six anchored rating scales, A–F, each with all nine anchors, in a language
    (``scales.<language>.json`` over the English: an entry not translated stays English)."""
    data = _load("scales.json")
    if sorted(data) != sorted(DIMENSIONS):
        raise ValueError(
            f"scales.json must describe exactly the dimensions {', '.join(DIMENSIONS)}"
        )
    language = _language(language)
    translated = _load(f"scales.{language}.json") if language != "en" else {}
    unknown = set(translated) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"scales.{language}.json: unknown dimension {sorted(unknown)[0]!r}")
    out = {}
    for letter in DIMENSIONS:
        entry = data[letter]
        anchors = {int(k): str(v) for k, v in entry["anchors"].items()}
        if sorted(anchors) != list(STAGE_NAMES):
            raise ValueError(f"scales.json: dimension {letter} needs anchors 1–9")
        local = translated.get(letter, {})
        local_anchors = {int(k): str(v) for k, v in local.get("anchors", {}).items()}
        if set(local_anchors) - set(STAGE_NAMES):
            raise ValueError(
                f"scales.{language}.json: dimension {letter} has an anchor outside 1–9"
            )
        out[letter] = Scale(
            letter,
            local.get("name", entry["name"]),
            local.get("question", entry["question"]),
            anchors | local_anchors,
        )
    return out


def guide(language: str = "en") -> list[tuple[str, str]]:
    """The standard interview questions as (dimension, question), in a language (English
    where a question has no translation)."""
    language = _language(language)
    out = []
    for entry in _load("guide.json")["questions"]:
        if entry["dimension"] not in DIMENSIONS:
            raise ValueError(f"guide.json: unknown dimension {entry['dimension']!r}")
        out.append((entry["dimension"], entry.get(language) or entry["en"]))
    return out


def guide_text(language: str = "en") -> str:
    """The standard questions as a numbered list, one a line, ready to adapt."""
    return "\n".join(f"{n}. {q}" for n, (_d, q) in enumerate(guide(language), start=1))


def strategies(language: str = "en") -> dict[int, StageStrategies]:
    """The goal and strategies of each of the nine stages, in a language
    (``strategies.<language>.json`` over the English: a stage, goal or strategy list not
    translated stays English, so a half-finished translation never leaves a gap)."""
    data = _load("strategies.json")
    out = {
        int(k): StageStrategies(int(k), v["goal"], tuple(v["strategies"])) for k, v in data.items()
    }
    if sorted(out) != list(STAGE_NAMES):
        raise ValueError("strategies.json must describe stages 1–9")
    language = _language(language)
    if language == "en":
        return out
    name = f"strategies.{language}.json"
    for key, entry in _load(name).items():
        if not key.isdigit() or int(key) not in out:
            raise ValueError(f"{name}: unknown stage {key!r} (one of 1–9)")
        stage = int(key)
        local = entry.get("strategies", out[stage].strategies)
        if not isinstance(local, list | tuple) or not all(isinstance(s, str) for s in local):
            raise ValueError(f"{name}: stage {stage}'s strategies must be a list of text")
        out[stage] = StageStrategies(stage, str(entry.get("goal", out[stage].goal)), tuple(local))
    return out

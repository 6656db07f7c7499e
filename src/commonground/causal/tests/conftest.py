"""Shared panels for the causal tests.

``data/smoking.csv`` is the Proposition 99 panel of Abadie, Diamond and Hainmueller (2010):
annual cigarette sales per head (packs) in California and the 38 control states, 1970–2000, as
distributed with R's ``Synth``/``tidysynth`` packages (only ``state``, ``year``, ``cigsale``,
rounded to the one decimal the source has).  The Python ``causaldata`` package the project
pins does not ship it, so the columns the tests need are kept here.

``data/smoking_covariates.csv`` holds the four covariates of the published analysis (log
income per head, beer per head, the share aged 15–24, the retail price) for 1980–1988 only,
the window the published table averages them over (beer exists from 1984), from the same
distribution; the tests check their means against the published balance table.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

SMOKING = Path(__file__).parent / "data" / "smoking.csv"
SMOKING_COVARIATES = Path(__file__).parent / "data" / "smoking_covariates.csv"
COVARIATES = ("lnincome", "beer", "age15to24", "retprice")


def write_rows(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def smoking_csv(tmp_path: Path) -> Path:
    """Proposition 99 with a ``treated`` column (California)."""
    with SMOKING.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return write_rows(
        tmp_path / "smoking.csv",
        ["state", "year", "cigsale", "treated"],
        [[r["state"], r["year"], r["cigsale"], int(r["state"] == "California")] for r in rows],
    )


@pytest.fixture
def smoking_covariates_csv(tmp_path: Path) -> Path:
    """Proposition 99 with ``treated`` and the covariates, blank outside 1980–1988."""
    return write_smoking_covariates(tmp_path / "smoking_covariates.csv")


def write_smoking_covariates(path: Path) -> Path:
    """Write Proposition 99 with ``treated`` and the covariates (blank outside 1980–1988)."""
    with SMOKING.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with SMOKING_COVARIATES.open(encoding="utf-8") as handle:
        extra = {(r["state"], r["year"]): r for r in csv.DictReader(handle)}
    out = []
    for r in rows:
        found = extra.get((r["state"], r["year"]), {})
        out.append(
            [r["state"], r["year"], r["cigsale"], int(r["state"] == "California")]
            + [found.get(c, "") for c in COVARIATES]
        )
    return write_rows(path, ["state", "year", "cigsale", "treated", *COVARIATES], out)


def simulated_rows(
    *,
    units: int = 24,
    periods: int = 12,
    start: int = 8,
    effect: float = 2.0,
    seed: int = 1,
    drop: int = 0,
    trend: float = 0.0,
) -> list[list[object]]:
    """A panel with unit and period effects, a third of units treated from ``start``;
    ``drop`` random cells removed (unbalanced); ``trend``: a treated-only pre-trend."""
    rng = np.random.default_rng(seed)
    unit_effect = rng.normal(0, 3, units)
    period_effect = rng.normal(0, 1, periods)
    rows = []
    for i in range(units):
        treated = i % 3 == 0
        for t in range(periods):
            y = 50 + unit_effect[i] + period_effect[t] + rng.normal(0, 1.5)
            if treated:
                y += trend * (t - start) + (effect if t >= start else 0.0)
            rows.append([f"U{i:02d}", 2010 + t, round(float(y), 6), int(treated)])
    if drop:
        keep = np.ones(len(rows), bool)
        keep[rng.choice(len(rows), drop, replace=False)] = False
        rows = [r for r, k in zip(rows, keep, strict=True) if k]
    return rows


@pytest.fixture
def simulated_csv(tmp_path: Path) -> Path:
    return write_rows(tmp_path / "panel.csv", ["ward", "year", "y", "d"], simulated_rows())

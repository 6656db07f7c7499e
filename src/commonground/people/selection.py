"""From a pool in the database to the sortition engine and back (no state changes here).

:func:`instance_for` builds the engine's :class:`~commonground.sortition.Instance` from a pool's
consenting respondents and its quotas; :func:`feasibility` says at once whether the quotas can
be met and, if not, the smallest change; :func:`compute` runs a selection (the task calls it
through :func:`commonground.people.actions.run_selection`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from commonground.sortition import (
    Infeasible,
    Instance,
    Quota,
    check_feasible,
    find_distribution,
    gini,
)
from commonground.sortition.lottery import draw_panel

from . import characteristics as chars
from .models import Pool, Respondent


def household_key(address: str, postcode: str) -> str:
    """A one-way key for "same household": the normalised address and postcode, hashed."""
    text = " ".join((address + " " + postcode).lower().replace(",", " ").split())
    return hashlib.sha256(text.encode()).hexdigest()[:32] if text else ""


def eligible(pool: Pool):
    return Respondent.objects.filter(pool=pool, consent=True, withdrawn=False).order_by("pk")


def instance_for(
    pool: Pool, size: int | None = None, respondents=None
) -> tuple[Instance, list[Respondent]]:
    """The engine's instance for ``pool`` and the respondents in its order."""
    people = list(respondents if respondents is not None else eligible(pool))
    features = list(pool.characteristics) or sorted({q.feature for q in pool.quotas.all()})
    values = {f: chars.values(f) for f in features}
    index = {f: {v: k for k, v in enumerate(values[f])} for f in features}
    prefer = {f: index[f][chars.PREFER_NOT] for f in features}
    codes = np.array(
        [
            [index[f].get(p.characteristics.get(f, chars.PREFER_NOT), prefer[f]) for f in features]
            for p in people
        ],
        dtype=np.int64,
    ).reshape(len(people), len(features))
    size = pool.panel_size if size is None else size
    rows = {(q.feature, q.value): q for q in pool.quotas.all()}
    quotas = []
    for f in features:
        for v in values[f]:
            q = rows.get((f, v))
            quotas.append(Quota(f, v, q.minimum, q.maximum) if q else Quota(f, v, 0, size))
    households = [p.household_key or None for p in people] if pool.one_per_household else None
    return (
        Instance(
            ids=[p.reference for p in people],
            features=features,
            values=values,
            codes=codes,
            quotas=quotas,
            size=size,
            households=households,
        ),
        people,
    )


@dataclass
class Feasibility:
    ok: bool
    message: str
    changes: list[dict]


def feasibility(pool: Pool) -> Feasibility:
    """Whether a panel can meet the quotas now, and the smallest change when it cannot."""
    instance, people = instance_for(pool)
    if not people:
        return Feasibility(False, "", [])
    try:
        check_feasible(instance)
    except Infeasible as error:
        return Feasibility(False, str(error), [c.as_dict() for c in error.relaxations])
    return Feasibility(True, "", [])


def counts(pool: Pool) -> dict[str, Counter]:
    """How many eligible respondents give each value, per characteristic."""
    result: dict[str, Counter] = {f: Counter() for f in pool.characteristics}
    for chosen in eligible(pool).values_list("characteristics", flat=True):
        for f in pool.characteristics:
            result[f][chosen.get(f, chars.PREFER_NOT)] += 1
    return result


def propose_quotas(pool: Pool, tolerance: float = 0.2) -> list[dict]:
    """Targets from census shares where the census has them, else the pool's own shares.

    Each value gets its share of the panel, minus and plus ``tolerance`` of it (floor, ceiling);
    "prefer not to say" gets no minimum.
    """
    from .census import proportions

    size = pool.panel_size
    tally = counts(pool)
    proposals = []
    for feature in pool.characteristics:
        shares = proportions(feature)
        source = "census"
        if not shares:
            answered = {v: n for v, n in tally[feature].items() if v != chars.PREFER_NOT}
            total = sum(answered.values())
            shares = {v: n / total for v, n in answered.items()} if total else {}
            source = "pool"
        for value in chars.values(feature):
            share = shares.get(value, 0.0)
            target = share * size
            proposals.append(
                {
                    "feature": feature,
                    "value": value,
                    "share": share,
                    "source": source,
                    "minimum": 0
                    if value == chars.PREFER_NOT
                    else int(np.floor(target * (1 - tolerance))),
                    "maximum": size
                    if value == chars.PREFER_NOT
                    else int(np.ceil(target * (1 + tolerance))),
                }
            )
    return proposals


LEGACY_SIMULATIONS = 300
"""Draws of the legacy method behind its published figures (its minimum is within about a
percentage point at this many; the comparison should not hold up the selection)."""


@dataclass
class Outcome:
    panel: list[str]
    probabilities: dict[str, float]
    min_probability: float
    gini: float
    legacy_min_probability: float | None
    legacy_gini: float | None
    quotas: list[dict]


def compute(
    pool: Pool, algorithm: str, seed: int, progress: Callable[[str, int], None] | None = None
) -> Outcome:
    """Compute the distribution, draw with ``seed``, and the legacy method's figures beside."""
    instance, _people = instance_for(pool)
    say = (
        (lambda text, percent: progress(text, percent))
        if progress
        else (lambda text, percent: None)
    )
    say("checking the quotas", 5)
    distribution = find_distribution(instance, algorithm, progress=lambda text: say(text, 50))
    panel = draw_panel(distribution, seed)
    probs = distribution.probabilities
    legacy_min = legacy_gini = None
    if algorithm != "legacy":
        say("the legacy method, for comparison", 80)
        try:
            from commonground.sortition.legacy import legacy_distribution

            legacy = legacy_distribution(instance, simulations=LEGACY_SIMULATIONS)
            legacy_min, legacy_gini = legacy.min_probability, gini(legacy.probabilities)
        except Exception:
            legacy_min = legacy_gini = None
    return Outcome(
        panel=[instance.ids[i] for i in panel],
        probabilities={pid: float(p) for pid, p in zip(instance.ids, probs, strict=True)},
        min_probability=float(probs.min()),
        gini=gini(probs),
        legacy_min_probability=legacy_min,
        legacy_gini=legacy_gini,
        quotas=[
            {"feature": q.feature, "value": q.value, "min": q.min, "max": q.max}
            for q in instance.quotas
        ],
    )

"""The legacy greedy lottery, for comparison with the fair distributions.

As the Sortition Foundation's original method (``sortition-algorithms``' ``legacy``): at each
step take the quota value most urgently needed — the highest (minimum still needed) / (people
left with that value), the first such in file order — and seat a random person with it; remove
everyone whose seating would break a maximum (and housemates); retry from scratch when stuck.
Its selection probabilities are not computed by the method itself, so they are estimated here by
repeating it (with a fixed seed, so the estimate is reproducible).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .instance import Instance

SIMULATIONS = 1000
ATTEMPTS = 100


class LegacyFailed(RuntimeError):
    """The greedy lottery got stuck on every attempt."""


def _membership(instance: Instance) -> np.ndarray:
    return instance.incidence[:, instance.type_of].T.astype(bool)


def _attempt(instance: Instance, member: np.ndarray, rng: np.random.Generator) -> list[int] | None:
    lower, upper = instance.lower, instance.upper
    available = ~member[:, upper <= 0].any(axis=1)
    remaining = member[available].sum(axis=0).astype(float)
    selected = np.zeros(len(lower))
    panel: list[int] = []
    house: dict[str, list[int]] = {}
    if instance.households is not None:
        for i, key in enumerate(instance.households):
            if key:
                house.setdefault(key, []).append(i)

    def remove(people: np.ndarray) -> None:
        nonlocal remaining
        people = people[available[people]]
        if len(people):
            available[people] = False
            remaining -= member[people].sum(axis=0)

    for step in range(instance.size):
        needed = np.maximum(lower - selected, 0)
        if np.any(needed > remaining):
            return None
        ratio = np.where((remaining > 0) & (upper > 0), needed / np.maximum(remaining, 1), -np.inf)
        q = int(np.argmax(ratio))
        if not np.isfinite(ratio[q]):
            return None
        candidates = np.flatnonzero(available & member[:, q])
        person = int(candidates[rng.integers(len(candidates))])
        panel.append(person)
        remove(np.array([person]))
        if instance.households is not None and instance.households[person]:
            remove(np.array(house[instance.households[person]]))
        selected += member[person]
        full = selected >= upper
        if full.any():
            remove(np.flatnonzero(member[:, full].any(axis=1)))
        if step < instance.size - 1 and not available.any():
            return None
    return panel if instance.meets_quotas(panel) else None


def legacy_panel(
    instance: Instance, rng: np.random.Generator, attempts: int = ATTEMPTS
) -> list[int]:
    """One panel (person indices) by the greedy lottery, retrying up to ``attempts`` times."""
    member = _membership(instance)
    for _ in range(attempts):
        panel = _attempt(instance, member, rng)
        if panel is not None:
            return sorted(panel)
    raise LegacyFailed(f"the legacy lottery failed {attempts} times in a row; use maximin")


def legacy_distribution(
    instance: Instance,
    simulations: int = SIMULATIONS,
    progress: Callable[[str], None] | None = None,
):
    """The legacy method's panels over ``simulations`` runs, as an empirical distribution."""
    from .distributions import Distribution

    rng = np.random.default_rng(0)
    member = _membership(instance)
    tally: dict[bytes, list] = {}
    done = 0
    for run in range(simulations):
        panel = None
        for _ in range(ATTEMPTS):
            panel = _attempt(instance, member, rng)
            if panel is not None:
                break
        if panel is None:
            continue
        y = np.bincount(instance.type_of[panel], minlength=instance.n_types)
        key = y.astype(np.int32).tobytes()
        tally.setdefault(key, [y, 0])[1] += 1
        done += 1
        if progress and run % 200 == 199:
            progress(f"legacy: {run + 1} of {simulations} simulated draws")
    if not done:
        raise LegacyFailed("the legacy lottery never completed a panel; use maximin")
    panels = [entry[0] for entry in tally.values()]
    weights = np.array([entry[1] for entry in tally.values()], dtype=float) / done
    counts = np.column_stack(panels).astype(float) @ weights
    return Distribution(
        instance=instance,
        algorithm="legacy",
        panels=panels,
        weights=weights,
        type_probabilities=counts / instance.counts,
        notes=[f"probabilities estimated from {done} simulated draws of the legacy method"],
    )

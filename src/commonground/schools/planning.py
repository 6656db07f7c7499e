"""Proposals for a linking year: pairs from the engine, each explained in plain words, and what
the officer's changes (pairs fixed by hand) cost in total difference against the optimum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from commonground.schoolmix.linking import plan_links, shares

from . import queries
from .models import GROUP_LABELS

KEYS = list(GROUP_LABELS)


@dataclass(frozen=True)
class Proposal:
    a: object  # School
    b: object
    difference: float
    km: float
    fixed: bool
    explanation: str


@dataclass(frozen=True)
class Plan:
    proposals: list[Proposal]
    total: float
    optimum: float
    schools: int
    candidates: int
    unknown: list[str]

    @property
    def cost(self) -> float:
        """How much total difference the officer's fixed pairs give up (0 if none)."""
        return max(0.0, self.optimum - self.total)


def _explain(p: np.ndarray, q: np.ndarray, km: float) -> str:
    gap = p - q
    top = np.argsort(-np.abs(gap), kind="stable")[:2]
    parts = [
        _("%(group)s %(a)s%% and %(b)s%%")
        % {"group": GROUP_LABELS[KEYS[k]], "a": round(100 * p[k]), "b": round(100 * q[k])}
        for k in top
        if abs(gap[k]) >= 0.005
    ]
    if not parts:
        return _("The two schools have almost the same make-up; %(km).1f km apart.") % {"km": km}
    return _("Largest differences: %(parts)s; %(km).1f km apart.") % {
        "parts": "; ".join(parts),
        "km": km,
    }


def propose(
    year: str,
    phase: str,
    max_km: float,
    *,
    leave_out: list[str] = (),
    avoid: list[tuple[str, str]] = (),
    fix: list[tuple[str, str]] = (),
) -> Plan:
    """The engine's pairs for ``phase`` with the officer's constraints, and their cost."""
    rows = [c for c in queries.censuses(year, phase, district_only=True)]
    table = queries.as_table(rows)
    known = set(table.urns)
    unknown = sorted({u for pair in fix for u in pair} - known)
    fix = [pair for pair in fix if set(pair) <= known]
    plan = plan_links(
        table, max_km=max_km, phases=(phase,), exclude=leave_out, avoid=avoid, fixed=fix
    )
    free = (
        plan_links(table, max_km=max_km, phases=(phase,), exclude=leave_out, avoid=avoid)
        if fix
        else plan
    )
    p = shares(table.groups)
    fixed_rows = {frozenset((table.urns.index(a), table.urns.index(b))) for a, b in fix}
    proposals = [
        Proposal(
            a=rows[link.a].school,
            b=rows[link.b].school,
            difference=link.difference,
            km=link.km,
            fixed=frozenset((link.a, link.b)) in fixed_rows,
            explanation=_explain(p[link.a], p[link.b], link.km),
        )
        for link in sorted(plan.links, key=lambda k: -k.difference)
    ]
    return Plan(
        proposals,
        plan.total_difference,
        free.total_difference,
        plan.schools,
        plan.candidates,
        unknown,
    )

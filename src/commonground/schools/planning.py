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


@dataclass(frozen=True)
class YearPlan:
    """A stored year's proposal: links as (school a, school b, difference, km, forced), the
    total, and the best total without the officer's changes (forced and forbidden pairs)."""

    links: list[tuple[object, object, float, float, bool]]
    total: float
    best: float


def plan_year(linking_year) -> YearPlan:
    """Run the engine on a stored linking year: its participants only, last year's pairs and
    known conflicts always avoided, the officer's forbidden pairs avoided and forced pairs kept.

    The best total is the same run without the officer's changes, so the page can say what
    they cost.
    """
    from .models import OFFICER_CHANGES, RuleKind

    school_ids = list(linking_year.participants.values_list("school_id", flat=True))
    rows = [
        c
        for c in queries.censuses(linking_year.census_year, linking_year.phase)
        if c.school_id in set(school_ids)
    ]
    table = queries.as_table(rows)
    rules = list(linking_year.rules.select_related("school_a", "school_b"))
    fixed_avoid = [(r.school_a.urn, r.school_b.urn) for r in rules if r.kind not in OFFICER_CHANGES]
    forbid = [(r.school_a.urn, r.school_b.urn) for r in rules if r.kind == RuleKind.FORBID]
    force = [(r.school_a.urn, r.school_b.urn) for r in rules if r.kind == RuleKind.FORCE]
    known = set(table.urns)
    force = [pair for pair in force if set(pair) <= known]
    max_km = float(linking_year.max_km)
    plan = plan_links(
        table,
        max_km=max_km,
        phases=(linking_year.phase,),
        avoid=fixed_avoid + forbid,
        fixed=force,
    )
    best = (
        plan_links(table, max_km=max_km, phases=(linking_year.phase,), avoid=fixed_avoid)
        if force or forbid
        else plan
    )
    forced_rows = {frozenset((table.urns.index(a), table.urns.index(b))) for a, b in force}
    links = [
        (
            rows[link.a].school,
            rows[link.b].school,
            link.difference,
            link.km,
            frozenset((link.a, link.b)) in forced_rows,
        )
        for link in sorted(plan.links, key=lambda k: -k.difference)
    ]
    return YearPlan(links, plan.total_difference, best.total_difference)


def explain_pairs(pairs, census_year: str) -> dict[int, str]:
    """Plain words for stored pairs (by pair id), in the reader's language: the two groups whose
    shares differ most between the two schools, and the distance."""
    ids = {s.pk for pair in pairs for s in (pair.school_a, pair.school_b)}
    rows = {c.school_id: c for c in queries.censuses(census_year) if c.school_id in ids}
    out = {}
    for pair in pairs:
        a, b = rows.get(pair.school_a_id), rows.get(pair.school_b_id)
        if a is None or b is None:
            out[pair.pk] = ""
            continue
        p = shares(
            np.array([[a.groups.get(k, 0) for k in KEYS], [b.groups.get(k, 0) for k in KEYS]])
        )
        out[pair.pk] = _explain(p[0], p[1], pair.km)
    return out

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
    """Run the engine on a stored linking year: its participants only, each linked to as many
    different schools as the classes it offers, last year's pairs and known conflicts always
    avoided, the officer's forbidden pairs avoided and forced pairs kept.

    The best total is the same run without the officer's changes, so the page can say what
    they cost.
    """
    from .models import OFFICER_CHANGES, RuleKind

    classes = dict(linking_year.participants.values_list("school_id", "classes"))
    rows = [
        c
        for c in queries.censuses(linking_year.census_year, linking_year.phase)
        if c.school_id in classes
    ]
    capacity = {c.school.urn: max(1, classes[c.school_id]) for c in rows}
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
        capacity=capacity,
    )
    best = (
        plan_links(
            table,
            max_km=max_km,
            phases=(linking_year.phase,),
            avoid=fixed_avoid,
            capacity=capacity,
        )
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


@dataclass(frozen=True)
class RepairPlan:
    """New pairs for a confirmed year after schools declined: ``links`` as (school a, school b,
    difference, km); ``freed`` the schools with a link to fill; ``kept`` the total difference of
    the pairs still standing (kept fixed); ``best`` the best total if every standing pair could
    be re-planned too, so ``cost`` is what keeping them fixed gives up."""

    links: list[tuple[object, object, float, float]]
    freed: list[object]
    kept: float
    best: float

    @property
    def total(self) -> float:
        return self.kept + sum(link[2] for link in self.links)

    @property
    def cost(self) -> float:
        return max(0.0, self.best - self.total)


def plan_repair(linking_year) -> RepairPlan:
    """Re-pair the schools freed when their partners declined, with each other and with schools
    that still have a class without a link, keeping every standing pair (waiting or accepted).

    A school that declined a pair gives up that class's link; its partner gets its link back.
    Declined pairs, pairs already made, last year's pairs, conflicts and forbidden pairs are
    never proposed.
    """
    from .models import Answer, RuleKind

    classes = dict(linking_year.participants.values_list("school_id", "classes"))
    rows = [
        c
        for c in queries.censuses(linking_year.census_year, linking_year.phase)
        if c.school_id in classes
    ]
    table = queries.as_table(rows)
    urn_of = {c.school_id: c.school.urn for c in rows}
    school_of = {c.school_id: c.school for c in rows}
    pairs = list(linking_year.pairs.all())
    left = {pk: max(1, n) for pk, n in classes.items()}
    standing, declined = [], []
    for pair in pairs:
        if pair.status == Answer.DECLINED:
            declined.append(pair)
            for school_id, answer in (
                (pair.school_a_id, pair.answer_a),
                (pair.school_b_id, pair.answer_b),
            ):
                if answer == Answer.DECLINED:
                    left[school_id] -= 1  # the decliner gives up that class's link
        else:
            standing.append(pair)
            left[pair.school_a_id] -= 1
            left[pair.school_b_id] -= 1
    never = [
        (urn_of[r.school_a_id], urn_of[r.school_b_id])
        for r in linking_year.rules.all()
        if r.kind != RuleKind.FORCE and r.school_a_id in urn_of and r.school_b_id in urn_of
    ] + [
        (urn_of[p.school_a_id], urn_of[p.school_b_id])
        for p in declined
        if p.school_a_id in urn_of and p.school_b_id in urn_of
    ]
    made = [
        (urn_of[p.school_a_id], urn_of[p.school_b_id])
        for p in standing
        if p.school_a_id in urn_of and p.school_b_id in urn_of
    ]
    free = {pk: n for pk, n in left.items() if n > 0 and pk in urn_of}
    freed_ids = {
        s
        for p in declined
        for s, partner_answer in (
            (p.school_a_id, p.answer_b),
            (p.school_b_id, p.answer_a),
        )
        if partner_answer == Answer.DECLINED and s in free
    }
    max_km = float(linking_year.max_km)
    phases = (linking_year.phase,)
    links: list[tuple[object, object, float, float]] = []
    if freed_ids:
        plan = plan_links(
            table,
            max_km=max_km,
            phases=phases,
            exclude=[urn_of[pk] for pk in urn_of if pk not in free],
            avoid=never + made,
            capacity={urn_of[pk]: n for pk, n in free.items()},
        )
        links = [
            (rows[k.a].school, rows[k.b].school, k.difference, k.km)
            for k in sorted(plan.links, key=lambda k: -k.difference)
        ]
    capacity = {
        urn_of[pk]: max(1, classes[pk])
        - sum(
            1
            for p in declined
            for s, answer in ((p.school_a_id, p.answer_a), (p.school_b_id, p.answer_b))
            if s == pk and answer == Answer.DECLINED
        )
        for pk in urn_of
    }
    best = plan_links(
        table,
        max_km=max_km,
        phases=phases,
        exclude=[u for u, n in capacity.items() if n < 1],
        avoid=never,
        capacity={u: n for u, n in capacity.items() if n >= 1},
    ).total_difference
    kept = sum(p.difference for p in standing)
    freed = sorted((school_of[pk] for pk in freed_ids), key=lambda s: s.name)
    return RepairPlan(links, freed, kept, best)

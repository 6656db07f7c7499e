"""The bridge between the fund's database rows and the PB engine (``commonground.pb``).

The engine never imports Django; this module turns a round's pot into an engine
:class:`~commonground.pb.Election` (plain lists of projects and ballots), runs the rule and
explains each project's fate in numbers the results page turns into plain words.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from commonground.pb import Election, Outcome, compute, write_pb_string

from .models import Ballot, BallotType, Pot, Proposal, Round
from .models.proposal import ON_BALLOT

COMPARISON_RULE = "greedy"


def pot_projects(round_: Round, pot_key: str) -> list[Proposal]:
    """The projects on the ballot in one pot, in the order they were put there."""
    qs = Proposal.objects.filter(round=round_, status__in=ON_BALLOT)
    qs = (
        qs.filter(pot_area__isnull=True)
        if pot_key == "district"
        else qs.filter(pot_area__code=pot_key)
    )
    return list(qs.order_by("pk"))


def election_meta(round_: Round, pot: Pot) -> dict[str, str]:
    """META for the election: verbatim for imported rounds, built from the round otherwise."""
    if round_.pb_meta:
        return {k: str(v) for k, v in round_.pb_meta.items()}
    meta = {
        "description": f"{round_.title} ({pot.label})",
        "country": "United Kingdom",
        "unit": round_.area.name if round_.area_id else "",
        "instance": round_.slug,
        "currency": round_.currency,
        "rule": "equalshares/add1" if round_.rule == "mes-add1u" else round_.rule,
    }
    if pot.area is not None:
        meta["subunit"] = pot.area.name
    if round_.ballot_type in (BallotType.APPROVAL_K, BallotType.RANKING_K) and round_.max_choices:
        meta["max_length"] = str(round_.max_choices)
    if round_.ballot_type == BallotType.POINTS and round_.points_total:
        meta["max_sum_points"] = str(round_.points_total)
    if round_.ballot_type == BallotType.APPROVAL_BUDGET:
        meta["max_sum_cost"] = _number(pot.budget)
    return meta


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def build_election(round_: Round, pot: Pot) -> Election:
    """The pot's election: its projects and every ballot's choices among them.

    The district-wide pot takes every ballot (even one that chose nothing there), so a round
    imported from a file has exactly the file's voters; an area pot takes the ballots that
    chose at least one of its projects.
    """
    projects = pot_projects(round_, pot.key)
    codes = {p.code for p in projects}
    rows = (
        Ballot.objects.filter(round=round_)
        .order_by("position", "id")
        .values_list("choices", flat=True)
    )
    points = round_.pb_vote_type in ("cumulative", "scoring")
    everyone = pot.area is None and len(round_.pots) == 1
    ballots: list[Any] = []
    for choices in rows.iterator(chunk_size=5000):
        if points:
            ballot = {code: Fraction(str(v)) for code, v in choices.items() if code in codes}
        else:
            ballot = [code for code in choices if code in codes]
        if ballot or everyone:
            ballots.append(ballot)
    return Election.build(
        projects=[
            {"id": p.code, "cost": Fraction(str(p.cost)), "name": p.title, **p.extra}
            for p in projects
        ],
        ballots=ballots,
        budget=Fraction(str(pot.budget)),
        vote_type=round_.pb_vote_type,
        meta=election_meta(round_, pot),
    )


def digest(election: Election) -> str:
    """SHA-256 of the election as a .pb file: what a re-run must reproduce."""
    return hashlib.sha256(write_pb_string(election).encode()).hexdigest()


def _json(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def explain(election: Election, outcome: Outcome, comparison: Outcome) -> list[dict[str, Any]]:
    """Per project: supporters, cost, its supporters' equal share of the budget and the share
    it would use, whether it won and why, and what greedy-by-votes would have done.

    ``reason`` is a key the results page turns into a translated sentence:
    ``won_equal_shares`` (its supporters could pay for it from their equal shares),
    ``won_completion`` (funded from money left after equal shares), ``won_votes`` (greedy:
    enough votes and it fitted), ``lost_share`` (its supporters' shares were too small for its
    cost), ``lost_spent`` (its supporters had spent their shares on projects they backed more),
    ``lost_fit`` (greedy: not enough money left when its turn came).
    """
    m = election.num_projects
    n = max(election.num_voters, 1)
    supporters = np.bincount(election.items, minlength=m) if len(election.items) else np.zeros(m)
    points_total = None
    if election.points is not None:
        points_total = np.bincount(election.items, weights=election.points, minlength=m)
    share_per_voter = election.budget / n
    completed = set(outcome.details.get("completed_by_greedy", []))
    selected = set(outcome.selected)
    greedy = set(comparison.selected)
    is_mes = outcome.rule.startswith("mes")
    rows = []
    for j, project in enumerate(election.projects):
        count = int(supporters[j])
        share = share_per_voter * count
        used = (project.cost / share) if share else None
        if project.id in selected:
            if not is_mes:
                reason = "won_votes"
            elif project.id in completed:
                reason = "won_completion"
            else:
                reason = "won_equal_shares"
        elif not is_mes:
            reason = "lost_fit"
        elif used is None or used > 1:
            reason = "lost_share"
        else:
            reason = "lost_spent"
        row = {
            "code": project.id,
            "name": project.name,
            "cost": _json(project.cost),
            "supporters": count,
            "support_pct": round(100 * count / n, 1),
            "share": round(float(share), 2),
            "share_used_pct": round(100 * float(used), 1) if used is not None else None,
            "selected": project.id in selected,
            "order": outcome.selected.index(project.id) + 1 if project.id in selected else None,
            "reason": reason,
            "greedy_selected": project.id in greedy,
        }
        if points_total is not None:
            row["points"] = float(points_total[j])
        rows.append(row)
    rows.sort(key=lambda r: (not r["selected"], r["order"] or 0, -r["supporters"], r["code"]))
    return rows


def engine_analysis(election: Election, outcome: Outcome) -> dict:
    """The engine's own analysis when it provides one (``commonground.pb.analyse``)."""
    try:
        from commonground.pb import analyse

        result = analyse(election, outcome)
    except (ImportError, NotImplementedError):
        return {}
    return result if isinstance(result, dict) else {}


def run(round_: Round, pot: Pot) -> dict[str, Any]:
    """Compute one pot: everything a :class:`ResultSnapshot` stores."""
    election = build_election(round_, pot)
    outcome = compute(election, round_.rule)
    comparison = compute(election, COMPARISON_RULE)
    return {
        "election": election,
        "outcome": outcome,
        "comparison": comparison,
        "projects": explain(election, outcome, comparison),
        "digest": digest(election),
    }

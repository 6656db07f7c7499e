"""The bridge between the fund's database rows and the PB engine (``commonground.pb``).

The engine never imports Django; this module turns a round's pot into an engine
:class:`~commonground.pb.Election` (plain lists of projects and ballots), runs the rule and
explains each project's fate (the engine's :mod:`commonground.pb.explain`, the only
explanation there is) in numbers the results page turns into plain words.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

from commonground.pb import Election, Outcome, compute, pabulib_rule, write_pb_string
from commonground.pb.explain import explain as pb_explain

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
        "rule": pabulib_rule(round_.rule),
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


def explain(election: Election, outcome: Outcome, comparison: Outcome) -> list[dict[str, Any]]:
    """Per project, the engine's one explanation (:func:`commonground.pb.explain.explain`: the
    phase that paid for each funded project, the reason each other one lost, and the numbers
    behind them), plus whether greedy-by-votes would have funded it, for the results table.

    The results page and ``commonground pb analyse`` read the same entries, so the page can
    never claim what the rule did not do (a project bought from left-over money is not said to
    be paid for by its supporters' shares).
    """
    greedy = set(comparison.selected)
    rows = pb_explain(election, outcome)
    for row in rows:
        row["greedy_selected"] = row["code"] in greedy
    return rows


def engine_analysis(election: Election, outcome: Outcome) -> dict:
    """The engine's analysis (money, voters, groups, EJR-1) without its explanation, which the
    snapshot already holds in ``projects`` (one explanation, stored once)."""
    from commonground.pb.analysis import analyse

    return analyse(election, outcome, explanation=False)


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

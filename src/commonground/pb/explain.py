"""Plain-words explanations of why each project was or was not funded.

For MES rules (as equalshares.net shows them) we replay the final MES run — at the per-voter
budget Add1 settled on — and report, per project:

* funded: the round, what each supporter paid, and its *effective vote count* (the number of
  supporters who would have to pay the full "equal share" to match the actual payments:
  ``cost / payment`` for approval ballots, i.e. ``1/ρ``);
* not funded: how much money its supporters still had when MES stopped, how far that fell short
  of the cost, and the round in which it became unaffordable;
* funded by the greedy completion (``mes-add1u``) or with no supporters at all.

For greedy rules the explanation is the ranking: its place by votes and whether it still fit.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .election import Election, format_number
from .greedy import greedy_order, score_threshold
from .mes import MESEngine
from .outcome import Outcome
from .profile import Profile, build_profile
from .tiebreak import tie_break_ranks


def explain(election: Election, outcome: Outcome, profile: Profile | None = None) -> list[dict]:
    """One entry per project: ``{"project", "selected", "reason", ...numbers}``."""
    profile = profile or build_profile(election)
    ranks = tie_break_ranks(
        profile.ids,
        profile.costs,
        profile.num_supporters.tolist(),
        outcome.tie_break,
        outcome.details.get("seed"),
    )
    if outcome.rule.startswith("mes"):
        return _explain_mes(election, outcome, profile, ranks)
    return _explain_ranking(election, outcome, profile, ranks)


def _money(x: float | Fraction) -> str:
    return f"{float(x):,.0f}" if float(x) >= 100 else f"{float(x):,.2f}"


def _explain_mes(election, outcome, profile, ranks) -> list[dict]:
    b0 = Fraction(outcome.details.get("voter_budget", profile.budget / max(profile.n, 1)))
    run = MESEngine(profile, ranks).run(b0)
    round_of = {j: r for r, j in enumerate(run.selected)}
    price = dict(zip(run.selected[len(run.selected) - len(run.prices) :], run.prices, strict=True))
    chosen = set(outcome.selected)
    out = []
    for j, pid in enumerate(profile.ids):
        cost = profile.costs[j]
        supporters = profile.supporters(j)
        entry: dict[str, Any] = {
            "project": pid,
            "selected": pid in chosen,
            "cost": float(cost),
            "supporters": len(supporters),
        }
        if len(supporters) == 0:
            entry["reason"] = "Nobody voted for this project, so MES cannot fund it."
        elif j in round_of and j in price:
            rho = price[j]
            per_point = rho * float(cost) if profile.approval_like else rho
            effective = 1.0 / rho if rho > 0 else float("inf")
            entry.update(
                round=round_of[j] + 1, effective_votes=effective, payment_per_supporter=per_point
            )
            unit = "each" if profile.approval_like else "per point"
            entry["reason"] = (
                f"Funded in round {round_of[j] + 1}: its {len(supporters)} supporters paid at "
                f"most {_money(per_point)} {unit} (effective vote count {effective:,.1f})."
            )
        elif j in round_of:
            entry["reason"] = "Costs nothing and has supporters, so it is funded first."
        elif pid in chosen:
            entry["reason"] = (
                "Not affordable by its supporters' equal shares; funded by the "
                "greedy completion with the money MES left over."
            )
        else:
            have = float(run.budgets[supporters].sum())
            short = float(cost) - have
            entry.update(
                money_behind=have,
                shortfall=max(short, 0.0),
                coverage=have / float(cost) if cost else 1.0,
                unaffordable_after_round=run.unaffordable_at.get(j),
            )
            entry["reason"] = (
                f"Not funded: when MES stopped its {len(supporters)} supporters had "
                f"{_money(have)} left of the {_money(cost)} it costs "
                f"({100 * have / float(cost):.0f}%), {_money(max(short, 0.0))} short."
            )
        out.append(entry)
    return out


def _explain_ranking(election, outcome, profile, ranks) -> list[dict]:
    order = greedy_order(profile, ranks)
    place = {j: i + 1 for i, j in enumerate(order)}
    chosen = set(outcome.selected)
    threshold = score_threshold(election.meta) if outcome.rule != "greedy" else None
    spent = Fraction(0)
    out = []
    for j in order:
        pid, cost, score = profile.ids[j], profile.costs[j], profile.scores[j]
        entry: dict[str, Any] = {
            "project": pid,
            "selected": pid in chosen,
            "cost": float(cost),
            "score": float(score),
            "place": place[j],
        }
        if pid in chosen:
            entry["reason"] = (
                f"Funded: place {place[j]} by votes, and its cost {_money(cost)} still fitted."
            )
            spent += cost
        elif threshold is not None and score < threshold:
            entry["reason"] = (
                f"Not funded: {format_number(score)} votes, below the threshold "
                f"of {format_number(threshold)}."
            )
        elif outcome.rule == "phragmen":
            entry["reason"] = "Not funded: Phragmén stopped before its supporters could buy it."
        else:
            left = outcome.budget - spent
            entry["reason"] = (
                f"Not funded: place {place[j]} by votes, but it costs "
                f"{_money(cost)} and only {_money(left)} was left."
            )
        out.append(entry)
    return out


def supporters_money(budgets: np.ndarray, supporters: np.ndarray) -> float:
    """Money a project's supporters hold (helper kept public for the results page)."""
    return float(budgets[supporters].sum())

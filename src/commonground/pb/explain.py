"""Why each project was or was not funded: the one explanation the results page and the CLI use.

An explanation is only worth giving if it is true, so it follows the phases the rule really
went through.  Every funded project gets exactly one ``phase``:

``equal_shares``
    funded in a Method of Equal Shares round at the plain per-voter share (budget ÷ voters):
    its supporters paid for it from their equal shares, so its cost is at most 100 % of those
    shares (``share_used_pct``);
``completion``
    funded by MES only because Add1 raised every voter's share above budget ÷ voters to spend
    more of the budget (``mes-add1``, ``mes-add1u``…): its supporters paid from the *raised*
    shares, and the numbers say so (``voter_share`` against ``plain_voter_share``);
``greedy_fill``
    funded after MES from the money left over, because it had the most votes of the projects
    that still fitted (``mes-add1u``'s utilitarian completion): its supporters' shares are not
    what paid for it, so no share percentage is given, only ``left_over`` at its turn;
``greedy``
    funded by a greedy rule (most votes first while it fits, ``place`` by votes), also when
    ``mes-add1-comparison`` kept the greedy outcome;
``phragmen``
    funded by sequential Phragmén.

Every project not funded gets one ``reason``: ``no_supporters``; ``shares_too_small`` (even its
supporters' whole equal shares fall short of its cost); ``shares_spent`` (their shares would have
covered it, but they had spent them on projects that won first; ``money_left`` is what they had
when MES stopped); ``did_not_fit`` (greedy or greedy fill: the money left at its turn was less
than its cost); ``below_threshold``; ``not_reached`` (``greedy-no-skip`` had stopped before its
turn); ``phragmen_stopped``.

Entries are plain JSON (numbers as int or float), sorted funded first in order of selection.
:func:`describe` turns one into an English sentence for the CLI; the fund's results page turns
the same keys into translated sentences.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .election import Election
from .greedy import greedy_order, score_threshold
from .mes import MESEngine, MESRun
from .outcome import Outcome, json_number
from .profile import Profile, build_profile
from .tiebreak import tie_break_ranks

PHASES = ("equal_shares", "completion", "greedy_fill", "greedy", "phragmen")
"""What paid for a funded project (see the module docstring)."""

REASONS = (
    "no_supporters",
    "shares_too_small",
    "shares_spent",
    "did_not_fit",
    "below_threshold",
    "not_reached",
    "phragmen_stopped",
)
"""Why a project was not funded (see the module docstring)."""

THRESHOLD_RULES = ("greedy-threshold", "greedy-no-skip")  # rules that honour META's threshold


def explain(election: Election, outcome: Outcome, profile: Profile | None = None) -> list[dict]:
    """One JSON-ready entry per project, funded first in order of selection.

    Keys: ``code``, ``name``, ``cost``, ``supporters``, ``support_pct``, ``score``,
    ``selected``, ``order``, ``phase`` (funded) or ``reason`` (not funded), and the numbers
    behind them (see the module docstring).
    """
    profile = profile or build_profile(election)
    ranks = tie_break_ranks(
        profile.ids,
        profile.costs,
        profile.num_supporters.tolist(),
        outcome.tie_break,
        outcome.details.get("seed"),
    )
    rows = [_base(election, profile, outcome, j) for j in range(profile.m)]
    if outcome.rule.startswith("mes") and outcome.details.get("kept") != "greedy":
        _explain_mes(profile, outcome, ranks, rows)
    elif outcome.rule == "phragmen":
        for row in rows:
            if row["selected"]:
                row["phase"] = "phragmen"
            else:
                row["reason"] = "no_supporters" if not row["supporters"] else "phragmen_stopped"
    else:
        _explain_greedy(election, profile, outcome, ranks, rows)
    rows.sort(key=lambda r: (not r["selected"], r["order"] or 0, -r["supporters"], r["code"]))
    return rows


def _base(election: Election, profile: Profile, outcome: Outcome, j: int) -> dict[str, Any]:
    project = election.projects[j]
    count = int(profile.num_supporters[j])
    order = outcome.selected.index(project.id) + 1 if project.id in outcome.selected else None
    return {
        "code": project.id,
        "name": project.name,
        "cost": json_number(project.cost),
        "supporters": count,
        "support_pct": round(100 * count / max(profile.n, 1), 1),
        "score": json_number(profile.scores[j]),
        "selected": order is not None,
        "order": order,
        "phase": None,
        "reason": None,
    }


def _number(value: Fraction | float) -> int | float:
    return json_number(value) if isinstance(value, Fraction) else float(value)


def _pct(part: Fraction, whole: Fraction) -> float | None:
    return round(100 * float(part / whole), 1) if whole else None


def _paid(run: MESRun) -> dict[int, tuple[int, float | None]]:
    """Project index → (MES round, price ρ); free projects are bought first, at no price."""
    prices = dict(zip(run.selected[len(run.selected) - len(run.prices) :], run.prices, strict=True))
    return {j: (r + 1, prices.get(j)) for r, j in enumerate(run.selected)}


def _explain_mes(profile: Profile, outcome: Outcome, ranks, rows: list[dict]) -> None:
    """Equal shares at the plain share, Add1 completion at a raised share, then greedy fill."""
    plain = profile.budget / profile.n if profile.n else Fraction(0)
    final_share = Fraction(outcome.details.get("voter_budget", plain))
    engine = MESEngine(profile, ranks)
    final = engine.run(final_share)
    at_plain = final if final_share == plain else engine.run(plain)
    final_paid, plain_paid = _paid(final), _paid(at_plain)
    filled = _greedy_fill(profile, outcome)
    left_over = outcome.leftover if filled is not None else None
    for j, row in enumerate(rows):
        count = row["supporters"]
        if row["selected"] and filled is not None and j in filled:
            row.update(phase="greedy_fill", left_over=_number(filled[j]))
        elif row["selected"]:
            if j not in final_paid:  # pragma: no cover - the replay must match the outcome
                raise ArithmeticError(f"MES replay did not fund {profile.ids[j]!r}")
            phase, share, paid = (
                ("equal_shares", plain, plain_paid[j])
                if j in plain_paid
                else ("completion", final_share, final_paid[j])
            )
            row.update(phase=phase, **_shares(profile, j, share, count), round=paid[0])
            row.update(plain_voter_share=_number(plain), **_payment(profile, j, paid[1]))
        else:
            have = float(final.budgets[profile.supporters(j)].sum()) if count else 0.0
            row.update(**_shares(profile, j, final_share, count), plain_voter_share=_number(plain))
            row.update(money_left=have, shortfall=max(float(profile.costs[j]) - have, 0.0))
            if left_over is not None:
                row["left_over"] = _number(left_over)
            if not count:
                row["reason"] = "no_supporters"
            elif final_share * count < profile.costs[j]:
                row["reason"] = "shares_too_small"
            else:
                row["reason"] = "shares_spent"


def _shares(profile: Profile, j: int, share: Fraction, count: int) -> dict[str, Any]:
    total = share * count
    return {
        "voter_share": _number(share),
        "shares": _number(total),
        "share_used_pct": _pct(profile.costs[j], total),
    }


def _payment(profile: Profile, j: int, rho: float | None) -> dict[str, Any]:
    """What each supporter paid at most (per point on points ballots) and the effective votes."""
    if rho is None:  # a free project
        return {"payment_per_supporter": 0.0, "effective_votes": None}
    per = rho * float(profile.costs[j]) if profile.approval_like else rho
    return {"payment_per_supporter": per, "effective_votes": 1.0 / rho if rho > 0 else None}


def _greedy_fill(profile: Profile, outcome: Outcome) -> dict[int, Fraction] | None:
    """Projects the utilitarian completion added → money left when each one's turn came
    (``None`` when the rule has no such completion)."""
    completed = outcome.details.get("completed_by_greedy")
    if completed is None:
        return None
    index = {pid: j for j, pid in enumerate(profile.ids)}
    added = {index[pid] for pid in completed}
    remaining = profile.budget - sum(
        (profile.costs[index[p]] for p in outcome.selected if index[p] not in added), Fraction(0)
    )
    out = {}
    for pid in completed:
        out[index[pid]] = remaining
        remaining -= profile.costs[index[pid]]
    return out


def _explain_greedy(election, profile: Profile, outcome: Outcome, ranks, rows) -> None:
    """Most votes first: each project's place, and the money left when its turn came."""
    threshold = score_threshold(election.meta) if outcome.rule in THRESHOLD_RULES else None
    chosen = set(outcome.selected)
    remaining = profile.budget
    stopped = False
    for place, j in enumerate(greedy_order(profile, ranks), start=1):
        row = rows[j]
        row.update(place=place, left_over=_number(remaining))
        if threshold is not None:
            row["threshold"] = _number(threshold)
        if profile.ids[j] in chosen:
            row["phase"] = "greedy"
            remaining -= profile.costs[j]
        elif threshold is not None and profile.scores[j] < threshold:
            row["reason"] = "below_threshold"
        elif profile.costs[j] > remaining:
            row["reason"] = "did_not_fit"
            stopped = stopped or outcome.rule == "greedy-no-skip"
        elif stopped:
            row["reason"] = "not_reached"
        else:  # pragma: no cover - greedy funds every project that fits when its turn comes
            raise ArithmeticError(f"greedy skipped {profile.ids[j]!r} although it fitted")


def _money(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}"


def describe(entry: dict[str, Any]) -> str:
    """One English sentence for an :func:`explain` entry (the CLI's wording)."""
    e = entry
    cost = _money(e["cost"])
    if e["phase"] == "equal_shares":
        return (
            f"Equal shares, round {e['round']}: its {e['supporters']} supporters' equal shares "
            f"({_money(e['voter_share'])} each, {_money(e['shares'])} together) paid its cost "
            f"of {cost} ({e['share_used_pct']}% of those shares)."
        )
    if e["phase"] == "completion":
        return (
            f"Add1 completion, round {e['round']}: only after each voter's share was raised from "
            f"{_money(e['plain_voter_share'])} to {_money(e['voter_share'])} could its "
            f"{e['supporters']} supporters pay its cost of {cost} "
            f"({e['share_used_pct']}% of their raised shares)."
        )
    if e["phase"] == "greedy_fill":
        return (
            f"Funded from the money left over after equal shares ({_money(e['left_over'])} at "
            f"its turn), as the most-voted project that still fitted; its supporters' shares "
            f"did not pay for it."
        )
    if e["phase"] == "greedy":
        return f"Place {e['place']} by votes, and its cost of {cost} still fitted."
    if e["phase"] == "phragmen":
        return "Funded by sequential Phragmén."
    return _describe_unfunded(e, cost)


def _describe_unfunded(e: dict[str, Any], cost: str) -> str:
    reason = e["reason"]
    tail = ""
    if e.get("left_over") is not None and reason in ("shares_too_small", "shares_spent"):
        tail = f" The {_money(e['left_over'])} left over at the end was less than its cost."
    if reason == "no_supporters":
        return "Nobody voted for it."
    if reason == "shares_too_small":
        return (
            f"Its {e['supporters']} supporters' equal shares came to {_money(e['shares'])}, "
            f"less than its cost of {cost}.{tail}"
        )
    if reason == "shares_spent":
        return (
            f"Its {e['supporters']} supporters' equal shares ({_money(e['shares'])}) could have "
            f"paid its cost of {cost}, but they had spent them on projects that won first: "
            f"{_money(e['money_left'])} was left, {_money(e['shortfall'])} short.{tail}"
        )
    if reason == "did_not_fit":
        return (
            f"Place {e['place']} by votes, but it costs {cost} and only "
            f"{_money(e['left_over'])} was left."
        )
    if reason == "below_threshold":
        return f"Its score {e['score']} is below the threshold of {e['threshold']}."
    if reason == "not_reached":
        return "Greedy stopped at the first project that did not fit, before its turn."
    return "Sequential Phragmén stopped before its supporters could buy it."

"""The rule registry and :func:`compute`, the single entry point the app, CLI and API use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .election import Election
from .greedy import GREEDY_RULES, Scored, greedy_select, run_greedy, score_threshold, total_cost
from .lazy_numpy import np
from .outcome import Outcome
from .tally import Tally
from .tiebreak import TIE_BREAKS, tie_break_ranks

if TYPE_CHECKING:
    from .profile import Profile

# The MES, Phragmén and profile modules are imported by the rules that run them, so that a
# greedy rule on a choose-1 tally imports none of their NumPy code (see :mod:`.lazy_numpy`).


@dataclass
class Context:
    """What a rule needs: the election, its profile, the tie-break order and options."""

    election: Election | Tally
    profile: Profile | Scored
    ranks: Sequence[int]
    tie_break: str
    progress: Callable[[int, int], None] | None = None


RuleResult = tuple[list[int], dict[str, Any]]


def _greedy_rule(rule: str) -> Callable[[Context], RuleResult]:
    def run(ctx: Context) -> RuleResult:
        return run_greedy(rule, ctx.profile, ctx.ranks, ctx.election.meta)

    return run


def _mes(ctx: Context) -> RuleResult:
    from .mes import MESEngine, mes

    run = mes(MESEngine(ctx.profile, ctx.ranks))
    return run.selected, {"voter_budget": run.b0}


def _add1(ctx: Context, exhaustive_stop: bool = True) -> tuple[list[int], dict[str, Any]]:
    from .mes import MESEngine, mes_add1

    style = "equalshares" if ctx.tie_break == "equalshares" else "pabutools"
    result = mes_add1(
        MESEngine(ctx.profile, ctx.ranks),
        style=style,
        progress=ctx.progress,
        exhaustive_stop=exhaustive_stop,
    )
    return result.run.selected, {
        "voter_budget": result.run.b0,
        "mes_runs": result.evaluations,
        "increments_skipped": result.increments_certified,
    }


def _mes_add1(ctx: Context) -> RuleResult:
    return _add1(ctx)


def _mes_add1_overspend(ctx: Context) -> RuleResult:
    return _add1(ctx, exhaustive_stop=False)


def _mes_add1u(ctx: Context) -> RuleResult:
    selected, details = _add1(ctx)
    completed = greedy_select(ctx.profile, ctx.ranks, initial=selected)
    details["completed_by_greedy"] = [ctx.profile.ids[j] for j in completed[len(selected) :]]
    return completed, details


def _mes_add1_comparison(ctx: Context) -> RuleResult:
    """Pabulib's ``equalshares/add1-comparison`` (Wieliczka): Add1, then keep the greedy outcome
    instead only if more voters prefer greedy than prefer MES, each voter comparing the total
    points (approvals) she gives to the two sets of funded projects."""
    mes_selected, details = _add1(ctx, exhaustive_stop=False)
    greedy_selected = greedy_select(ctx.profile, ctx.ranks)
    prefer_mes, prefer_greedy = _preferences(ctx.profile, mes_selected, greedy_selected)
    details.update(prefer_mes=prefer_mes, prefer_greedy=prefer_greedy)
    if prefer_greedy > prefer_mes:
        details["kept"] = "greedy"
        return greedy_selected, details
    details["kept"] = "mes-add1"
    return mes_selected, details


def _preferences(profile: Profile, a: list[int], b: list[int]) -> tuple[int, int]:
    """How many voters get more points from ``a`` than from ``b``, and vice versa."""
    sat_a = np.zeros(profile.n)
    sat_b = np.zeros(profile.n)
    for chosen, sat in ((a, sat_a), (b, sat_b)):
        for j in chosen:
            np.add.at(sat, profile.supporters(j), profile.points(j))
    return int(np.count_nonzero(sat_a > sat_b)), int(np.count_nonzero(sat_b > sat_a))


def _phragmen(ctx: Context) -> RuleResult:
    from .phragmen import sequential_phragmen

    return sequential_phragmen(ctx.profile, ctx.ranks), {}


RULES: dict[str, Callable[[Context], RuleResult]] = {
    **{rule: _greedy_rule(rule) for rule in GREEDY_RULES},
    "mes": _mes,
    "mes-add1": _mes_add1,
    "mes-add1u": _mes_add1u,
    "mes-add1-overspend": _mes_add1_overspend,
    "mes-add1-comparison": _mes_add1_comparison,
    "phragmen": _phragmen,
}
"""Rule names → rule functions (each takes a :class:`Context`)."""

RULE_DESCRIPTIONS: dict[str, str] = {
    "greedy": "greedy utilitarian welfare (most votes first, skipping what no longer fits)",
    "greedy-no-skip": "greedy that stops at the first project that does not fit",
    "greedy-threshold": "greedy among projects reaching META min_project_score_threshold",
    "mes": "Method of Equal Shares, no completion",
    "mes-add1": "MES, per-voter budget raised 1 unit at a time (Add1)",
    "mes-add1u": "MES Add1, then greedy utilitarian completion (equalshares.net default)",
    "mes-add1-overspend": "MES Add1 that stops only when the next budget would overspend",
    "mes-add1-comparison": (
        "MES Add1 (until overspend), replaced by greedy if more voters prefer greedy"
    ),
    "phragmen": "sequential Phragmén (approval ballots)",
}

PABULIB_RULE_NAMES: dict[str, str] = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-no-skip",
    "greedy-threshold": "greedy-threshold",
    "mes": "equalshares",
    "mes-add1-overspend": "equalshares/add1",
    "mes-add1-comparison": "equalshares/add1-comparison",
    "mes-add1": "commonground/mes-add1",
    "mes-add1u": "commonground/mes-add1u",
    "phragmen": "commonground/phragmen",
}
"""The one rule table: our rule name → the Pabulib META ``rule`` string that names it.

Export writes the right-hand side, import reads it back, so a round's rule survives a round
trip.  Pabulib's own names (``equalshares/add1``: Add1 until the next step would overspend,
as the published Assen and Świecie results were computed) name the rule that reproduces
those files' official results; a rule Pabulib has no name for is written under
``commonground/`` rather than borrowing a name that means another rule (``mes-add1u`` was
once written as ``equalshares/add1`` and came back as ``mes-add1-overspend``, which funds
different projects on two shared files).  Every rule in :data:`RULES` has exactly one row."""

PABULIB_RULES: dict[str, str] = {pabulib: rule for rule, pabulib in PABULIB_RULE_NAMES.items()}
"""Pabulib META ``rule`` values that name a rule we implement → our rule name (the inverse)."""


def pabulib_rule(rule: str) -> str:
    """The Pabulib META ``rule`` string for one of our rules (``KeyError`` if unknown)."""
    return PABULIB_RULE_NAMES[rule]


def rule_from_pabulib(value: str, default: str | None = None) -> str | None:
    """Our rule for a Pabulib META ``rule`` string, or ``default`` when it names none we
    implement (``unknown``, a city's own rule)."""
    return PABULIB_RULES.get(value.strip(), default)


def rules_for(election: Election) -> list[str]:
    """Rules that apply to the election's vote type (and META, for greedy-threshold)."""
    names = [r for r in RULES if r != "phragmen" or election.vote_type in ("approval", "choose-1")]
    if score_threshold(election.meta) is None:
        names.remove("greedy-threshold")
    return names


def compute(
    election: Election | Tally,
    rule: str,
    tie_break: str = "pabutools",
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    profile: Profile | None = None,
) -> Outcome:
    """Run ``rule`` on ``election`` and return its :class:`Outcome`.

    ``tie_break`` is ``"pabutools"`` (lexicographic order of project ids, pabutools' default)
    or ``"equalshares"`` (lowest cost, most votes, then a lot drawn from ``seed``).
    ``progress(k, runs)`` is called during long Add1 loops.  A choose-1 file's
    :class:`~.tally.Tally` (see :func:`~.pabulib.read_pb_for_rule`) runs the greedy rules.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; known rules: {', '.join(RULES)}")
    if tie_break not in TIE_BREAKS:
        raise ValueError(f"unknown tie_break {tie_break!r}; expected one of {TIE_BREAKS}")
    scored = profile or _scored(election, rule)
    votes = [int(v) for v in scored.num_supporters]
    ranks = tie_break_ranks(scored.ids, scored.costs, votes, tie_break, seed)
    ctx = Context(election, scored, ranks, tie_break, progress)
    selected, details = RULES[rule](ctx)
    if tie_break == "equalshares":
        details["seed"] = 0 if seed is None else seed
    return Outcome(
        rule=rule,
        selected=[scored.ids[j] for j in selected],
        total_cost=total_cost(scored, selected),
        budget=Fraction(scored.budget),
        tie_break=tie_break,
        details=details,
    )


def _scored(election: Election | Tally, rule: str) -> Profile | Tally:
    """What the rule reads: the election's :class:`~.profile.Profile`, or the tally itself."""
    if not isinstance(election, Election):
        if rule not in GREEDY_RULES:
            raise ValueError(f"{rule} needs the ballots; a tally holds only vote counts")
        return election
    from .profile import build_profile

    return build_profile(election)

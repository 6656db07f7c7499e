"""Priorities heard through different methods, combined into one ranking with its uncertainty.

Public API (the consult app's analysis pages call these)::

    combine(
        options: Sequence[str],
        methods: Sequence[SurveyMethod | TallyMethod],
        *,
        weighting: Literal["people", "equal"] = "people",
        replicates: int = 1000,
        confidence: float = 0.95,
        seed: int | np.random.Generator | None = 0,
    ) -> PriorityResult                      # PriorityResult.to_dict() is JSON-ready

    Response(ranking=(...), chosen=frozenset(), weight=1.0, ward=None)
    SurveyMethod(name, responses, label="")
    Session(votes={option: dots}, participants, label="")
    TallyMethod(name, sessions, label="")

The rule, in plain words (docs/consult-statistics.md has the formulas):

1. **Every person heard carries one unit of support**, spread over the options they picked.
   A survey respondent who ranks k options gives them Borda points k, k−1, …, 1, divided by
   k(k+1)/2 so they add to one (options left unranked get nothing); one who ticks k options
   gives each 1/k.  A board table, focus group or vox pop session gives each option its share
   of the session's dots, and the session counts as many units as it had participants (we do
   not know who placed which dot, so the session's people share its dots as a group).
2. **A method's score** for an option is the share of that method's support it received:
   the (reach-weighted) mean of respondents' units, or the participant-weighted mean of
   sessions' shares.  Scores of one method add to one.
3. **The combined score** is, by default (``weighting="people"``), the share of *all* support
   heard: methods weighted by the number of people each heard.  ``weighting="equal"`` gives
   every method that heard anyone the same weight, so a small focus group counts as much as a
   large survey — use it when the methods reached different people on purpose.
4. **Ranks** go by score, highest first; options with equal scores (to 12 decimal places)
   share the better rank ("competition ranking": 1, 2, 2, 4) and are listed in the order the
   options were given, so the same data always gives the same table.

**Uncertainty** comes from a cluster bootstrap: each replicate redraws respondents with
replacement within each survey method and whole sessions within each tally method (dots in a
session are not independent), recomputes every score, and the interval is the percentile
interval of the replicates.  ``p_top3`` is the share of replicates in which the option ranks
3rd or better.  A method with one respondent or one session cannot show its own variability;
a note says so.

"People behind an option" (``people``): survey respondents who ranked or ticked it, plus all
participants of sessions that gave it at least one dot.  The session part is an upper bound:
a session of 12 that put one dot on an option counts 12.  ``votes`` gives the dots/mentions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = [
    "MethodScore",
    "MethodSummary",
    "OptionResult",
    "PriorityResult",
    "Response",
    "Session",
    "SurveyMethod",
    "TallyMethod",
    "combine",
]

Seed = int | np.random.Generator | None
Weighting = Literal["people", "equal"]

# Most cells of the (replicates × clusters) resampling-count matrix held at once (~32 MB).
_CHUNK_CELLS = 4_000_000
# Scores equal to this many decimal places tie (sums of shares differ in the last bits).
_TIE_DECIMALS = 12


# ----------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Response:
    """One survey answer (online or paper): a ranking *or* a set of ticked options.

    ``ranking`` is an ordered tuple of option ids, best first, possibly partial; ``chosen`` is
    an unordered set of ticked options.  ``weight`` is the respondent's reach weight (from
    :func:`commonground.consultstats.reach.raking_weights`; 1 when unweighted) and ``ward`` the
    ward code they gave, kept so the app can filter by place.  A response with neither counts
    as blank: it is reported, but carries no support.
    """

    ranking: tuple[str, ...] = ()
    chosen: frozenset[str] = frozenset()
    weight: float = 1.0
    ward: str | None = None


@dataclass(frozen=True)
class SurveyMethod:
    """Individual responses collected one way (e.g. ``"survey"``, ``"paper_survey"``)."""

    name: str
    responses: Sequence[Response]
    label: str = ""


@dataclass(frozen=True)
class Session:
    """One board table, focus group or vox pop: dots (or votes) per option, and how many took
    part.  Options without dots may be left out of ``votes``."""

    votes: Mapping[str, float]
    participants: int
    label: str = ""


@dataclass(frozen=True)
class TallyMethod:
    """Aggregate tallies collected one way (e.g. ``"board_table"``), one entry per session."""

    name: str
    sessions: Sequence[Session]
    label: str = ""


# ---------------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class MethodScore:
    """One option as one method heard it.  ``score``/``rank`` are None when the method heard
    nobody."""

    score: float | None
    low: float | None
    high: float | None
    rank: int | None
    people: int
    votes: float


@dataclass(frozen=True)
class OptionResult:
    """One option in the combined ranking, with each method's view beside it."""

    option: str
    score: float
    low: float
    high: float
    rank: int
    rank_low: int
    rank_high: int
    p_top3: float
    people: int
    by_method: dict[str, MethodScore]


@dataclass(frozen=True)
class MethodSummary:
    """Who a method heard and how much it counts in the combination."""

    name: str
    kind: Literal["survey", "tally"]
    label: str
    people: int  # respondents with an answer, or participants of sessions with dots
    units: int  # respondents, or sessions (the units the bootstrap redraws)
    blank: int  # blank responses / sessions without dots (not counted in people)
    weight: float  # its share of the combined score


@dataclass
class PriorityResult:
    """Combined ranking (``options``, best first), methods, and how it was computed."""

    options: list[OptionResult]
    methods: list[MethodSummary]
    weighting: Weighting
    replicates: int
    confidence: float
    seed: int | None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-serialisable data (the app stores it with the consultation)."""
        return {
            "weighting": self.weighting,
            "replicates": self.replicates,
            "confidence": self.confidence,
            "seed": self.seed,
            "notes": list(self.notes),
            "methods": [vars(m).copy() for m in self.methods],
            "options": [
                {
                    **{k: v for k, v in vars(o).items() if k != "by_method"},
                    "by_method": {name: vars(ms).copy() for name, ms in o.by_method.items()},
                }
                for o in self.options
            ],
        }


# ------------------------------------------------------------------------------ computation


@dataclass
class _Prepared:
    """A method as arrays: ``support`` (units × options) of each unit's weighted support,
    ``mass`` (units,) the weight each unit carries in the method's mean."""

    summary: MethodSummary
    support: np.ndarray
    mass: np.ndarray
    people: np.ndarray  # (options,) people behind each option
    votes: np.ndarray  # (options,) dots / mentions


def _option_index(options: Sequence[str]) -> dict[str, int]:
    index = {option: i for i, option in enumerate(options)}
    if len(index) != len(options):
        raise ValueError("options must be distinct")
    if not index:
        raise ValueError("no options to rank")
    return index


def _column(index: Mapping[str, int], option: str, where: str) -> int:
    try:
        return index[option]
    except KeyError:
        raise ValueError(f"{where}: unknown option {option!r}") from None


def _prepare_survey(method: SurveyMethod, index: Mapping[str, int]) -> _Prepared:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    weights: list[float] = []
    blank = 0
    for number, response in enumerate(method.responses, start=1):
        where = f"{method.name} response {number}"
        if response.ranking and response.chosen:
            raise ValueError(f"{where}: give a ranking or a set of choices, not both")
        if not (response.weight >= 0 and np.isfinite(response.weight)):
            raise ValueError(f"{where}: weight must be a finite number ≥ 0")
        picked = response.ranking or tuple(sorted(response.chosen))
        if not picked:
            blank += 1
            continue
        if len(set(picked)) != len(picked):
            raise ValueError(f"{where}: an option is ranked twice")
        k = len(picked)
        row = len(weights)
        if response.ranking:
            total = k * (k + 1) / 2  # Borda points k, k-1, …, 1 normalised to one unit
            shares = [(k - position) / total for position in range(k)]
        else:
            shares = [1.0 / k] * k
        for option, share in zip(picked, shares, strict=True):
            rows.append(row)
            cols.append(_column(index, option, where))
            vals.append(share)
        weights.append(float(response.weight))
    n, m = len(weights), len(index)
    shares = np.zeros((n, m))
    shares[rows, cols] = vals
    mass = np.asarray(weights, dtype=np.float64)
    picked_any = shares > 0
    summary = MethodSummary(method.name, "survey", method.label, n, n, blank, 0.0)
    return _Prepared(
        summary=summary,
        support=shares * mass[:, None],
        mass=mass,
        people=picked_any.sum(axis=0).astype(np.int64),
        votes=picked_any.sum(axis=0).astype(np.float64),
    )


def _prepare_tally(method: TallyMethod, index: Mapping[str, int]) -> _Prepared:
    m = len(index)
    dots: list[np.ndarray] = []
    participants: list[int] = []
    blank = 0
    for number, session in enumerate(method.sessions, start=1):
        where = f"{method.name} session {session.label or number}"
        if session.participants < 1 or int(session.participants) != session.participants:
            raise ValueError(f"{where}: participants must be a whole number ≥ 1")
        row = np.zeros(m)
        for option, count in session.votes.items():
            if not (count >= 0 and np.isfinite(count)):
                raise ValueError(f"{where}: votes for {option!r} must be a number ≥ 0")
            row[_column(index, option, where)] += count
        if row.sum() == 0:
            blank += 1
            continue
        dots.append(row)
        participants.append(int(session.participants))
    votes = np.asarray(dots).reshape(len(dots), m)
    size = np.asarray(participants, dtype=np.float64)
    shares = votes / votes.sum(axis=1, keepdims=True) if len(dots) else votes
    people = ((votes > 0) * size[:, None]).sum(axis=0).astype(np.int64)
    summary = MethodSummary(
        method.name, "tally", method.label, int(size.sum()), len(dots), blank, 0.0
    )
    return _Prepared(
        summary=summary,
        support=shares * size[:, None],
        mass=size,
        people=people,
        votes=votes.sum(axis=0),
    )


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = best) along the last axis; equal scores share the better rank."""
    rounded = np.round(scores, _TIE_DECIMALS)
    return 1 + (rounded[..., None, :] > rounded[..., :, None]).sum(axis=-1)


def _generator(seed: Seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _replicate_scores(
    prepared: _Prepared, replicates: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(replicates × options) method scores and (replicates,) people heard, redrawing units.

    Each chunk draws its units as integers, turns them into per-unit counts with one
    ``bincount`` and scores all replicates with one matrix product: counts @ support.
    """
    n = prepared.mass.size
    m = prepared.support.shape[1]
    scores = np.empty((replicates, m))
    heard = np.empty(replicates)
    # People each unit stands for: one per respondent, a session's participants.
    heads = np.ones(n) if prepared.summary.kind == "survey" else prepared.mass
    chunk = max(1, _CHUNK_CELLS // max(n, 1))
    for start in range(0, replicates, chunk):
        b = min(chunk, replicates - start)
        draws = rng.integers(0, n, size=(b, n))
        draws += (np.arange(b) * n)[:, None]
        counts = np.bincount(draws.ravel(), minlength=b * n).reshape(b, n).astype(np.float64)
        total = counts @ prepared.mass
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[start : start + b] = (counts @ prepared.support) / total[:, None]
        heard[start : start + b] = counts @ heads
    # A replicate that drew only zero-weight respondents has no defined score; it falls back
    # to the estimate so it neither widens nor narrows the interval artificially.
    bad = ~np.isfinite(scores).all(axis=1)
    if bad.any():
        scores[bad] = prepared.support.sum(axis=0) / prepared.mass.sum()
    return scores, heard


def _combine_scores(
    method_scores: np.ndarray, heard: np.ndarray, weighting: Weighting
) -> tuple[np.ndarray, np.ndarray]:
    """Combine (..., methods, options) scores given (..., methods) people heard.

    Returns the combined (..., options) scores and the (..., methods) weights used.
    """
    active = heard > 0
    people = np.where(active, heard, 0.0)
    weights = people if weighting == "people" else active.astype(np.float64)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    filled = np.where(active[..., None], method_scores, 0.0)
    return (weights[..., None] * filled).sum(axis=-2), weights


def combine(
    options: Sequence[str],
    methods: Sequence[SurveyMethod | TallyMethod],
    *,
    weighting: Weighting = "people",
    replicates: int = 1000,
    confidence: float = 0.95,
    seed: Seed = 0,
) -> PriorityResult:
    """Rank ``options`` on the support heard through all ``methods`` (see the module docstring
    for the rule), with a cluster-bootstrap interval for every score.

    ``seed`` makes the intervals reproducible (the stored result records it); pass a
    ``numpy.random.Generator`` to share one stream.  Raises ``ValueError`` naming the method
    and response/session when an input is malformed (unknown option, option ranked twice,
    negative weight or dots) and when no method heard anyone.
    """
    if weighting not in ("people", "equal"):
        raise ValueError(f"weighting must be 'people' or 'equal', not {weighting!r}")
    if replicates < 1:
        raise ValueError("replicates must be at least 1")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    index = _option_index(options)
    names = [method.name for method in methods]
    if len(set(names)) != len(names):
        raise ValueError("method names must be distinct")
    prepared: list[_Prepared] = []
    for method in methods:
        if isinstance(method, SurveyMethod):
            prepared.append(_prepare_survey(method, index))
        elif isinstance(method, TallyMethod):
            prepared.append(_prepare_tally(method, index))
        else:
            raise TypeError(f"not a SurveyMethod or TallyMethod: {method!r}")
    m, k = len(options), len(prepared)
    heard = np.array(
        [p.summary.people if p.mass.sum() > 0 else 0 for p in prepared], dtype=np.float64
    )
    if not (heard > 0).any():
        raise ValueError("no method heard anyone: nothing to rank")

    estimate = np.zeros((k, m))
    for j, p in enumerate(prepared):
        if heard[j] > 0:
            estimate[j] = p.support.sum(axis=0) / p.mass.sum()
    combined, method_weights = _combine_scores(estimate, heard, weighting)

    rng = _generator(seed)
    rep_methods = np.zeros((replicates, k, m))
    rep_heard = np.zeros((replicates, k))
    for j, p in enumerate(prepared):
        if heard[j] > 0:
            rep_methods[:, j], rep_heard[:, j] = _replicate_scores(p, replicates, rng)
    rep_combined, _ = _combine_scores(rep_methods, rep_heard, weighting)

    tail = (1 - confidence) / 2
    low, high = np.quantile(rep_combined, [tail, 1 - tail], axis=0)
    method_low, method_high = np.quantile(rep_methods, [tail, 1 - tail], axis=0)
    rank = _ranks(combined)
    rep_rank = _ranks(rep_combined)
    rank_low = np.quantile(rep_rank, tail, axis=0, method="lower")
    rank_high = np.quantile(rep_rank, 1 - tail, axis=0, method="higher")
    p_top3 = (rep_rank <= 3).mean(axis=0)
    method_rank = _ranks(estimate)

    notes: list[str] = []
    summaries: list[MethodSummary] = []
    for j, p in enumerate(prepared):
        s = p.summary
        summaries.append(
            MethodSummary(s.name, s.kind, s.label, s.people, s.units, s.blank,
                          float(method_weights[j]))
        )  # fmt: skip
        if heard[j] == 0:
            notes.append(f"{s.name}: heard nobody, so it is left out of the combination.")
        elif s.units == 1:
            unit = "respondent" if s.kind == "survey" else "session"
            notes.append(
                f"{s.name}: only one {unit}, so its interval shows none of its own uncertainty."
            )
        if s.blank:
            what = "blank responses" if s.kind == "survey" else "sessions without dots"
            notes.append(f"{s.name}: {s.blank} {what} not counted.")

    def method_score(j: int, i: int) -> MethodScore:
        p = prepared[j]
        if heard[j] == 0:
            return MethodScore(None, None, None, None, int(p.people[i]), float(p.votes[i]))
        return MethodScore(
            score=float(estimate[j, i]),
            low=float(method_low[j, i]),
            high=float(method_high[j, i]),
            rank=int(method_rank[j, i]),
            people=int(p.people[i]),
            votes=float(p.votes[i]),
        )

    order = sorted(range(m), key=lambda i: (rank[i], i))
    results = [
        OptionResult(
            option=options[i],
            score=float(combined[i]),
            low=float(low[i]),
            high=float(high[i]),
            rank=int(rank[i]),
            rank_low=int(rank_low[i]),
            rank_high=int(rank_high[i]),
            p_top3=float(p_top3[i]),
            people=int(sum(p.people[i] for p in prepared)),
            by_method={prepared[j].summary.name: method_score(j, i) for j in range(k)},
        )
        for i in order
    ]
    return PriorityResult(
        options=results,
        methods=summaries,
        weighting=weighting,
        replicates=replicates,
        confidence=confidence,
        seed=seed if isinstance(seed, int) else None,
        notes=notes,
    )

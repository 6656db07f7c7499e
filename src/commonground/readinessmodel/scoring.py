"""From scorers' sheets to a readiness profile, exactly.

The rules (Community Readiness Handbook, and issue 18's contract):

* each interview is scored on each of the six dimensions by two scorers (``a``, ``b``) on
  its own, in whole numbers 1–9, and then given a ``consensus`` score, any number in [1, 9];
* a dimension's score is the mean of its consensus scores over the interviews;
* the overall score is the mean of the six dimension scores;
* a stage is the whole-number part of a score (4.83 is stage 4);
* the scorers' agreement on a dimension is the share of interviews whose ``a`` and ``b``
  scores differ by at most one point.

Decisions where the handbook is silent (documented in docs/readiness.md):

* every interview that appears in a sheet must have a consensus score on every dimension;
  one that lacks it is an error naming the interview's first row, because a mean over a
  different set of interviews per dimension would quietly change what the profile means;
* a dimension with no scores at all is an error naming the dimension;
* ``a`` and ``b`` may be left out for an interview (a consensus recorded from a paper sheet):
  agreement is then the share among the interviews that have both; with none it is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from .model import DIMENSIONS, HIGHEST, LOWEST, SCORERS, stage_name, stage_of

__all__ = ["Profile", "ScoreError", "ScoreRow", "check_row", "score_rows"]


class ScoreError(ValueError):
    """A sheet cannot be scored. ``line`` is the row's line in its file (header = 1) if known."""

    def __init__(self, message: str, *, line: int | None = None, column: str | None = None):
        self.message, self.line, self.column = message, line, column
        super().__init__(self.describe())

    def describe(self) -> str:
        """The one-line message, naming line and column when there are any."""
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ScoreRow:
    """One score: an interview, a dimension letter, a scorer (a, b, consensus) and the score."""

    interview: str
    dimension: str
    scorer: str
    score: Fraction
    line: int | None = None


def check_row(row: ScoreRow) -> None:
    """Raise :class:`ScoreError` if one row breaks the rules on its own."""
    if not row.interview:
        raise ScoreError("the interview is empty", line=row.line, column="interview")
    if row.dimension not in DIMENSIONS:
        raise ScoreError(
            f'unknown dimension "{row.dimension}" (one of {", ".join(DIMENSIONS)})',
            line=row.line,
            column="dimension",
        )
    if row.scorer not in SCORERS:
        raise ScoreError(
            f'unknown scorer "{row.scorer}" (one of {", ".join(SCORERS)})',
            line=row.line,
            column="scorer",
        )
    if not LOWEST <= row.score <= HIGHEST:
        raise ScoreError(
            f"{_show(row.score)} is outside {LOWEST}–{HIGHEST}", line=row.line, column="score"
        )
    if row.scorer != "consensus" and row.score.denominator != 1:
        raise ScoreError(
            f"scorer {row.scorer}'s score {_show(row.score)} is not a whole number "
            "(only a consensus score may have a fraction)",
            line=row.line,
            column="score",
        )


@dataclass(frozen=True)
class DimensionResult:
    """One dimension's score, stage, the consensus scores behind it and the scorers' agreement."""

    letter: str
    score: Fraction
    stage: int
    consensus: dict[str, Fraction]
    agreement: Fraction | None
    compared: int  # interviews with both a and b

    @property
    def name(self) -> str:
        return DIMENSIONS[self.letter]


@dataclass(frozen=True)
class Profile:
    """A scored assessment: the six dimensions, the overall score and stage."""

    dimensions: dict[str, DimensionResult]
    overall: Fraction
    interviews: tuple[str, ...]
    disagreements: tuple[tuple[str, str, int, int], ...] = field(default=())
    """(interview, dimension, a, b) where a and b differ by more than one point."""

    @property
    def stage(self) -> int:
        return stage_of(self.overall)

    @property
    def stage_name(self) -> str:
        return stage_name(self.stage)

    @property
    def lowest(self) -> tuple[str, ...]:
        """The dimensions at the lowest stage, where the model advises starting."""
        low = min(d.stage for d in self.dimensions.values())
        return tuple(k for k, d in self.dimensions.items() if d.stage == low)

    def as_contract(self) -> dict[str, object]:
        """The contract's JSON shape: exact values turned into floats only here."""
        return {
            "dimensions": {k: float(d.score) for k, d in self.dimensions.items()},
            "overall": float(self.overall),
            "stage": self.stage,
            "stage_name": self.stage_name,
            "agreement": {
                k: None if d.agreement is None else float(d.agreement)
                for k, d in self.dimensions.items()
            },
        }


def score_rows(rows: Iterable[ScoreRow]) -> Profile:
    """Score a whole sheet; :class:`ScoreError` names the first row (by line) that is wrong."""
    cells: dict[tuple[str, str, str], ScoreRow] = {}
    first_line: dict[str, int | None] = {}
    group_line: dict[tuple[str, str], int | None] = {}
    for row in rows:
        check_row(row)
        key = (row.interview, row.dimension, row.scorer)
        if key in cells:
            earlier = cells[key].line
            raise ScoreError(
                f'a second {row.scorer} score for interview "{row.interview}", dimension '
                f"{row.dimension}" + (f" (the first is on line {earlier})" if earlier else ""),
                line=row.line,
            )
        cells[key] = row
        first_line.setdefault(row.interview, row.line)
        group_line.setdefault((row.interview, row.dimension), row.line)
    interviews = tuple(first_line)
    scored = {d for _, d, _ in cells}
    for letter in DIMENSIONS:
        if letter not in scored:
            raise ScoreError(
                f"dimension {letter} ({DIMENSIONS[letter]}) has no scores for any interview: "
                "every interview is scored on all six dimensions"
            )
    missing = []
    for interview in interviews:
        for letter in DIMENSIONS:
            if (interview, letter, "consensus") in cells:
                continue
            line = group_line.get((interview, letter), first_line[interview])
            missing.append((line or 0, interview, letter))
    if missing:
        line, interview, letter = min(missing)
        raise ScoreError(
            f'interview "{interview}" has no consensus score for dimension {letter}',
            line=line or None,
        )
    results: dict[str, DimensionResult] = {}
    disagreements = []
    for letter in DIMENSIONS:
        consensus = {i: cells[(i, letter, "consensus")].score for i in interviews}
        score = sum(consensus.values(), Fraction(0)) / len(interviews)
        both = [
            (i, cells[(i, letter, "a")].score, cells[(i, letter, "b")].score)
            for i in interviews
            if (i, letter, "a") in cells and (i, letter, "b") in cells
        ]
        close = sum(1 for _, a, b in both if abs(a - b) <= 1)
        disagreements += [(i, letter, int(a), int(b)) for i, a, b in both if abs(a - b) > 1]
        results[letter] = DimensionResult(
            letter=letter,
            score=score,
            stage=stage_of(score),
            consensus=consensus,
            agreement=Fraction(close, len(both)) if both else None,
            compared=len(both),
        )
    overall = sum((d.score for d in results.values()), Fraction(0)) / len(results)
    return Profile(results, overall, interviews, tuple(disagreements))


def _show(value: Fraction) -> str:
    """A score as a person wrote it: 4, 4.5, or 14/3 when it has no short decimal."""
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            text = f"{abs(scaled.numerator):0{places + 1}d}"
            sign = "-" if value < 0 else ""
            return f"{sign}{text[:-places]}.{text[-places:]}"
    return str(value)

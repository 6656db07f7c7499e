"""The linking attitude survey, analysed: how the share of children choosing the smiley
("agree") answer changed from before the linking year to after it, with a 95% confidence interval.

Answers are entered as counts per class (no names), so the before and after groups cannot be
matched child by child: they are treated as two independent samples, and the interval for the
difference of two proportions is Newcombe's hybrid score interval (statsmodels), which behaves
well with small classes and with shares near 0 or 1.  For "all five statements" the five answers
of one child are not independent, so the pooled share is given the weight of the number of
children (the largest count answering any one statement), not of answers: a conservative
interval.  No Django here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from statsmodels.stats.proportion import confint_proportions_2indep

Counts = tuple[int, int, int]
"""(agree, not sure, disagree) for one statement."""


@dataclass(frozen=True)
class Change:
    """The share agreeing before and after, the change, and its 95% interval (None when a side
    has no answers)."""

    before_n: float
    after_n: float
    before: float | None
    after: float | None
    change: float | None
    low: float | None
    high: float | None

    @property
    def clear(self) -> str:
        """ "up" or "down" when the interval excludes no change, else "unclear"."""
        if self.low is None or self.high is None:
            return "unclear"
        if self.low > 0:
            return "up"
        if self.high < 0:
            return "down"
        return "unclear"


def change(before_agree: float, before_n: float, after_agree: float, after_n: float) -> Change:
    """The change in the share agreeing, after minus before, with Newcombe's 95% interval."""
    if before_n <= 0 or after_n <= 0:
        return Change(
            before_n,
            after_n,
            before_agree / before_n if before_n > 0 else None,
            after_agree / after_n if after_n > 0 else None,
            None,
            None,
            None,
        )
    low, high = confint_proportions_2indep(
        after_agree, after_n, before_agree, before_n, method="newcomb", compare="diff", alpha=0.05
    )
    before = before_agree / before_n
    after = after_agree / after_n
    return Change(before_n, after_n, before, after, after - before, float(low), float(high))


def statement_change(before: Iterable[Counts], after: Iterable[Counts]) -> Change:
    """One statement: counts summed over the classes given, before and after."""
    b = [sum(c) for c in zip(*before, strict=True)] or [0, 0, 0]
    a = [sum(c) for c in zip(*after, strict=True)] or [0, 0, 0]
    return change(b[0], sum(b), a[0], sum(a))


def overall_change(before: Sequence[Counts], after: Sequence[Counts]) -> Change:
    """All statements together: the mean of the statements' shares agreeing, weighted as the
    number of children (the largest number answering one statement), not of answers."""

    def pooled(rows: Sequence[Counts]) -> tuple[float, float]:
        answered = [r for r in rows if sum(r) > 0]
        if not answered:
            return 0.0, 0.0
        share = sum(r[0] / sum(r) for r in answered) / len(answered)
        children = max(sum(r) for r in answered)
        return share * children, float(children)

    b_agree, b_n = pooled(before)
    a_agree, a_n = pooled(after)
    return change(b_agree, b_n, a_agree, a_n)

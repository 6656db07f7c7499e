"""The linking attitude survey: five child-friendly statements on a three-point smiley scale,
answered before and after the linking year with no names (a teacher enters a class's counts),
and the change by pair and overall with 95% confidence intervals
(:mod:`commonground.schoolmix.survey`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from commonground.schoolmix.survey import Change, overall_change, statement_change

STATEMENTS = (
    _("I would like to make friends with children from another school."),
    _("Children who are different from me can be good friends."),
    _("I feel happy when I meet children I do not know."),
    _("People from different backgrounds can get on well together."),
    _("I would like to learn about other children's families and festivals."),
)
"""Statement n (from 1) is ``STATEMENTS[n - 1]``; all are worded so that 😊 is the hoped-for
answer, which keeps the scale easy for young children."""

ANSWERS = (("agree", "😊", _("Yes")), ("unsure", "😐", _("Not sure")), ("disagree", "☹️", _("No")))


@dataclass(frozen=True)
class PairResult:
    pair: object
    overall: Change
    statements: list[Change]


@dataclass(frozen=True)
class Results:
    pairs: list[PairResult]
    statements: list[tuple[str, Change]]
    overall: Change


def results(linking_year) -> Results:
    """The year's survey: for each pair (both schools' classes together) and for all pairs.

    Counts come from one source: the year's Conversations surveys (:mod:`.survey_consult`)
    once the year has them (opening them carries the counts entered earlier over), else the
    counts entered on the class-count form (:class:`.models.SurveyCount`)."""
    from .models import LinkPair, SurveyCount
    from .survey_consult import cells as consult_cells

    if linking_year.in_conversations:
        by_class = consult_cells(linking_year)
    else:
        by_class = {
            (row.pair_id, row.school_id, row.stage, row.statement): (
                row.agree,
                row.unsure,
                row.disagree,
            )
            for row in SurveyCount.objects.filter(pair__linking_year=linking_year)
        }
    cells: dict[tuple[int, str, int], list[tuple[int, int, int]]] = defaultdict(list)
    for (pair_id, _school_id, stage, n), counts in sorted(by_class.items()):
        cells[(pair_id, stage, n)].append(counts)
    numbers = range(1, len(STATEMENTS) + 1)

    def summed(pair_ids, stage: str, n: int) -> tuple[int, int, int]:
        rows = [c for pid in pair_ids for c in cells.get((pid, stage, n), [])]
        return tuple(sum(col) for col in zip(*rows, strict=True)) if rows else (0, 0, 0)

    pairs = []
    surveyed = sorted({pid for pid, _s, _n in cells})
    by_id = {
        p.pk: p
        for p in LinkPair.objects.filter(pk__in=surveyed).select_related("school_a", "school_b")
    }
    for pid in surveyed:
        before = [summed([pid], "before", n) for n in numbers]
        after = [summed([pid], "after", n) for n in numbers]
        pairs.append(
            PairResult(
                by_id[pid],
                overall_change(before, after),
                [statement_change([b], [a]) for b, a in zip(before, after, strict=True)],
            )
        )
    before = [summed(surveyed, "before", n) for n in numbers]
    after = [summed(surveyed, "after", n) for n in numbers]
    statements = [
        (str(STATEMENTS[n - 1]), statement_change([before[n - 1]], [after[n - 1]])) for n in numbers
    ]
    return Results(pairs, statements, overall_change(before, after))

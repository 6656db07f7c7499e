"""A choose-1 election reduced to what the greedy rules read: each project's number of votes.

On a choose-1 ballot a voter names one project, so a greedy rule's order is the vote count of
each project, and nothing else about a ballot matters.  ``commonground pb compute`` with a
greedy rule reads such a file into a :class:`Tally` instead of an
:class:`~.election.Election`: the reader checks every row exactly as it does for an election,
but no ballot array is made and NumPy is never imported (see :mod:`.lazy_numpy`), which is
most of the run's time on a file of tens of thousands of voters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from .election import Project, parse_number


@dataclass(eq=False)
class Tally:
    """META, the projects and each project's vote count, in project order."""

    meta: dict[str, str]
    projects: list[Project]
    votes: list[int] = field(default_factory=list)

    @classmethod
    def count(cls, meta: dict[str, str], projects: list[Project], items: Iterable[int]) -> Tally:
        """Count the project indices of the ballots' entries (``items``)."""
        counted = Counter(items)
        return cls(meta, projects, [counted[j] for j in range(len(projects))])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def m(self) -> int:
        return len(self.projects)

    @cached_property
    def ids(self) -> list[str]:
        return [p.id for p in self.projects]

    @cached_property
    def costs(self) -> list[Fraction]:
        return [p.cost for p in self.projects]

    @cached_property
    def budget(self) -> Fraction:
        return parse_number(self.meta["budget"])

    @property
    def num_supporters(self) -> list[int]:
        """Voters naming each project (what the equalshares tie-break counts as votes)."""
        return self.votes

    @cached_property
    def scores(self) -> list[Fraction]:
        """Greedy's score of each project: its votes (cost satisfaction, as in a Profile)."""
        return [Fraction(v) for v in self.votes]

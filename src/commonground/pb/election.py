"""The election data model: projects, a budget and ballots held as compact NumPy arrays.

Ballots are stored row-wise in CSR form (``indptr`` / ``items`` / ``points``) because that is both
how a .pb file lists them (one voter per row) and the cheapest form to transpose into per-project
supporter lists, which is what every rule needs.  Everything that the file carries but the rules
do not need (names, categories, voter ages, …) is kept verbatim as strings, so that writing an
election back gives the same election.

An :class:`Election` can be built from plain Python data (as the ``fund`` app does from its
database) with :meth:`Election.build`, or read from a file with :func:`commonground.pb.read_pb`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from commonground.numbers import parse_number as strict_number

from .lazy_numpy import np

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
"""Vote types of the Pabulib format."""

POINTS_VOTE_TYPES = ("cumulative", "scoring")
"""Vote types whose ballots carry a ``points`` column."""


_RATIO = re.compile(r"\s*(\d{1,30})/(\d{1,30})\s*")
"""``n/d``: how :func:`format_number` writes a rational that no decimal represents."""


def parse_number(text: str | int | float | Fraction | Decimal) -> Fraction:
    """Parse a cost/budget/points value exactly (``"400000.0"``, ``"1,234,567"``, ``"1/3"``).

    Exact rationals keep every comparison between costs and budgets free of rounding.  Text
    goes through the shared strict parser (:func:`commonground.numbers.parse_number`), so a
    cell every reader would not read the same way (``"5,5"``, ``"1_0"``, ``"1e400"``) raises
    :class:`ValueError` with the reason instead of becoming a silently wrong amount.
    """
    if isinstance(text, Fraction):
        return text
    if isinstance(text, int):
        return Fraction(text)
    if isinstance(text, float):
        return Fraction(repr(text))
    if isinstance(text, Decimal):
        return Fraction(text)
    ratio = _RATIO.fullmatch(text)
    if ratio:
        if int(ratio[2]) == 0:
            raise ValueError(f"{text.strip()!r} divides by zero")
        return Fraction(int(ratio[1]), int(ratio[2]))
    value = strict_number(text)
    if value is None:
        raise ValueError("empty cell, expected a number")
    return Fraction(value)


def format_number(value: Fraction | int | float) -> str:
    """Write a number the way Pabulib files do: integers without a decimal point."""
    value = parse_number(value) if not isinstance(value, Fraction) else value
    if value.denominator == 1:
        return str(value.numerator)
    as_float = float(value)
    if Fraction(repr(as_float)) == value:
        return repr(as_float)
    return f"{value.numerator}/{value.denominator}"


@dataclass(eq=True)
class Project:
    """A project: its id (a string, as in the file), exact cost, name and any other columns."""

    id: str
    cost: Fraction
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = str(self.id)
        self.cost = parse_number(self.cost)
        if self.cost < 0:
            raise ValueError(f"project {self.id!r} has a negative cost")


@dataclass(eq=False)
class Election:
    """A participatory-budgeting election.

    Attributes:
        meta: the META section, in file order (``budget`` and ``vote_type`` always present).
        projects: the projects, in file order.
        voter_ids: one id per ballot.
        indptr, items: CSR rows: voter ``v`` lists project indices
            ``items[indptr[v]:indptr[v + 1]]`` (in ballot order; for ordinal ballots, rank order).
        points: for cumulative/scoring ballots the points aligned with ``items`` (float64; exact
            for integers), else ``None``.
        exact_points: exact points when some are not integers, else ``None``.
        voter_extra: the other VOTES columns (raw strings, one list per column; a read-only
            mapping that slices each column from the file's rows when first asked for).
        project_columns, voter_columns: column order of the PROJECTS and VOTES headers.
    """

    meta: dict[str, str]
    projects: list[Project]
    voter_ids: list[str]
    indptr: np.ndarray
    items: np.ndarray
    points: np.ndarray | None = None
    exact_points: list[Fraction] | None = None
    voter_extra: Mapping[str, list[str]] = field(default_factory=dict)
    project_columns: list[str] = field(default_factory=list)
    voter_columns: list[str] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote_type {self.vote_type!r}")
        self.indptr = np.asarray(self.indptr, dtype=np.int64)
        self.items = np.asarray(self.items, dtype=np.int32)
        if self.points is not None:
            self.points = np.asarray(self.points, dtype=np.float64)
        self._index = {p.id: i for i, p in enumerate(self.projects)}
        if len(self._index) != len(self.projects):
            raise ValueError("project ids must be unique")
        if not self.project_columns:
            self.project_columns = _default_project_columns(self.projects)
        if not self.voter_columns:
            self.voter_columns = ["voter_id", "vote"]
            if self.points is not None:
                self.voter_columns.append("points")
            self.voter_columns += [c for c in self.voter_extra if c not in self.voter_columns]

    # ------------------------------------------------------------------ basic properties
    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def budget(self) -> Fraction:
        """The budget limit, exactly."""
        return parse_number(self.meta["budget"])

    @property
    def num_voters(self) -> int:
        return len(self.voter_ids)

    @property
    def num_projects(self) -> int:
        return len(self.projects)

    @property
    def costs(self) -> list[Fraction]:
        return [p.cost for p in self.projects]

    def project_index(self, project_id: str) -> int:
        """Index of a project id (``KeyError`` if unknown)."""
        return self._index[str(project_id)]

    def ballot(self, voter: int) -> list[str] | dict[str, Fraction]:
        """One ballot in plain form: a list of ids, or ``{id: points}`` for points ballots."""
        lo, hi = self.indptr[voter], self.indptr[voter + 1]
        ids = [self.projects[j].id for j in self.items[lo:hi]]
        if self.points is None:
            return ids
        if self.exact_points is not None:
            pts = self.exact_points[lo:hi]
        else:
            pts = [Fraction(int(x)) if x.is_integer() else Fraction(x) for x in self.points[lo:hi]]
        return dict(zip(ids, pts, strict=True))

    def official_selected(self) -> list[str] | None:
        """Ids of projects whose ``selected`` column is 1, or ``None`` if the file has none."""
        if "selected" not in self.project_columns:
            return None
        return [p.id for p in self.projects if p.extra.get("selected", "").strip() == "1"]

    # ------------------------------------------------------------------ construction
    @classmethod
    def build(
        cls,
        projects: Iterable[Project | Mapping[str, Any]],
        ballots: Iterable[Sequence[str] | Mapping[str, Any]],
        budget: Fraction | int | float | str,
        vote_type: str = "approval",
        meta: Mapping[str, str] | None = None,
        voter_ids: Sequence[str] | None = None,
    ) -> Election:
        """Build an election from plain Python data.

        ``projects`` are :class:`Project` objects or dicts with ``id``, ``cost`` and optionally
        ``name`` (any other key becomes an extra column).  Each ballot is a list of project ids
        (approval, choose-1, ordinal in rank order) or a mapping ``{id: points}`` (cumulative,
        scoring).  This is the entry point for callers that hold ballots in a database.
        """
        project_list = [_as_project(p) for p in projects]
        index = {p.id: i for i, p in enumerate(project_list)}
        indptr = [0]
        items: list[int] = []
        raw_points: list[Fraction] = []
        with_points = vote_type in POINTS_VOTE_TYPES
        for ballot in ballots:
            if with_points:
                if not isinstance(ballot, Mapping):
                    raise ValueError(f"{vote_type} ballots must be mappings {{id: points}}")
                pairs = [(str(k), parse_number(v)) for k, v in ballot.items()]
            else:
                pairs = [(str(k), Fraction(1)) for k in ballot]
            seen: set[str] = set()
            for pid, pts in pairs:
                if pid not in index:
                    raise ValueError(f"ballot names unknown project {pid!r}")
                if pid in seen:
                    raise ValueError(f"ballot names project {pid!r} twice")
                seen.add(pid)
                items.append(index[pid])
                raw_points.append(pts)
            indptr.append(len(items))
        n = len(indptr) - 1
        all_meta = {
            "description": "",
            "num_projects": "",
            "num_votes": "",
            "budget": "",
            "vote_type": vote_type,
        }
        all_meta.update(meta or {})
        all_meta.update(
            {
                "num_projects": str(len(project_list)),
                "num_votes": str(n),
                "budget": format_number(parse_number(budget)),
                "vote_type": vote_type,
            }
        )
        ids = (
            [str(v) for v in voter_ids] if voter_ids is not None else [str(i + 1) for i in range(n)]
        )
        if len(ids) != n:
            raise ValueError("voter_ids must have one id per ballot")
        points, exact = _points_arrays(raw_points) if with_points else (None, None)
        return cls(
            meta=all_meta,
            projects=project_list,
            voter_ids=ids,
            indptr=np.asarray(indptr, dtype=np.int64),
            items=np.asarray(items, dtype=np.int32),
            points=points,
            exact_points=exact,
        )

    # ------------------------------------------------------------------ comparison
    def same_as(self, other: Election) -> bool:
        """True when both elections hold the same meta, projects and ballots (round-trip check)."""
        return (
            self.meta == other.meta
            and self.projects == other.projects
            and self.voter_ids == other.voter_ids
            and np.array_equal(self.indptr, other.indptr)
            and np.array_equal(self.items, other.items)
            and _same_points(self, other)
            and self.voter_extra == other.voter_extra
        )

    def __repr__(self) -> str:
        return (
            f"Election({self.meta.get('description', '')!r}, vote_type={self.vote_type!r}, "
            f"projects={self.num_projects}, voters={self.num_voters}, "
            f"budget={format_number(self.budget)})"
        )


def _as_project(p: Project | Mapping[str, Any]) -> Project:
    if isinstance(p, Project):
        return p
    data = dict(p)
    pid = data.pop("id", data.pop("project_id", None))
    if pid is None:
        raise ValueError("every project needs an 'id'")
    cost = data.pop("cost")
    name = str(data.pop("name", ""))
    return Project(
        id=str(pid), cost=parse_number(cost), name=name, extra={k: str(v) for k, v in data.items()}
    )


def _points_arrays(raw: list[Fraction]) -> tuple[np.ndarray, list[Fraction] | None]:
    floats = np.array([float(x) for x in raw], dtype=np.float64)
    exact = None if all(x.denominator == 1 for x in raw) else list(raw)
    return floats, exact


def _same_points(a: Election, b: Election) -> bool:
    if (a.points is None) != (b.points is None):
        return False
    if a.points is None:
        return True
    return np.array_equal(a.points, b.points) and a.exact_points == b.exact_points


def _default_project_columns(projects: list[Project]) -> list[str]:
    columns = ["project_id", "cost"]
    if any(p.name for p in projects):
        columns.append("name")
    for p in projects:
        for key in p.extra:
            if key not in columns:
                columns.append(key)
    return columns

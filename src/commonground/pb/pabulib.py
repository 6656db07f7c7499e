"""Reading and writing Pabulib ``.pb`` files.

A .pb file has three ``;``-separated sections: META (``key;value``), PROJECTS (one project per
row) and VOTES (one voter per row).  Fields may be CSV-quoted with ``"``; files may use CRLF line
endings and a UTF-8 byte-order mark.  We parse with the C ``csv`` reader in one streaming pass
(no whole-file string is built), which keeps the largest Pabulib files well under a second.

Every optional column is kept as a raw string, so ``read_pb(write_pb(e))`` is the same election.
A malformed file raises :class:`PabulibError`, which carries the 1-based line number.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from fractions import Fraction
from typing import IO

import numpy as np

from .election import POINTS_VOTE_TYPES, VOTE_TYPES, Election, Project, format_number

SECTIONS = ("meta", "projects", "votes")


class PabulibError(ValueError):
    """A malformed .pb file: ``line`` is the 1-based line number (0 if unknown)."""

    def __init__(self, message: str, line: int = 0, source: str | None = None) -> None:
        self.line = line
        self.message = message
        self.source = source
        where = f"{source}:" if source else ""
        super().__init__(f"{where}{line}: {message}" if line else f"{where} {message}".strip())


class _Rows:
    """CSV rows with the line number each row starts on; blank rows are skipped."""

    def __init__(self, stream: IO[str]) -> None:
        self._reader = csv.reader(stream, delimiter=";", quotechar='"')
        self.line = 0

    def __iter__(self) -> Iterator[list[str]]:
        reader = self._reader
        previous_end = 0
        for row in reader:
            self.line = previous_end + 1
            previous_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield row


def read_pb(source: str | os.PathLike[str] | IO[str]) -> Election:
    """Read a .pb file (a path or an open text stream) into an :class:`Election`."""
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        with open(name, encoding="utf-8-sig", newline="") as stream:
            return _parse(stream, name)
    return _parse(source, getattr(source, "name", None))


def read_pb_string(text: str) -> Election:
    """Parse the contents of a .pb file given as a string."""
    return _parse(io.StringIO(text.lstrip("\ufeff"), newline=""), None)


def _parse(stream: IO[str], source: str | None) -> Election:
    rows = _Rows(stream)
    parser = _Parser(source)
    try:
        parser.run(rows)
    except PabulibError as error:
        if error.source is None and source is not None:
            raise PabulibError(error.message, error.line, source) from None
        raise
    return parser.election(rows.line)


class _Parser:
    """A small state machine over the three sections."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self.meta: dict[str, str] = {}
        self.meta_line: dict[str, int] = {}
        self.projects: list[Project] = []
        self.project_columns: list[str] = []
        self.index: dict[str, int] = {}
        self.voter_columns: list[str] = []
        self.voter_ids: list[str] = []
        self.seen_voters: set[str] = set()
        self.indptr: list[int] = [0]
        self.items: list[int] = []
        self.points: list[str] = []
        self.voter_extra: dict[str, list[str]] = {}
        self.seen_sections: list[str] = []

    def fail(self, message: str, line: int) -> None:
        raise PabulibError(message, line, self.source)

    # ----------------------------------------------------------------------------- driver
    def run(self, rows: _Rows) -> None:
        section = None
        header: list[str] | None = None
        handle = None
        for row in rows:
            first = row[0].strip().lower()
            if len(row) == 1 and first in SECTIONS:
                section = self._enter(first, rows.line)
                header = None
                continue
            if section is None:
                self.fail("expected the META section header first", rows.line)
            if header is None:
                header = [h.strip() for h in row]
                handle = self._start(section, header, rows.line)
                continue
            handle(row, rows.line)
        if not self.seen_sections:
            self.fail("empty file: no META section", max(rows.line, 1))
        for needed in SECTIONS:
            if needed not in self.seen_sections:
                self.fail(f"missing {needed.upper()} section", max(rows.line, 1))
        if header is None:
            self.fail(f"{self.seen_sections[-1].upper()} section has no header row", rows.line)

    def _enter(self, section: str, line: int) -> str:
        expected = SECTIONS[len(self.seen_sections)] if len(self.seen_sections) < 3 else None
        if section != expected:
            self.fail(
                f"section {section.upper()} out of order (expected "
                f"{expected.upper() if expected else 'end of file'})",
                line,
            )
        self.seen_sections.append(section)
        if section == "projects":
            self._check_meta(line)
        return section

    def _start(self, section: str, header: list[str], line: int):
        if len(set(header)) != len(header):
            self.fail(f"duplicate column in {section.upper()} header", line)
        if section == "meta":
            return self._meta_row
        if section == "projects":
            for needed in ("project_id", "cost"):
                if needed not in header:
                    self.fail(f"PROJECTS header lacks the '{needed}' column", line)
            self.project_columns = header
            return self._project_row
        for needed in ("voter_id", "vote"):
            if needed not in header:
                self.fail(f"VOTES header lacks the '{needed}' column", line)
        vote_type = self.meta["vote_type"]
        if vote_type in POINTS_VOTE_TYPES and "points" not in header:
            self.fail(
                f"VOTES header lacks the 'points' column needed for {vote_type} ballots", line
            )
        self.voter_columns = header
        self._vote_pos = header.index("vote")
        self._id_pos = header.index("voter_id")
        self._points_pos = header.index("points") if vote_type in POINTS_VOTE_TYPES else -1
        self._extra_pos = [
            (i, c)
            for i, c in enumerate(header)
            if i not in (self._vote_pos, self._id_pos, self._points_pos)
        ]
        self.voter_extra = {c: [] for _, c in self._extra_pos}
        self._max_one = vote_type == "choose-1"
        return self._vote_row

    # ----------------------------------------------------------------------------- META
    def _meta_row(self, row: list[str], line: int) -> None:
        key = row[0].strip()
        if not key:
            self.fail("META row without a key", line)
        if len(row) < 2:
            self.fail(f"META key '{key}' has no value", line)
        if key in self.meta:
            self.fail(f"META key '{key}' appears twice", line)
        self.meta[key] = ";".join(row[1:]).strip()
        self.meta_line[key] = line

    def _check_meta(self, line: int) -> None:
        for needed in ("budget", "vote_type"):
            if needed not in self.meta:
                self.fail(f"META lacks the '{needed}' key", line)
        if self.meta["vote_type"] not in VOTE_TYPES:
            self.fail(
                f"unknown vote_type '{self.meta['vote_type']}' (expected one of "
                f"{', '.join(VOTE_TYPES)})",
                self.meta_line["vote_type"],
            )
        self._number(self.meta["budget"], "budget", self.meta_line["budget"])

    def _number(self, text: str, what: str, line: int) -> Fraction:
        try:
            value = Fraction(text.strip().replace(",", "."))
        except (ValueError, ZeroDivisionError):
            self.fail(f"{what} '{text}' is not a number", line)
        if value < 0:
            self.fail(f"{what} '{text}' is negative", line)
        return value

    # ----------------------------------------------------------------------------- PROJECTS
    def _project_row(self, row: list[str], line: int) -> None:
        header = self.project_columns
        if len(row) != len(header):
            self.fail(
                f"project row has {len(row)} fields, the PROJECTS header has {len(header)}", line
            )
        data = {h: v.strip() for h, v in zip(header, row, strict=True)}
        pid = data.pop("project_id")
        if not pid:
            self.fail("empty project_id", line)
        if pid in self.index:
            self.fail(f"project '{pid}' is listed twice", line)
        cost = self._number(data.pop("cost"), f"cost of project '{pid}'", line)
        name = data.pop("name", "")
        self.index[pid] = len(self.projects)
        self.projects.append(Project(id=pid, cost=cost, name=name, extra=data))

    # ----------------------------------------------------------------------------- VOTES
    def _vote_row(self, row: list[str], line: int) -> None:
        if len(row) != len(self.voter_columns):
            self.fail(
                f"vote row has {len(row)} fields, the VOTES header has {len(self.voter_columns)}",
                line,
            )
        voter = row[self._id_pos].strip()
        if voter in self.seen_voters:
            self.fail(f"voter '{voter}' is listed twice", line)
        self.seen_voters.add(voter)
        vote = row[self._vote_pos].strip()
        ids = [v.strip() for v in vote.split(",")] if vote else []
        index = self.index
        try:
            chosen = [index[v] for v in ids]
        except KeyError:
            unknown = next(v for v in ids if v not in index)
            self.fail(f"voter '{voter}' votes for unknown project '{unknown}'", line)
        if len(set(chosen)) != len(chosen):
            self.fail(f"voter '{voter}' names the same project twice", line)
        if self._max_one and len(chosen) > 1:
            self.fail(f"voter '{voter}' chose {len(chosen)} projects in a choose-1 election", line)
        if self._points_pos >= 0:
            raw = row[self._points_pos].strip()
            pts = [p.strip() for p in raw.split(",")] if raw else []
            if len(pts) != len(chosen):
                self.fail(f"voter '{voter}' has {len(chosen)} projects but {len(pts)} points", line)
            for p in pts:
                self._number(p, f"points '{p}' of voter '{voter}'", line)
            self.points.extend(pts)
        self.items.extend(chosen)
        self.indptr.append(len(self.items))
        self.voter_ids.append(voter)
        for i, column in self._extra_pos:
            self.voter_extra[column].append(row[i])

    # ----------------------------------------------------------------------------- result
    def election(self, last_line: int) -> Election:
        points = exact = None
        if self.meta["vote_type"] in POINTS_VOTE_TYPES:
            exact_values = [Fraction(p.replace(",", ".")) for p in self.points]
            points = np.array([float(x) for x in exact_values], dtype=np.float64)
            if any(x.denominator != 1 for x in exact_values):
                exact = exact_values
        return Election(
            meta=self.meta,
            projects=self.projects,
            voter_ids=self.voter_ids,
            indptr=np.asarray(self.indptr, dtype=np.int64),
            items=np.asarray(self.items, dtype=np.int32),
            points=points,
            exact_points=exact,
            voter_extra=self.voter_extra,
            project_columns=self.project_columns,
            voter_columns=self.voter_columns,
        )


# =============================================================================== writing
def write_pb(election: Election, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write ``election`` as a .pb file (a path or an open text stream)."""
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            _write(election, stream)
    else:
        _write(election, target)


def write_pb_string(election: Election) -> str:
    """The .pb text of ``election``."""
    buffer = io.StringIO(newline="")
    _write(election, buffer)
    return buffer.getvalue()


def _write(election: Election, stream: IO[str]) -> None:
    writer = csv.writer(stream, delimiter=";", quotechar='"', lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in election.meta.items():
        writer.writerow([key, value])
    writer.writerow(["PROJECTS"])
    columns = election.project_columns
    writer.writerow(columns)
    for project in election.projects:
        writer.writerow([_project_field(project, c) for c in columns])
    writer.writerow(["VOTES"])
    columns = election.voter_columns
    writer.writerow(columns)
    _write_votes(election, writer, columns)


def _project_field(project: Project, column: str) -> str:
    if column == "project_id":
        return project.id
    if column == "cost":
        return format_number(project.cost)
    if column == "name":
        return project.name
    return project.extra.get(column, "")


def _write_votes(election: Election, writer, columns: list[str]) -> None:
    ids = [p.id for p in election.projects]
    indptr, items = election.indptr, election.items.tolist()
    if election.points is not None:
        values = election.exact_points or election.points.tolist()
        point_text = [
            format_number(Fraction(v) if not isinstance(v, Fraction) else v) for v in values
        ]
    else:
        point_text = None
    bounds = indptr.tolist()
    blank = [""] * len(election.voter_ids)
    extra = {c: election.voter_extra.get(c, blank) for c in columns}
    for v, voter in enumerate(election.voter_ids):
        lo, hi = bounds[v], bounds[v + 1]
        row = []
        for column in columns:
            if column == "voter_id":
                row.append(voter)
            elif column == "vote":
                row.append(",".join(ids[j] for j in items[lo:hi]))
            elif column == "points" and point_text is not None:
                row.append(",".join(point_text[lo:hi]))
            else:
                row.append(extra[column][v])
        writer.writerow(row)

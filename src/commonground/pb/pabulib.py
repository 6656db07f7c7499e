"""Reading and writing Pabulib ``.pb`` files.

A .pb file has three ``;``-separated sections: META (``key;value``), PROJECTS (one project per
row) and VOTES (one voter per row).  Fields may be CSV-quoted with ``"``; files may use CRLF line
endings and a UTF-8 byte-order mark.  A file is read as bytes, checked for NUL bytes and decoded
in one call (so a bad byte is reported with its exact line).  META, PROJECTS and the VOTES
header go through the C ``csv`` reader row by row.

The VOTES rows — nearly all of a file, tens of thousands of lines — are read in bulk
(:meth:`_Parser._bulk_votes`): the positions of the separators are found in the bytes, the vote
entries are cut out of them as fixed-width byte strings (64-bit integers when project ids are
at most 8 bytes) and matched against the project ids with one sorted search, the voter ids are
decoded in one piece, and every check (field counts, voter ids, ballot lengths, duplicate
projects, points, META limits) is an array operation (points columns, and entries that are not
exactly a project id, take the earlier path: fields split with a few string calls and one
dictionary lookup per vote), so no Python code runs per voter and a run spends its time
reading the file, not interpreting it.  Any doubt — a quote, a blank or broken line, a check
that fails — hands the section back, untouched, to the row-by-row reader, which reads the file
exactly as before and reports the first problem at its line; the two readers give the same
election on every file (``tests/test_bulk_reader.py`` and ``tests/test_bytes_votes.py``
compare them on every shared file, on damaged copies and on generated sections).

Every optional column is kept as a raw string, so ``read_pb(write_pb(e))`` is the same election.

Nothing is guessed: a malformed file raises :class:`PabulibError`, whose text is one line
``FILE:LINE: what is wrong``.  Besides the format itself, the reader checks what the rules rely
on — numbers (strict: ``5,5`` and ``1_0`` are refused, amounts must be exact in float64),
budget and costs above zero, unique project and voter ids, votes naming known projects, the
ballots against META's ``min_length``/``max_length``, ``min_points``/``max_points``,
``min_sum_points``/``max_sum_points`` and ``max_sum_cost`` — and that META ``num_projects`` and
``num_votes`` equal what was read, so a file cut short or missing lines is refused instead of
being counted on fewer voters.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import IO, cast

from .election import POINTS_VOTE_TYPES, VOTE_TYPES, Election, Project, format_number, parse_number
from .greedy import GREEDY_RULES
from .lazy_numpy import np
from .tally import Tally

SECTIONS = ("meta", "projects", "votes")

MAX_FILE_BYTES = 256 * 2**20
"""Largest file read: sixty times the largest Pabulib file (Kraków 2024, 4 MB), and a bound
on memory and time when the path is something endless such as ``/dev/zero``."""

MAX_AMOUNT = 10**15
"""Largest budget or cost accepted: amounts up to 2**53 (about 9.007e15) are exact in the
float64 arithmetic MES runs in, and no public budget comes near it."""

MAX_POINTS = 10**9
"""Largest points value accepted on one ballot entry (sums over a million voters stay exact)."""

MAX_COUNT = 10**9
"""Largest whole-number META field (``num_votes``, ``max_length``, …) accepted."""

REQUIRED_META = ("budget", "vote_type", "num_projects", "num_votes")
"""META keys every file must have (the Pabulib format makes them obligatory; the counts are
what lets the reader notice a file that lost lines)."""


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

    def __init__(self, lines: Iterable[str]) -> None:
        self._reader = csv.reader(lines, delimiter=";", quotechar='"')
        self.line = 0

    def __iter__(self) -> Iterator[list[str]]:
        reader = self._reader
        previous_end = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # reported where the broken record starts
                runs_on = reader.line_num > previous_end + 1
                raise PabulibError(
                    f"cannot split the line into ';'-separated fields ({error}"
                    + (
                        f"; it runs on to line {reader.line_num}: an unclosed '\"'?)"
                        if runs_on
                        else ")"
                    ),
                    previous_end + 1,
                ) from None
            self.line = previous_end + 1
            previous_end = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield row


def read_pb(source: str | os.PathLike[str] | IO[str]) -> Election:
    """Read a .pb file (a path or an open text stream) into an :class:`Election`."""
    return cast(Election, _read(source, tally=False))


def read_pb_for_rule(source: str | os.PathLike[str] | IO[str], rule: str) -> Election | Tally:
    """Read what ``rule`` needs of a .pb file: for a greedy rule on choose-1 ballots, only each
    project's vote count (a :class:`~.tally.Tally`, made without NumPy); otherwise the
    :class:`Election`.  Every row is checked as :func:`read_pb` checks it."""
    return _read(source, tally=rule in GREEDY_RULES)


def _read(source: str | os.PathLike[str] | IO[str], tally: bool) -> Election | Tally:
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        with open(name, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise PabulibError(
                f"larger than {MAX_FILE_BYTES // 2**20} MiB: not a Pabulib file this tool reads",
                0,
                name,
            )
        return _parse_text(_decode(raw, name), name, tally=tally)
    return _parse(_checked_lines(source), getattr(source, "name", None), tally=tally)


def read_pb_string(text: str) -> Election:
    """Parse the contents of a .pb file given as a string."""
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        _refuse_nul(text[: text.index("\x00")], None)
    return cast(Election, _parse_text(text, None))


def _parse_text(
    text: str, source: str | None, bulk: bool = True, tally: bool = False
) -> Election | Tally:
    """Parse a whole file's text; ``bulk=False`` reads the VOTES rows one by one (the tests
    compare the two readers)."""
    if not bulk:
        return _parse(io.StringIO(text, newline=""), source, tally=tally)
    lines = _TextLines(text)
    return _parse(lines, source, lines, tally)


_VOTES_HEADER = re.compile(r"^[ \t]*votes[ \t]*(?:\r\n|\r|\n)[^\r\n]*(?:\r\n|\r|\n)?", re.I | re.M)
"""Where the VOTES rows probably start (after the section line and its header line)."""


class _TextLines:
    """A text's lines for the ``csv`` reader, counting the characters handed out so far, so
    that the bulk reader knows where the rows already read end.

    The text is streamed in two pieces, cut after what looks like the VOTES header: when the
    votes are read in bulk, the large second piece is never copied into a stream.  The cut only
    saves work; where the rows really end is always the count, whatever the cut guessed.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.consumed = 0
        found = _VOTES_HEADER.search(text)
        self.cut = found.end() if found else len(text)

    def __iter__(self) -> Iterator[str]:
        yield from self._piece(0, self.cut)
        yield from self._piece(self.cut, len(self.text))

    def _piece(self, start: int, end: int) -> Iterator[str]:
        for line in io.StringIO(self.text[start:end], newline=""):
            self.consumed += len(line)
            yield line


def _line_and_column(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows ``before``."""
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, len(before) - start + 1


def _refuse_nul(before: str, source: str | None) -> None:
    line, column = _line_and_column(before)
    raise PabulibError(
        f"NUL byte at column {column}: the file is damaged or is not a .pb file", line, source
    )


def _decode(raw: bytes, name: str) -> str:
    """The file's text; a NUL byte or bytes that are not UTF-8 are reported with their line."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    nul = raw.find(b"\x00")
    if nul >= 0:
        _refuse_nul(raw[:nul].decode("utf-8", "replace"), name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(raw[: error.start].decode("utf-8", "replace"))
        raise PabulibError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at column {column}); "
            "save the file as UTF-8",
            line,
            name,
        ) from None


def _checked_lines(stream: IO[str]) -> Iterator[str]:
    """Lines of an open text stream, refusing NUL characters (files are checked as bytes)."""
    for number, text in enumerate(stream, start=1):
        if "\x00" in text:
            column = text.index("\x00") + 1
            raise PabulibError(
                f"NUL byte at column {column}: the file is damaged or is not a .pb file", number
            )
        yield text


def _parse(
    lines: Iterable[str], source: str | None, whole: _TextLines | None = None, tally: bool = False
) -> Election | Tally:
    """Parse rows from ``lines``; ``whole`` (when ``lines`` is a :class:`_TextLines`) lets the
    VOTES rows be read in bulk; ``tally``: a choose-1 file's :class:`~.tally.Tally`."""
    rows = _Rows(lines)
    parser = _Parser(source, whole, tally)
    try:
        parser.run(rows)
    except PabulibError as error:
        if error.source is None and source is not None:
            raise PabulibError(error.message, error.line, source) from None
        raise
    except UnicodeDecodeError as error:  # a text stream opened by the caller
        raise PabulibError(f"not UTF-8 text ({error.reason})", rows.line + 1, source) from None
    if tally and parser.meta["vote_type"] == "choose-1":
        return parser.tally()
    return parser.election()


class _Parser:
    """A small state machine over the three sections."""

    def __init__(
        self, source: str | None, whole: _TextLines | None = None, tally: bool = False
    ) -> None:
        self.source = source
        self.whole = whole
        self.tallying = tally  # only counts are wanted: choose-1 rows are read without NumPy
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
        self.points: list[int | Fraction] = []
        self.voter_extra: dict[str, list[str]] = {}
        self.seen_sections: list[str] = []
        self.limits: dict[str, Fraction | int | None] = {}
        self.meta_end = 0

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
                if section == "votes" and self._votes_in_bulk():
                    break
                continue
            handle(row, rows.line)
        if not self.seen_sections:
            self.fail("empty file: no META section", max(rows.line, 1))
        for needed in SECTIONS:
            if needed not in self.seen_sections:
                self.fail(f"missing {needed.upper()} section", max(rows.line, 1))
        if header is None:
            self.fail(f"{self.seen_sections[-1].upper()} section has no header row", rows.line)
        self._check_counts()

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
            if header[0].lower() != "key":
                self.fail(f"META header should be 'key;value', found {';'.join(header)!r}", line)
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
        # ballot-length limits as plain ints so the per-row test is two comparisons
        self._min_len = self.limits["min_length"] or 0
        self._max_len = self.limits["max_length"] or len(self.projects)
        self._cost_cap = self.limits["max_sum_cost"] is not None
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
        """Check every META field a rule or this reader relies on, at the line it is on."""
        self.meta_end = line
        for needed in ("budget", "vote_type"):
            if needed not in self.meta:
                self.fail(f"META lacks the '{needed}' key", line)
        if self.meta["vote_type"] not in VOTE_TYPES:
            self.fail(
                f"unknown vote_type '{self.meta['vote_type']}' (expected one of "
                f"{', '.join(VOTE_TYPES)})",
                self.meta_line["vote_type"],
            )
        self._meta_number("budget", positive=True)
        limits = self.limits
        for key in ("num_projects", "num_votes"):
            limits[key] = self._meta_whole(key, minimum=0)
        limits["min_length"] = self._meta_whole("min_length", minimum=0)
        limits["max_length"] = self._meta_whole("max_length", minimum=1)
        for key in ("min_points", "max_points", "min_sum_points", "max_sum_points"):
            limits[key] = self._meta_number(key, limit=MAX_POINTS * MAX_COUNT)
        limits["max_sum_cost"] = self._meta_number("max_sum_cost", positive=True)
        self._meta_number("min_project_score_threshold", limit=None)
        for low, high in (
            ("min_length", "max_length"),
            ("min_points", "max_points"),
            ("min_sum_points", "max_sum_points"),
        ):
            if limits[low] is not None and limits[high] is not None and limits[low] > limits[high]:
                self.fail(
                    f"META {low} ({self.meta[low]}) is more than {high} ({self.meta[high]})",
                    self.meta_line[low],
                )

    def _meta_number(
        self, key: str, positive: bool = False, limit: int | None = MAX_AMOUNT
    ) -> Fraction | None:
        if key not in self.meta:
            return None
        return self._number(
            self.meta[key], f"META {key}", self.meta_line[key], positive=positive, limit=limit
        )

    def _meta_whole(self, key: str, minimum: int) -> int | None:
        value = self._meta_number(key, limit=MAX_COUNT)
        if value is None:
            return None
        if value.denominator != 1:
            self.fail(f"META {key} '{self.meta[key]}' is not a whole number", self.meta_line[key])
        if value < minimum:
            self.fail(f"META {key} must be at least {minimum}", self.meta_line[key])
        return int(value)

    def _number(
        self,
        text: str,
        what: str,
        line: int,
        positive: bool = False,
        limit: int | None = MAX_AMOUNT,
    ) -> Fraction:
        """A strict, exact, non-negative number (``positive``: above zero; at most ``limit``)."""
        if not text.strip():
            self.fail(f"{what} is empty, expected a number", line)
        try:
            value = parse_number(text)
        except ValueError as error:
            self.fail(f"{what}: {error}", line)
        if value < 0:
            self.fail(f"{what} '{text.strip()}' is negative", line)
        if positive and value == 0:
            self.fail(f"{what} is 0; it must be more than 0", line)
        if limit is not None and value > limit:
            self.fail(f"{what} '{text.strip()}' is too large (more than {limit:.0e})", line)
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
        cost = self._number(data.pop("cost"), f"cost of project '{pid}'", line, positive=True)
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
        if not voter:
            self.fail("empty voter_id", line)
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
        if not self._min_len <= len(chosen) <= self._max_len or self._cost_cap:
            self._check_length(voter, chosen, line)
        if self._points_pos >= 0:
            raw = row[self._points_pos].strip()
            pts = [p.strip() for p in raw.split(",")] if raw else []
            if len(pts) != len(chosen):
                self.fail(f"voter '{voter}' has {len(chosen)} projects but {len(pts)} points", line)
            self.points.extend(self._ballot_points(voter, pts, line))
        self.items.extend(chosen)
        self.indptr.append(len(self.items))
        self.voter_ids.append(voter)
        for i, column in self._extra_pos:
            self.voter_extra[column].append(row[i])

    def _votes_in_bulk(self) -> bool:
        """Read the rest of the file (the VOTES rows) in bulk; False leaves it to the rows."""
        if self.whole is None:
            return False
        text, start = self.whole.text, self.whole.consumed  # just after the VOTES header line
        if not 0 < start <= len(text) or text[start - 1] not in "\r\n":
            return False
        return self._bulk_votes(text[start:])

    def _bulk_votes(self, body: str) -> bool:
        """All VOTES rows at once, as arrays; False (nothing changed) if anything is unusual.

        Declining is always safe: the row-by-row reader then reads the same rows and either
        gives the same election or names the first problem at its line.  So this only has to
        be sure when it accepts: rows without quotes (where splitting on ``;`` and newlines is
        exactly what ``csv`` does), each with the header's number of fields, and every check
        the row reader makes passing.
        """
        if '"' in body:
            return False
        if "\r" in body:
            body = body.replace("\r\n", "\n")
            if "\r" in body:
                return False
        end = len(body)
        while end and body[end - 1] == "\n":
            end -= 1  # the file's last line end, and blank lines after it
        if end == 0:
            return False
        body = body[:end] if end < len(body) else body
        width = len(self.voter_columns)
        if self.tallying and self._max_one and self._choose_one_votes(body, width):
            return True
        layout = _Layout.of(body, width)
        if layout is None:
            return False
        if self._points_pos < 0 and self._bytes_votes(layout):
            del layout
            self.voter_extra = _SlicedColumns(body, width, self._extra_pos)
            return True
        fields = body.replace("\n", ";").split(";")
        del body  # peak memory: the text is now in ``fields``
        n = len(fields) // width
        voter_ids = list(map(str.strip, fields[self._id_pos :: width]))
        if not all(voter_ids) or len(set(voter_ids)) != n:
            return False
        ballots = self._bulk_ballots(
            fields[self._vote_pos :: width], layout.entries(self._vote_pos)
        )
        if ballots is None:
            return False
        indptr, items = ballots
        points = None
        if self._points_pos >= 0:
            column = fields[self._points_pos :: width]
            points = self._bulk_points(column, layout.entries(self._points_pos), indptr)
            if points is None:
                return False
        del layout
        self.voter_ids = voter_ids
        self.indptr, self.items = indptr, items
        if points is not None:
            self.points = points
        self.voter_extra = _SlicedColumns(fields, width, self._extra_pos)
        return True

    def _choose_one_votes(self, body: str, width: int) -> bool:
        """Choose-1 rows, read with plain string splits (no NumPy): each vote is one project id
        or empty, so the vote column maps straight to project indices.  False (nothing
        changed) for anything the row reader must look at, as in :meth:`_bulk_votes`.

        Only a tally reads this way: with NumPy loaded anyway, :meth:`_bytes_votes` reads the
        same rows in about two thirds of the time (0.056 s against 0.099 s on Wrocław 2015's
        131,778 rows); without it, this saves NumPy's import, most of a short run."""
        lines = body.split("\n")
        if {line.count(";") for line in lines} != {width - 1}:
            return False  # a row with another number of fields, or a blank line
        fields = body.replace("\n", ";").split(";")
        voter_ids = list(map(str.strip, fields[self._id_pos :: width]))
        if not all(voter_ids) or len(set(voter_ids)) != len(voter_ids):
            return False
        votes = fields[self._vote_pos :: width]
        if "," in "".join(votes):
            return False  # a ballot naming two projects (or an empty entry)
        lookup = self.index.__getitem__
        try:
            items = list(map(lookup, filter(None, votes)))
        except KeyError:  # spaces around an id, or an unknown project
            votes = list(map(str.strip, votes))
            try:
                items = list(map(lookup, filter(None, votes)))
            except KeyError:
                return False
        indptr = self._choose_one_indptr(votes, len(items))
        if indptr is None or not self._choose_one_costs_fit(items):
            return False
        self.voter_ids, self.indptr, self.items = voter_ids, indptr, items
        self.voter_extra = _SlicedColumns(fields, width, self._extra_pos)
        return True

    def _choose_one_indptr(self, votes: list[str], chosen: int) -> list[int] | None:
        """Row starts of choose-1 ballots (one entry, or none for an empty vote), or None where
        the row reader must report a ballot shorter than META ``min_length``."""
        if chosen == len(votes):
            return list(range(len(votes) + 1))
        if self._min_len > 0:
            return None
        indptr = [0]
        for vote in votes:
            indptr.append(indptr[-1] + (1 if vote else 0))
        return indptr

    def _choose_one_costs_fit(self, items: list[int]) -> bool:
        """Every chosen project within META ``max_sum_cost`` (a choose-1 ballot costs what its
        one project costs)."""
        cap = self.limits["max_sum_cost"]
        return cap is None or all(self.projects[j].cost <= cap for j in set(items))

    def _bytes_votes(self, layout: _Layout) -> bool:
        """Voter ids and ballots straight from the bytes, with no string per field: the vote
        column's entries are matched against the project ids as fixed-width byte strings
        (a sorted search), the voter ids cut out in one piece.  False (nothing changed) for
        anything the byte match cannot be sure of (an entry that is not exactly a project
        id, say with spaces around it): :meth:`_bulk_ballots` then looks, or the row reader."""
        voter_ids = layout.column_strings(self._id_pos)
        n = len(voter_ids)
        if not all(voter_ids) or len(set(voter_ids)) != n:
            return False
        lengths = layout.entries(self._vote_pos)
        keys = [p.id.encode("utf-8") for p in self.projects]
        found = layout.match_entries(self._vote_pos, lengths, keys)
        if found is None:
            return False
        indptr = self._checked_ballots(found, lengths)
        if indptr is None:
            return False
        self.voter_ids, self.indptr, self.items = voter_ids, indptr, found
        return True

    def _bulk_ballots(
        self, votes: list[str], lengths: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """``(indptr, items)`` of the vote column (``lengths``: entries per ballot), or None
        where the row reader must look."""
        total = int(lengths.sum())
        ids = ",".join(filter(None, votes)).split(",") if total else []
        lookup = self.index.__getitem__
        try:
            items = np.fromiter(map(lookup, ids), np.int32, total)
        except KeyError:  # spaces around ids ("1, 2"), or an unknown project
            try:
                items = np.fromiter(map(lookup, map(str.strip, ids)), np.int32, total)
            except KeyError:
                return None
        indptr = self._checked_ballots(items, lengths)
        return None if indptr is None else (indptr, items)

    def _checked_ballots(self, items: np.ndarray, lengths: np.ndarray) -> np.ndarray | None:
        """``indptr`` of the ballots if every ballot passes the row reader's checks (length
        limits, choose-1, no project twice, META ``max_sum_cost``), else None."""
        n = len(lengths)
        total = len(items)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        if total:
            if self._max_one and lengths.max() > 1:
                return None
            if lengths.min() < self._min_len or lengths.max() > self._max_len:
                return None
            voter = np.repeat(np.arange(n, dtype=np.int64), lengths)
            # voters are in order, so a stable sort only reorders within ballots: fast
            pairs = np.sort(voter * len(self.projects) + items, kind="stable")
            if np.any(pairs[1:] == pairs[:-1]):
                return None  # a ballot naming a project twice
            if self._cost_cap and not self._bulk_costs_fit(items, indptr):
                return None
        elif self._min_len > 0:
            return None
        return indptr

    def _bulk_costs_fit(self, items: np.ndarray, indptr: np.ndarray) -> bool:
        """Every ballot within META ``max_sum_cost`` (exactly; integer costs only)."""
        costs = [p.cost for p in self.projects]
        if any(c.denominator != 1 for c in costs) or sum(costs) >= 2**62:
            return False
        spent = _segment_sums(np.array([int(c) for c in costs], dtype=np.int64)[items], indptr)
        return int(spent.max(initial=0)) <= math.floor(self.limits["max_sum_cost"])

    def _bulk_points(
        self, column: list[str], lengths: np.ndarray, indptr: np.ndarray
    ) -> np.ndarray | None:
        """The points column as integers aligned with the items (plain digits only), or None."""
        if not np.array_equal(lengths, np.diff(indptr)):
            return None
        text = ",".join(filter(None, column))
        if ",," in text or text.startswith(",") or text.endswith(","):
            return None
        digits = text.replace(",", "")
        if digits and not (digits.isascii() and digits.isdigit()):
            return None
        try:
            values = np.array(list(map(int, text.split(","))) if text else [], dtype=np.int64)
        except OverflowError:
            return None
        if len(values) and int(values.max()) > MAX_POINTS:
            return None
        limits = self.limits
        if not _within(values, limits["min_points"], limits["max_points"]):
            return None
        low, high = limits["min_sum_points"], limits["max_sum_points"]
        if (low is not None or high is not None) and not _within(
            _segment_sums(values, indptr), low, high
        ):
            return None
        return values

    def _check_length(self, voter: str, chosen: list[int], line: int) -> None:
        limits = self.limits
        low, high = limits["min_length"], limits["max_length"]
        if high is not None and len(chosen) > high:
            self.fail(
                f"voter '{voter}' chose {len(chosen)} projects, more than META max_length {high}",
                line,
            )
        if low is not None and len(chosen) < low:
            self.fail(
                f"voter '{voter}' chose {len(chosen)} projects, fewer than META min_length {low}",
                line,
            )
        cap = limits["max_sum_cost"]
        if cap is not None:
            spent = sum((self.projects[j].cost for j in chosen), Fraction(0))
            if spent > cap:
                self.fail(
                    f"voter '{voter}' chose projects costing {format_number(spent)}, more than "
                    f"META max_sum_cost {self.meta['max_sum_cost']}",
                    line,
                )

    def _ballot_points(self, voter: str, pts: list[str], line: int) -> list[int | Fraction]:
        """Parse one ballot's points (plain digits fast) and check them against META."""
        values: list[int | Fraction] = []
        for p in pts:
            if p.isdigit() and p.isascii() and len(p) < 10:
                values.append(int(p))
            else:
                value = self._number(p, f"points '{p}' of voter '{voter}'", line, limit=MAX_POINTS)
                values.append(int(value) if value.denominator == 1 else value)
        limits = self.limits
        low, high = limits["min_points"], limits["max_points"]
        for value in values:
            if high is not None and value > high:
                self.fail(
                    f"voter '{voter}' gives {format_number(value)} points, more than META "
                    f"max_points {self.meta['max_points']}",
                    line,
                )
            if low is not None and value < low:
                self.fail(
                    f"voter '{voter}' gives {format_number(value)} points, fewer than META "
                    f"min_points {self.meta['min_points']}",
                    line,
                )
        low, high = limits["min_sum_points"], limits["max_sum_points"]
        if low is not None or high is not None:
            total = sum(values)
            if high is not None and total > high:
                self.fail(
                    f"voter '{voter}' gives {format_number(total)} points in all, more than META "
                    f"max_sum_points {self.meta['max_sum_points']}",
                    line,
                )
            if low is not None and total < low:
                self.fail(
                    f"voter '{voter}' gives {format_number(total)} points in all, fewer than "
                    f"META min_sum_points {self.meta['min_sum_points']}",
                    line,
                )
        return values

    def _check_counts(self) -> None:
        """META ``num_projects``/``num_votes`` must equal what was read: a file cut short, or
        one that lost or gained lines, changes the election and is refused."""
        for needed in REQUIRED_META:
            if needed not in self.meta:
                self.fail(
                    f"META lacks the '{needed}' key (needed to tell a complete file from one "
                    "cut short)",
                    self.meta_end,
                )
        for key, found, what in (
            ("num_projects", len(self.projects), "projects in the PROJECTS section"),
            ("num_votes", len(self.voter_ids), "voters in the VOTES section"),
        ):
            declared = self.limits[key]
            if declared != found:
                self.fail(
                    f"META {key} is {declared} but there are {found} {what} "
                    "(the file may be cut short or have lost or repeated lines)",
                    self.meta_line[key],
                )

    # ----------------------------------------------------------------------------- result
    def tally(self) -> Tally:
        items = self.items if isinstance(self.items, list) else self.items.tolist()
        return Tally.count(self.meta, self.projects, items)

    def election(self) -> Election:
        points = exact = None
        if isinstance(self.points, np.ndarray):  # read in bulk: integers
            points = self.points.astype(np.float64)
        elif self.meta["vote_type"] in POINTS_VOTE_TYPES:
            points = np.array([float(x) for x in self.points], dtype=np.float64)
            if any(isinstance(x, Fraction) for x in self.points):
                exact = [Fraction(x) for x in self.points]
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


class _Layout:
    """Where the fields of the VOTES rows lie in their UTF-8 bytes: ``bounds[k, c]`` and
    ``bounds[k, c + 1]`` are the positions just before and just after field ``c`` of line
    ``k`` (a ``;``, a line end, or the ends of the text)."""

    def __init__(self, data: np.ndarray, bounds: np.ndarray) -> None:
        self.data = data
        self.bounds = bounds
        self._commas: np.ndarray | None = None
        self._ranges: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def of(cls, body: str, width: int) -> _Layout | None:
        """The layout if every line has ``width`` fields (so no blank lines) and none is
        longer than ``csv`` accepts; else None.  Counted on the bytes, no line is split."""
        data = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
        breaks = np.flatnonzero(data == ord("\n"))
        n, gaps = len(breaks) + 1, width - 1
        separators = np.flatnonzero(data == ord(";"))
        if len(separators) != n * gaps:
            return None
        # separators before each line end: exactly ``gaps`` per line so far
        if np.any(np.searchsorted(separators, breaks) != np.arange(1, n) * gaps):
            return None
        bounds = np.empty((n, width + 1), dtype=np.int64)
        bounds[0, 0] = -1
        bounds[1:, 0] = breaks
        bounds[:, 1:width] = separators.reshape(n, gaps)
        bounds[:-1, width] = breaks
        bounds[-1, width] = len(data)
        if int((bounds[:, width] - bounds[:, 0]).max()) - 1 > csv.field_size_limit():
            return None
        return cls(data, bounds)

    def commas(self) -> np.ndarray:
        if self._commas is None:
            self._commas = np.flatnonzero(self.data == ord(","))
        return self._commas

    def _comma_range(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """Per line, the indices in :meth:`commas` of the first comma in ``column``'s field and
        of the first comma after it."""
        if column not in self._ranges:
            before, after = self.bounds[:, column], self.bounds[:, column + 1]
            commas = self.commas()
            self._ranges[column] = np.searchsorted(commas, before), np.searchsorted(commas, after)
        return self._ranges[column]

    def entries(self, column: int) -> np.ndarray:
        """Comma-separated entries in ``column`` of each line (0 where the field is empty)."""
        before, after = self.bounds[:, column], self.bounds[:, column + 1]
        low, high = self._comma_range(column)
        return (high - low) + (after - before > 1)

    def column_strings(self, column: int) -> list[str]:
        """``column`` of every line as stripped strings: the fields' bytes gathered into one
        buffer, one per line, decoded and split once."""
        data = self.data
        start = self.bounds[:, column] + 1
        size = self.bounds[:, column + 1] - start + 1  # the field and one byte to end it
        ends = np.cumsum(size)
        at = np.arange(int(ends[-1]), dtype=np.int64) if len(ends) else np.zeros(0, np.int64)
        at -= np.repeat(ends - size - start, size)
        buffer = data.take(at, mode="clip")  # the last line's end lies past the data
        buffer[ends - 1] = ord("\n")
        return list(map(str.strip, buffer.tobytes().decode("utf-8").split("\n")[:-1]))

    def match_entries(
        self, column: int, lengths: np.ndarray, keys: list[bytes]
    ) -> np.ndarray | None:
        """Index into ``keys`` of every comma-separated entry of ``column``, line after line
        (``lengths``: entries per line), or None unless each entry is exactly one of the
        (distinct) ``keys``.  Entries and keys are compared as fixed-width byte strings
        through a sorted search: no string object per entry."""
        total = int(lengths.sum())
        if total == 0 or not keys:
            return np.zeros(0, dtype=np.int32) if total == 0 else None
        before, after = self.bounds[:, column], self.bounds[:, column + 1]
        commas = self.commas()
        low, high = self._comma_range(column)
        inside = np.cumsum(
            np.bincount(low, minlength=len(commas) + 1)
            - np.bincount(high, minlength=len(commas) + 1)
        )[:-1]
        own = commas[inside > 0]  # the commas inside this column's fields
        filled = lengths > 0
        first = np.cumsum(lengths) - lengths  # each line's first entry
        is_first = np.zeros(total, dtype=bool)
        is_first[first[filled]] = True
        is_last = np.zeros(total, dtype=bool)
        is_last[(first + lengths - 1)[filled]] = True
        if len(own) != total - int(filled.sum()):  # pragma: no cover - counted the same way
            return None
        opens = np.empty(total, dtype=np.int64)  # the byte before each entry
        opens[is_first] = before[filled]
        opens[~is_first] = own
        closes = np.empty(total, dtype=np.int64)  # the byte after it
        closes[is_last] = after[filled]
        closes[~is_last] = own
        size = closes - opens - 1
        width = max(map(len, keys))
        if int(size.min()) < 1 or int(size.max()) > width:
            return None  # an empty entry, or one longer than every project id
        if width <= 8:  # ids of up to 8 bytes compare as 64-bit integers: much faster
            width, kind = 8, "<u8"
            table = np.frombuffer(b"".join(k.ljust(8, b"\0") for k in keys), dtype=kind)
        else:
            kind = f"S{width}"
            table = np.array(keys, dtype=kind)
        # positions fit in 32 bits (files are at most MAX_FILE_BYTES); "clip" keeps the gather
        # of a short last entry inside the data without another array
        at = (opens + 1).astype(np.int32)[:, None] + np.arange(width, dtype=np.int32)
        grid = self.data.take(at, mode="clip")
        del at
        grid[np.arange(width) >= size[:, None]] = 0
        entries = grid.view(kind).ravel()
        order = np.argsort(table, kind="stable")
        table = table[order]
        where = np.minimum(np.searchsorted(table, entries), len(table) - 1)
        if not np.array_equal(table[where], entries):
            return None
        return order[where].astype(np.int32)


class _SlicedColumns(Mapping[str, list[str]]):
    """The optional VOTES columns (age, sex, district …) of a bulk-read file, each sliced
    out of the split rows only when something asks for it.

    Computing a rule never looks at them, so a plain ``pb compute`` pays nothing for them
    (slicing every optional column of a large file cost more than the rule itself); the
    analysis, the writer and the exports get the same lists a ``dict`` would hold.
    """

    def __init__(
        self, fields: list[str] | str, width: int, positions: list[tuple[int, str]]
    ) -> None:
        self._fields = fields  # or the rows' text, split into fields when first asked
        self._width = width
        self._position = {column: i for i, column in positions}
        self._sliced: dict[str, list[str]] = {}

    def __getitem__(self, column: str) -> list[str]:
        if column not in self._sliced:
            if isinstance(self._fields, str):
                self._fields = self._fields.replace("\n", ";").split(";")
            self._sliced[column] = self._fields[self._position[column] :: self._width]
        return self._sliced[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._position)})"


def _segment_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sum of ``values[indptr[v]:indptr[v + 1]]`` for each ``v`` (empty segments sum to 0)."""
    running = np.zeros(len(values) + 1, dtype=values.dtype)
    np.cumsum(values, out=running[1:])
    return running[indptr[1:]] - running[indptr[:-1]]


def _within(values: np.ndarray, low: Fraction | None, high: Fraction | None) -> bool:
    """Every integer in ``values`` is at least ``low`` and at most ``high`` (None: no bound)."""
    if not len(values):
        return True
    if high is not None and int(values.max()) > high:
        return False
    return low is None or int(values.min()) >= low


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

"""Fuzzing ``commonground measures segregation`` with damaged copies of a real census table.

A seeded mutator over the Bradford ward table (TS021) writes cells no reader can trust
(``5,5``, ``1_0``, NUL, ``1e400``, ``nan``, negative), plants bytes that are not UTF-8, stray
quotes and NUL bytes, cuts the file and drops or repeats rows.  Every mutant must give either
indices (exit 0, JSON on stdout) or exactly one line on stderr and exit 2; a damaged count cell
must be refused with a line naming its row and column.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from commonground.segregation.cli import main

from .conftest import PAKISTANI, WARD_TOTAL, census_file

pytestmark = pytest.mark.engine

PREFIX = "commonground measures segregation: error: "
ARGS = ["--area", "geography code", "--groups", PAKISTANI, "--total", WARD_TOTAL, "--json"]
USED = ["geography code", PAKISTANI, WARD_TOTAL]
BAD_CELLS = ["5,5", "1_0", "12\x00", "1e400", "nan", "-3", "abc", "0x1F", "1 000"]
COUNT = 240


@dataclass
class Mutant:
    kind: str
    data: bytes
    must_refuse: bool
    where: str = ""  # 'LINE: row LINE, column "NAME"' the error must name, if known


def _source() -> tuple[bytes, list[str], list[list[str]]]:
    data = census_file("bradford_wards_ts021_ethnic_group.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return data, rows[0], rows[1:]


def _write(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def mutate(rng: random.Random) -> Mutant:
    data, header, rows = _source()
    rows = [list(r) for r in rows]
    kind = rng.choice(
        ["bad-cell", "bad-cell", "nul", "not-utf8", "cut", "drop-row", "repeat-row", "quote"]
    )
    if kind == "bad-cell":
        r = rng.randrange(len(rows))
        column = rng.choice(USED[1:])
        value = rng.choice(BAD_CELLS)
        rows[r][header.index(column)] = value
        return Mutant(
            f"bad-cell {value!r}",
            _write(header, rows),
            True,
            f'{r + 2}: row {r + 2}, column "{column}"',
        )
    if kind in ("nul", "not-utf8"):
        cut = rng.randrange(len(data) + 1)
        byte = b"\x00" if kind == "nul" else b"\xff"
        line = data[:cut].count(b"\n") + 1
        return Mutant(kind, data[:cut] + byte + data[cut:], True, f"{line}: row {line}, column ")
    if kind == "cut":
        return Mutant(kind, data[: rng.randrange(len(data))], False)
    if kind == "drop-row":
        del rows[rng.randrange(len(rows))]
        return Mutant(kind, _write(header, rows), False)
    if kind == "repeat-row":
        r = rng.randrange(len(rows))
        rows.insert(r, rows[r])
        return Mutant(kind, _write(header, rows), True)
    cut = rng.randrange(len(data) + 1)  # quote
    return Mutant(kind, data[:cut] + b'"' + data[cut:], False)


RNG = random.Random("pbseg-segregation")
MUTANTS = [mutate(RNG) for _ in range(COUNT)]


def test_the_mutator_makes_every_kind():
    kinds = {m.kind.split()[0] for m in MUTANTS}
    assert kinds == {"bad-cell", "nul", "not-utf8", "cut", "drop-row", "repeat-row", "quote"}


@pytest.mark.parametrize("k", range(COUNT), ids=[f"{k}-{m.kind}" for k, m in enumerate(MUTANTS)])
def test_mutant(tmp_path: Path, k: int):
    mutant = MUTANTS[k]
    path = tmp_path / f"mutant-{k}.csv"
    path.write_bytes(mutant.data)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(path), *ARGS])
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    stdout, stderr = out.getvalue(), err.getvalue()
    assert "Traceback" not in stderr
    if code == 0:
        assert not mutant.must_refuse, (mutant.kind, stdout)
        json.loads(stdout)
        return
    assert code == 2, (mutant.kind, code, stderr)
    assert stdout == ""
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"{PREFIX}{path}"), stderr
    assert "internal error" not in stderr
    if mutant.where:
        assert f"{path}:{mutant.where}" in stderr, (mutant.kind, stderr)

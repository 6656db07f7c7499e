"""``commonground measures segregation``: segregation indices of a CSV table, for analysts.

One group and ``--total`` give the two-group indices of that group against everyone else; two or
more groups give the multigroup indices.  ``--json`` prints just the indices; without it a
readable table with bootstrap intervals.  Errors are one line on stderr and exit status 2.
Runs without Django (and without pandas): only NumPy and the standard library.
"""

import argparse
import csv
import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bootstrap import Interval, bootstrap_multigroup, bootstrap_two_group
from .indices import location_quotients, multigroup_indices, two_group_indices
from .tables import AreaTable, TableError, read_long_table, read_table

PROG = "commonground measures segregation"

MAX_REPLICATES = 10_000
"""Ceiling on ``--replicates``: the Monte Carlo error of a 95 % percentile is already about
±0.002 at 10,000 replicates, while time and memory grow linearly (10,000 replicates on the 312
Bradford LSOAs take a few seconds; 10**9 would run for days)."""

EPILOG = """\
examples:
  %(prog)s wards.csv --area "geography code" --total "Ethnic group: Total: All usual residents" \
--groups "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani" --json
  %(prog)s lsoa.csv --area lsoa21_code --long ethnic_group,n --json

Names in --groups are comma-separated; a name that itself contains commas may be written as it
is (it is matched against the file's columns) or quoted CSV-style.  See docs/segregation.md.
"""


class _UsageError(Exception):
    """Raised instead of argparse's multi-line usage-and-exit, so the error stays one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(
        prog=PROG,
        description="Segregation and diversity indices from area-level counts by group.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help="CSV table (optionally .csv.gz)")
    parser.add_argument("--area", required=True, metavar="COLUMN", help="area id column")
    parser.add_argument(
        "--groups",
        metavar="COL[,COL…]",
        help="group columns (with --long: values of the group column; default all of them)",
    )
    parser.add_argument(
        "--total", metavar="COLUMN", help="total residents column (needed with one group)"
    )
    parser.add_argument(
        "--long",
        metavar="GROUP_COLUMN,COUNT_COLUMN",
        help="the file is long (one row per area and group): pivot it to wide first",
    )
    parser.add_argument("--json", action="store_true", help="print the indices as JSON")
    parser.add_argument(
        "--intervals", action="store_true", help='with --json, add "intervals" (bootstrap)'
    )
    parser.add_argument(
        "--location-quotients",
        action="store_true",
        help="also print each group's location quotient in each area",
    )
    parser.add_argument(
        "--replicates",
        type=int,
        default=1000,
        metavar="N",
        help=(
            f"bootstrap replicates (1000; at most {MAX_REPLICATES:,}: more adds run time "
            "but no useful precision)"
        ),
    )
    parser.add_argument(
        "--confidence", type=float, default=0.95, metavar="C", help="interval level (0.95)"
    )
    parser.add_argument("--seed", type=int, default=0, help="bootstrap random seed (0)")
    return parser


@dataclass(frozen=True)
class Analysis:
    """What was computed: the partition of residents used, the indices and their intervals."""

    kind: str  # "two-group" or "multigroup"
    table: AreaTable
    groups: tuple[str, ...]  # the partition's group names (multigroup may add the remainder)
    partition: np.ndarray  # (areas, groups) counts that partition each area's residents
    indices: dict[str, float]
    intervals: dict[str, Interval] | None
    note: str = ""


# --------------------------------------------------------------------------- computation


def _read(args: argparse.Namespace) -> AreaTable:
    if args.long is None:
        if not args.groups:
            raise TableError("--groups is required (unless --long)")
        return read_table(args.file, area=args.area, groups=args.groups, total=args.total)
    names = next(csv.reader([args.long]), [])
    if len(names) != 2 or not all(n.strip() for n in names):
        raise TableError("--long needs GROUP_COLUMN,COUNT_COLUMN (quote a name with a comma)")
    return read_long_table(
        args.file,
        area=args.area,
        group_column=names[0].strip(),
        count_column=names[1].strip(),
        groups=args.groups,
        total=args.total,
    )


def _partition(table: AreaTable) -> tuple[str, tuple[str, ...], np.ndarray, str]:
    """Choose two-group or multigroup, and build counts that partition each area's residents."""
    if len(table.groups) == 1:
        if table.total is None:
            raise TableError("one group needs --total (its indices compare it with everyone else)")
        rest = np.clip(table.total - table.counts[:, 0], 0, None)  # within rounding of 0
        return (
            "two-group",
            (table.groups[0], "everyone else"),
            np.column_stack([table.counts[:, 0], rest]),
            "",
        )
    if table.total is None:
        return "multigroup", table.groups, table.counts, ""
    remainder = table.total - table.counts.sum(axis=1)
    short = int((remainder > 1e-9 * np.maximum(table.total, 1)).sum())
    if short == 0:
        return "multigroup", table.groups, table.counts, ""
    note = (
        f"the groups add up to less than the total in {short} of {len(table.areas)} areas; "
        "the remainder is counted as one more group so that the groups partition residents"
    )
    rest_name = f'rest of "{table.total_column}"'
    partition = np.column_stack([table.counts, np.clip(remainder, 0, None)])
    return "multigroup", (*table.groups, rest_name), partition, note


def _is_whole(counts: np.ndarray) -> bool:
    return bool((counts == np.round(counts)).all())


def _intervals(
    kind: str, partition: np.ndarray, replicates: int, confidence: float, seed: int
) -> dict[str, Interval]:
    if kind == "two-group":
        return bootstrap_two_group(
            partition[:, 0],
            partition.sum(axis=1),
            replicates=replicates,
            confidence=confidence,
            seed=seed,
        )
    return bootstrap_multigroup(partition, replicates=replicates, confidence=confidence, seed=seed)


def analyse(
    table: AreaTable,
    *,
    replicates: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Analysis:
    """Indices (and, if ``replicates`` > 0 and counts are whole, intervals) for a table."""
    kind, groups, partition, note = _partition(table)
    notes = [note] if note else []
    if kind == "two-group":
        indices = two_group_indices(partition[:, 0], partition.sum(axis=1))
    else:
        indices = multigroup_indices(partition)
    intervals = None
    if replicates > 0 and not _is_whole(partition):
        notes.append("counts are not whole numbers, so there are no bootstrap intervals")
    elif replicates > 0:
        intervals = _intervals(kind, partition, replicates, confidence, seed)
        outside = [n for n, i in intervals.items() if not i.low <= i.estimate <= i.high]
        if outside:
            which = " and ".join(outside)
            verb = "excludes its estimate" if len(outside) == 1 else "exclude their estimates"
            notes.append(
                f"the interval{'s' * (len(outside) > 1)} of {which} {verb}: resampling noise "
                "inflates unevenness for small groups (see docs/segregation.md)"
            )
    values = {name: float(v) for name, v in indices.items()}
    return Analysis(kind, table, groups, partition, values, intervals, "; ".join(notes))


def _quotients(analysis: Analysis) -> dict[str, dict[str, float | None]]:
    table = analysis.table
    total = table.total if table.total is not None else analysis.partition.sum(axis=1)
    lq = location_quotients(table.counts, total)
    return {
        area: {group: _number(lq[i, k]) for k, group in enumerate(table.groups)}
        for i, area in enumerate(table.areas)
    }


# --------------------------------------------------------------------------- output


def _number(value: float) -> float | None:
    """JSON has no NaN: an undefined index is null."""
    return None if math.isnan(value) else float(value)


def _json(analysis: Analysis, args: argparse.Namespace) -> str:
    out: dict[str, object] = {name: _number(v) for name, v in analysis.indices.items()}
    if args.intervals and analysis.intervals is not None:
        out["intervals"] = {
            name: {
                "low": _number(i.low),
                "high": _number(i.high),
                "confidence": i.confidence,
                "replicates": i.replicates,
                "seed": args.seed,
            }
            for name, i in analysis.intervals.items()
        }
    if args.location_quotients:
        out["location_quotients"] = _quotients(analysis)
    return json.dumps(out, indent=2, ensure_ascii=False)


def _fmt(value: float) -> str:
    return "undefined" if math.isnan(value) else f"{value:.6f}"


def _text(analysis: Analysis, args: argparse.Namespace) -> str:
    table, partition = analysis.table, analysis.partition
    residents = partition.sum()
    lines = [f"{Path(table.path).name}: {len(table.areas)} areas, {residents:,.0f} residents"]
    shares = partition.sum(axis=0) / residents if residents else np.zeros(partition.shape[1])
    if analysis.kind == "two-group":
        lines.append(
            f'Two-group indices of "{analysis.groups[0]}" ({shares[0]:.1%} of residents) '
            f'against everyone else in "{args.total}"'
        )
    else:
        lines.append(f"Multigroup indices over {len(analysis.groups)} groups:")
        lines += [f"  {s:6.1%}  {g}" for g, s in zip(analysis.groups, shares, strict=True)]
    lines.append("")
    width = max(len(n) for n in analysis.indices)
    level = f"{args.confidence:.0%} interval"
    lines.append(f"  {'index':<{width}}  {'value':>9}  {level if analysis.intervals else ''}")
    for name, value in analysis.indices.items():
        row = f"  {name:<{width}}  {_fmt(value):>9}"
        if analysis.intervals is not None:
            i = analysis.intervals[name]
            row += f"  {_fmt(i.low)} – {_fmt(i.high)}"
        lines.append(row)
    if analysis.intervals is not None:
        lines += [
            "",
            f"Intervals: percentiles of {args.replicates} bootstrap replicates resampling "
            f"residents within each area (multinomial, seed {args.seed}).",
        ]
    if analysis.note:
        lines += ["", f"Note: {analysis.note}."]
    if args.location_quotients:
        lines += ["", "Location quotients (group share of the area / share of the district):"]
        legend = {group: f"G{k + 1}" for k, group in enumerate(table.groups)}
        lines += [f"  {code} = {group}" for group, code in legend.items()]
        lines.append("  " + "area".ljust(12) + "".join(f"{c:>9}" for c in legend.values()))
        for area, row in _quotients(analysis).items():
            cells = "".join(f"{'–' if v is None else f'{v:.2f}':>9}" for v in row.values())
            lines.append("  " + area.ljust(12) + cells)
    return "\n".join(lines)


def _emit(text: str) -> bool:
    """Print to stdout; False if the reader went away (``… | head``), without a traceback."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush is quiet
        return False
    return True


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (0, or 2 after a one-line error on stderr)."""
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except _UsageError as error:
        return _fail(str(error))
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    if not 0 <= args.replicates <= MAX_REPLICATES:
        return _fail(
            f"--replicates must be from 0 to {MAX_REPLICATES:,} (more adds run time but no "
            "useful precision to the intervals)"
        )
    if args.seed < 0:
        return _fail("--seed must be 0 or more")
    if not 0 < args.confidence < 1:
        return _fail("--confidence must be between 0 and 1, e.g. 0.95")
    try:
        table = _read(args)
        replicates = args.replicates if (args.intervals or not args.json) else 0
        analysis = analyse(table, replicates=replicates, confidence=args.confidence, seed=args.seed)
    except (TableError, ValueError, ArithmeticError) as error:
        return _fail(str(error))
    except MemoryError:
        return _fail(f"{args.file}: too large to analyse in memory")
    except Exception as error:  # the contract is one line, never a traceback
        return _fail(
            f"{args.file}: internal error ({type(error).__name__}: {error}); please report it"
        )
    if not _emit(_json(analysis, args) if args.json else _text(analysis, args)):
        return 1
    if args.json and analysis.note:
        print(f"{PROG}: note: {analysis.note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

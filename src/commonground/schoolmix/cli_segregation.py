"""``commonground schools segregation FILE.csv``: schools more or less White British than their
10 nearest schools of the same phase (the strategy's baseline measure).  No Django.

``--json`` prints ``{"schools": [{"urn", "share_white_british", "neighbour_share",
"difference", "flag"}], "counts": {"primary": {"more", "less"}, "secondary": {...}}}`` with
shares as unrounded fractions.  A bad file exits 2 with one line naming file, line and column.
"""

from __future__ import annotations

import json
import math
import sys

from .cli_common import Parser, UsageError, add_phase, emit, fail, urn_value
from .groups import PHASES
from .neighbours import compare_with_neighbours, counts_by_phase
from .reader import SchoolFileError, read_schools

PROG = "commonground schools segregation"


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description=(
            "For each district school, its share of White British pupils against the pooled "
            "share of its nearest schools of the same phase (unclassified pupils left out)."
        ),
    )
    parser.add_argument(
        "file", metavar="FILE.csv", help="school census table (see docs/schools.md)"
    )
    parser.add_argument(
        "--neighbours", type=int, default=10, metavar="K", help="nearest schools (10)"
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=15.0,
        metavar="POINTS",
        help="flag a difference of more than this many percentage points (15)",
    )
    add_phase(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; return 0, or 2 after a one-line error on stderr."""
    try:
        args = build_parser().parse_args(None if argv is None else list(argv))
    except UsageError as error:
        return fail(PROG, str(error))
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    if args.neighbours < 1:
        return fail(PROG, "--neighbours must be 1 or more")
    if not (math.isfinite(args.threshold) and 0 <= args.threshold <= 100):
        return fail(PROG, "--threshold must be from 0 to 100 percentage points")
    try:
        table = read_schools(args.file)
        phases = (args.phase,) if args.phase else PHASES
        results = compare_with_neighbours(
            table, neighbours=args.neighbours, threshold_points=args.threshold, phases=phases
        )
    except (SchoolFileError, ValueError) as error:
        return fail(PROG, str(error))
    except Exception as error:  # the contract is one line, never a traceback
        return fail(PROG, f"{args.file}: internal error ({type(error).__name__}: {error})")
    counts = counts_by_phase(results)
    if args.json:
        out = {
            "schools": [
                {
                    "urn": urn_value(r.urn),
                    "share_white_british": r.share_white_british,
                    "neighbour_share": r.neighbour_share,
                    "difference": r.difference,
                    "flag": r.flag,
                }
                for r in results
            ],
            "counts": counts,
        }
        text = json.dumps(out, indent=2)
    else:
        lines = [
            f"{len(results)} district schools compared with their {args.neighbours} nearest "
            f"of the same phase (threshold {args.threshold:g} points)"
        ]
        for phase, c in counts.items():
            n = sum(1 for r in results if r.phase == phase)
            lines.append(
                f"  {phase}: {n} schools, {c['more']} more and {c['less']} less White British"
            )
        lines.append("")
        lines.append(f"  {'urn':>8}  {'own':>6}  {'nearby':>6}  {'diff':>6}  flag")
        for r in results:
            fmt = lambda v: "–" if v is None else f"{v:.1%}"  # noqa: E731
            lines.append(
                f"  {r.urn:>8}  {fmt(r.share_white_british):>6}  {fmt(r.neighbour_share):>6}  "
                f"{fmt(r.difference):>6}  {r.flag or ''}"
            )
        text = "\n".join(lines)
    return 0 if emit(text) else 1


if __name__ == "__main__":
    sys.exit(main())

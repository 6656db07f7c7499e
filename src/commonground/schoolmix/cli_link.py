"""``commonground schools link FILE.csv --max-km D``: linking pairs of district schools of one
phase within D km (haversine) that maximise the total difference of their pupils' ethnic
make-up (total-variation distance over the 18 groups).  No Django.

``--json`` prints ``{"pairs": [[urn_a, urn_b, difference, km], ...], "total_difference": x}``.
A bad file or a distance that is not above zero exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import math
import sys

from .cli_common import Parser, UsageError, add_phase, emit, fail, urn_value
from .groups import PHASES
from .linking import plan_links
from .reader import SchoolFileError, read_schools

PROG = "commonground schools link"


def build_parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Propose school linking pairs that maximise the difference in make-up.",
    )
    parser.add_argument(
        "file", metavar="FILE.csv", help="school census table (see docs/schools.md)"
    )
    parser.add_argument(
        "--max-km",
        type=float,
        required=True,
        metavar="D",
        help="largest great-circle distance between the two schools of a pair, in km (> 0)",
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
    if not (math.isfinite(args.max_km) and args.max_km > 0):
        return fail(PROG, f"--max-km must be a distance above 0 km, not {args.max_km:g}")
    try:
        table = read_schools(args.file)
        phases = (args.phase,) if args.phase else PHASES
        plan = plan_links(table, max_km=args.max_km, phases=phases)
    except (SchoolFileError, ValueError, ArithmeticError) as error:
        return fail(PROG, str(error))
    except Exception as error:  # the contract is one line, never a traceback
        return fail(PROG, f"{args.file}: internal error ({type(error).__name__}: {error})")
    urns = table.urns
    if args.json:
        out = {
            "pairs": [
                [urn_value(urns[k.a]), urn_value(urns[k.b]), k.difference, k.km] for k in plan.links
            ],
            "total_difference": plan.total_difference,
        }
        text = json.dumps(out, indent=2)
    else:
        lines = [
            f"{len(plan.links)} pairs from {plan.schools} schools ({plan.candidates} pairs within "
            f"{args.max_km:g} km); total difference {plan.total_difference:.4f}",
            "",
        ]
        for k in plan.links:
            lines.append(
                f"  {urns[k.a]:>8}  {urns[k.b]:>8}  difference {k.difference:.3f}  {k.km:.1f} km"
            )
        text = "\n".join(lines)
    return 0 if emit(text) else 1


if __name__ == "__main__":
    sys.exit(main())

"""``commonground panel select``: choose a panel from a pool by a fair lottery with quotas.

Reads ``sortition-algorithms``' CSV shapes (see :mod:`.tables`), checks that the quotas can be
met, computes the distribution (maximin by default) and draws the panel with ``--seed`` (a new
seed, printed, when none is given).  ``--json`` prints exactly
``{"panel", "probabilities", "min_probability", "algorithm", "seed"}``.  Bad input and
infeasible quotas are one line on stderr and exit status 2.  No Django is imported.
"""

from __future__ import annotations

import argparse
import json
import sys

from .distributions import ALGORITHMS
from .feasibility import Infeasible
from .legacy import LegacyFailed
from .lottery import gini, select
from .tables import TableError, load_instance

PROG = "commonground panel select"


class _UsageError(Exception):
    """Raised instead of argparse's multi-line usage-and-exit, so the error stays one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Select a representative panel by a fair lottery with quotas (CSV in, panel out).",  # noqa: E501
    )
    parser.add_argument(
        "--people", required=True, metavar="PEOPLE.csv", help="pool: id and one column per feature"
    )
    parser.add_argument(
        "--features", required=True, metavar="FEATURES.csv", help="quotas: feature,value,min,max"
    )
    parser.add_argument("--size", required=True, type=int, metavar="K", help="panel size")
    parser.add_argument(
        "--algorithm", choices=ALGORITHMS, default="maximin", help="default: maximin"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="seed of the draw (announce it first)"
    )
    parser.add_argument(
        "--household",
        metavar="COLUMNS",
        default=None,
        help="comma-separated address columns: at most one person per address",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _text(selection) -> str:
    instance = selection.distribution.instance
    probs = selection.distribution.probabilities
    lines = [
        f"Panel of {instance.size} from a pool of {instance.n_people} by {selection.algorithm} "
        f"(seed {selection.seed}):",
        "  " + ", ".join(selection.panel_ids),
        f"Lowest selection probability: {selection.min_probability:.4f} "
        f"(an equal share would be {instance.size / instance.n_people:.4f})",
        f"Highest selection probability: {probs.max():.4f}; Gini of the probabilities: {gini(probs):.4f}",  # noqa: E501
        f"Panels in the distribution: {len(selection.distribution.panels)}",
    ]
    lines += [f"Note: {note}" for note in selection.distribution.notes]
    lines.append("Repeat this draw with the same files and --seed " + str(selection.seed) + ".")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return 0, or 2 after a one-line error on stderr."""
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except _UsageError as error:
        return _fail(str(error))
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    if args.size < 1:
        return _fail("--size must be 1 or more")
    if args.seed is not None and args.seed < 0:
        return _fail("--seed must be 0 or more")
    address = (
        [c.strip() for c in args.household.split(",") if c.strip()] if args.household else None
    )
    try:
        instance, warnings = load_instance(args.people, args.features, args.size, address)
        selection = select(instance, args.algorithm, args.seed)
    except (TableError, Infeasible, LegacyFailed) as error:
        return _fail(str(error))
    except MemoryError:
        return _fail(f"{args.people}: too large to select from in memory")
    except Exception as error:  # the contract is one line, never a traceback
        return _fail(f"internal error ({type(error).__name__}: {error}); please report it")
    for warning in warnings[:5]:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    if len(warnings) > 5:
        print(f"{PROG}: warning: {len(warnings) - 5} more rows skipped", file=sys.stderr)
    try:
        if args.json:
            print(json.dumps(selection.as_json(), ensure_ascii=False))
        else:
            print(_text(selection))
    except BrokenPipeError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

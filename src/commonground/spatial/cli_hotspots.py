"""``commonground safety hotspots``: Getis-Ord Gi* hotspots of counts per LSOA.

Reads counts per area from a CSV (areas the file does not mention count 0; rows naming the
same area are added), builds queen contiguity between the areas of the boundary file
(polygons within 1e-7 degrees are neighbours) and prints Gi* z-scores, two-sided p-values and
hot/cold classes (|z| > 1.96). Errors are one line on stderr naming file, line and column, and
exit status 2. Runs without Django.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

from commonground.paths import shared_dir

from .contiguity import DEFAULT_TOLERANCE, BoundaryError, load_boundaries, queen_neighbours
from .counts import CountsError, read_counts
from .getisord import classify, gi_star

PROG = "commonground safety hotspots"
DISTRICT = "E08000032"


def default_boundaries(district: str = DISTRICT) -> str:
    """The shared LSOA boundary file of a district (Bradford by default)."""
    return str(shared_dir() / "data" / "uk" / "boundaries" / f"lsoa2011_{district}.geojson")


class _UsageError(Exception):
    """Raised instead of argparse's multi-line usage-and-exit, so the error stays one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(
        prog=PROG,
        description="Getis-Ord Gi* hotspots of counts per LSOA on queen contiguity.",
        epilog=(
            "example:\n  %(prog)s reports.csv --area lsoa --count reports --json\n\n"
            'JSON: {"areas": {code: {"z": z, "p": two-sided p, "class": "hot"|"cold"|null}}}. '
            "See docs/safety.md."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help="CSV with an area code and a count")
    parser.add_argument("--area", required=True, metavar="COL", help="LSOA code column")
    parser.add_argument("--count", required=True, metavar="COL", help="whole-number count column")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--boundaries",
        metavar="FILE.geojson",
        help=f"LSOA boundaries (default: the shared lsoa2011_{DISTRICT}.geojson)",
    )
    return parser


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def hotspots(
    path: str, *, area: str, count: str, boundaries: str | None = None
) -> tuple[dict[str, dict[str, object]], dict[str, int]]:
    """``({code: {"z", "p", "class"}}, unknown codes)`` for a CSV of counts."""
    areas = load_boundaries(boundaries or default_boundaries())
    read = read_counts(path, area=area, count=count, codes=areas.codes)
    result = gi_star(read.counts, queen_neighbours(areas.geometries, DEFAULT_TOLERANCE))
    out = {
        code: {"z": _number(z), "p": _number(p), "class": classify(z)}
        for code, z, p in zip(areas.codes, result.z.tolist(), result.p.tolist(), strict=True)
    }
    return out, read.unknown


def _text(areas: dict[str, dict[str, object]]) -> str:
    hot = sorted((c for c, v in areas.items() if v["class"] == "hot"), key=lambda c: -areas[c]["z"])  # type: ignore[operator]
    cold = sorted(
        (c for c, v in areas.items() if v["class"] == "cold"), key=lambda c: areas[c]["z"]
    )  # type: ignore[arg-type]
    lines = [f"{len(areas)} areas: {len(hot)} hot spots, {len(cold)} cold spots (|z| > 1.96)"]
    for label, codes in (("hot", hot), ("cold", cold)):
        for code in codes:
            value = areas[code]
            lines.append(f"  {label:<5}{code:<12} z = {value['z']:+.3f}  p = {value['p']:.4f}")
    return "\n".join(lines)


def _emit(text: str) -> bool:
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return False
    return True


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (0, or 2 after a one-line error on stderr)."""
    try:
        args = build_parser().parse_args(None if argv is None else list(argv))
    except _UsageError as error:
        return _fail(str(error))
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    try:
        areas, unknown = hotspots(
            args.file, area=args.area, count=args.count, boundaries=args.boundaries
        )
    except (CountsError, BoundaryError, ValueError) as error:
        return _fail(str(error))
    except MemoryError:
        return _fail(f"{args.file}: too large to read in memory")
    except Exception as error:  # the contract is one line, never a traceback
        return _fail(f"{args.file}: internal error ({type(error).__name__}: {error})")
    text = json.dumps({"areas": areas}, ensure_ascii=False) if args.json else _text(areas)
    if not _emit(text):
        return 1
    if unknown:
        first = ", ".join(f"{code} (line {line})" for code, line in list(unknown.items())[:3])
        print(
            f"{PROG}: note: {len(unknown)} area code(s) not in the boundary file were left out: "
            f"{first}{' …' if len(unknown) > 3 else ''}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

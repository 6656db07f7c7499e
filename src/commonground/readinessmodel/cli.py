"""``commonground readiness score FILE.csv [--json]``: a readiness profile from a scoring sheet.

The sheet has one row per score: ``interview,dimension,scorer,score`` with ``scorer`` one of
``a``, ``b`` (the two independent scorers, whole numbers 1–9) or ``consensus`` (any number in
[1, 9]). ``--json`` prints the contract's object; without it, a readable table. Any problem is
one line on stderr naming the file and line, and exit status 2. Runs without Django.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .model import DIMENSIONS
from .scoring import Profile, ScoreError, score_rows
from .sheets import read_sheet

PROG = "commonground readiness score"


class _UsageError(Exception):
    """Raised instead of argparse's multi-line usage-and-exit, so the error stays one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Score a Community Readiness assessment: dimension scores, overall score, stage "
            "and the scorers' agreement, from a CSV of interview,dimension,scorer,score."
        ),
        epilog="See docs/readiness.md.",
    )
    parser.add_argument("file", metavar="FILE.csv", help="the scoring sheet")
    parser.add_argument("--json", action="store_true", help="print the profile as JSON")
    return parser


def _percent(value: object) -> str:
    return "–" if value is None else f"{float(value):.0%}"  # type: ignore[arg-type]


def render_text(profile: Profile) -> str:
    """The profile as a table for a person at a terminal."""
    lines = [
        f"{len(profile.interviews)} interviews; overall {float(profile.overall):.2f}: "
        f"stage {profile.stage}, {profile.stage_name}",
        "",
        f"  {'dimension':<40} {'score':>6} {'stage':>6}  agreement",
    ]
    for letter, result in profile.dimensions.items():
        label = f"{letter} {DIMENSIONS[letter]}"
        lines.append(
            f"  {label:<40} {float(result.score):>6.2f} {result.stage:>6}  "
            f"{_percent(result.agreement)}"
        )
    lines += ["", f"Start with the lowest: {', '.join(profile.lowest)}."]
    return "\n".join(lines)


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
    name = args.file
    try:
        profile = score_rows(read_sheet(name))
    except ScoreError as error:
        where = f"{name}:{error.line}" if error.line is not None else name
        return _fail(f"{where}: {error.describe()}")
    except OSError as error:
        return _fail(f"{name}: cannot be read ({error.strerror or error})")
    except Exception as error:  # the contract is one line, never a traceback
        return _fail(f"{name}: internal error ({type(error).__name__}: {error}); please report it")
    text = json.dumps(profile.as_contract(), indent=2) if args.json else render_text(profile)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

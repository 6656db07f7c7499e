"""What both ``commonground schools`` commands share: one-line errors, exit status 2, output."""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["Parser", "UsageError", "add_phase", "emit", "fail", "urn_value"]


class UsageError(Exception):
    """Raised instead of argparse's usage-and-exit, so an error stays one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def add_phase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--phase",
        choices=("primary", "secondary"),
        help="only schools of this phase (default: both, each compared only with its own phase)",
    )


def fail(prog: str, message: str) -> int:
    """Print one line on stderr and return exit status 2."""
    print(f"{prog}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def emit(text: str) -> bool:
    """Print to stdout; False if the reader went away (``… | head``), without a traceback."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return False
    return True


def urn_value(urn: str) -> int | str:
    """A URN as JSON: a number when it is one (DfE URNs are), else the text as written."""
    return int(urn) if urn.isascii() and urn.isdigit() else urn

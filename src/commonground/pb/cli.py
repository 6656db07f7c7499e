"""``commonground pb``: compute, compare and analyse .pb files from the command line.

Never starts Django.  Tables and progress go to stderr/stdout through ``rich``; with ``--json``
stdout carries pure JSON only.  Start-up imports only what the command needs: ``rich`` is
imported when something is printed through it (a table, a plain list, a spinner on a terminal),
so a ``compute --json`` run loads the reader and the rules and nothing else, and NumPy only
when the rule reads ballots (a greedy rule on a choose-1 file reads vote counts).  A
malformed file prints one line naming the file and the line (``FILE:LINE: message``) on
stderr and exits with status 2; so does a rule that refuses the election (for instance an Add1
loop over its work limit).  Nothing ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from .election import Election, format_number
from .pabulib import PabulibError, read_pb, read_pb_for_rule
from .rules import RULES, compute, rules_for
from .tally import Tally
from .tiebreak import TIE_BREAKS

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commonground pb", description="Participatory-budgeting engine."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="a Pabulib .pb file")
        p.add_argument("--tie-break", choices=TIE_BREAKS, default="pabutools")
        p.add_argument("--seed", type=int, default=None, help="seed of the equalshares lot")
        p.add_argument("--json", action="store_true", help="print JSON on stdout")

    compute_p = sub.add_parser("compute", help="run one rule")
    common(compute_p)
    compute_p.add_argument("--rule", required=True, choices=sorted(RULES))

    compare_p = sub.add_parser("compare", help="run several rules side by side")
    common(compare_p)
    compare_p.add_argument(
        "--rules",
        default="greedy,mes-add1u",
        help="comma-separated rule names (default: greedy,mes-add1u)",
    )

    analyse_p = sub.add_parser("analyse", help="analyse one rule's outcome")
    common(analyse_p)
    analyse_p.add_argument("--rule", required=True, choices=sorted(RULES))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``commonground pb compute|compare|analyse FILE …``."""
    args = _parser().parse_args(argv)
    consoles = _Consoles()
    try:
        election = _read(args)
    except PabulibError as error:
        line = f":{error.line}" if error.line else ""
        print(f"{args.file}{line}: {_one_line(error.message)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"{args.file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print(f"{args.file}: too large to read into memory", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        handler = {"compute": _compute, "compare": _compare, "analyse": _analyse}[args.command]
        return handler(election, args, consoles)
    except (ValueError, ArithmeticError) as error:  # a rule refusing this election, in words
        print(f"{args.file}: {_one_line(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # the contract is one line, never a traceback
        print(
            f"{args.file}: internal error ({type(error).__name__}: {_one_line(error)}); "
            "please report it with the file",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


def _read(args: argparse.Namespace) -> Election | Tally:
    """The file as the command needs it: ``compute`` with a greedy rule needs only a choose-1
    file's vote counts (no ballot arrays, no NumPy); everything else, the election."""
    if args.command == "compute":
        return read_pb_for_rule(args.file, args.rule)
    return read_pb(args.file)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


class _Consoles:
    """stdout and stderr ``rich`` consoles, each made (and ``rich`` imported) on first use."""

    @cached_property
    def out(self):
        from rich.console import Console

        return Console(highlight=False, soft_wrap=True)

    @cached_property
    def err(self):
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _progress(consoles: _Consoles, label: str, enabled: bool):
    """A spinner with the Add1 loop's position on stderr (only when stderr is a terminal)."""
    if not enabled or not sys.stderr.isatty() or not consoles.err.is_terminal:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    err = consoles.err

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(label)

        def update(k: int, runs: int) -> None:
            progress.update(task, description=f"{label}: +{k} per voter, {runs} MES runs")

        yield update


def _run(election: Election | Tally, rule: str, args, consoles: _Consoles) -> Any:
    with _progress(consoles, rule, rule.startswith("mes-add1")) as update:
        return compute(election, rule, tie_break=args.tie_break, seed=args.seed, progress=update)


def _compute(election: Election | Tally, args, consoles: _Consoles) -> int:
    outcome = _run(election, args.rule, args, consoles)
    if args.json:
        print(json.dumps(outcome.to_dict(), ensure_ascii=False))
        return 0
    out = consoles.out
    for pid in outcome.selected:
        out.print(pid)
    out.print(f"total cost: {format_number(outcome.total_cost)} of {format_number(outcome.budget)}")
    return 0


def _compare(election: Election, args, consoles: _Consoles) -> int:
    names = [r.strip() for r in args.rules.split(",") if r.strip()]
    unknown = [r for r in names if r not in RULES]
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)}")
    applicable = rules_for(election)
    outcomes = {r: _run(election, r, args, consoles) for r in names if r in applicable}
    if args.json:
        print(json.dumps({r: o.to_dict() for r, o in outcomes.items()}, ensure_ascii=False))
        return 0
    from rich.table import Table

    table = Table(title=f"{election.meta.get('description', args.file)}")
    table.add_column("project")
    table.add_column("cost", justify="right")
    for r in outcomes:
        table.add_column(r, justify="center")
    for project in election.projects:
        marks = [_mark(o.selected, project.id) for o in outcomes.values()]
        if any(marks):
            table.add_row(project.id, format_number(project.cost), *marks)
    table.add_row("total", "", *[format_number(o.total_cost) for o in outcomes.values()])
    consoles.out.print(table)
    return 0


def _mark(selected: list[str], pid: str) -> str:
    return f"#{selected.index(pid) + 1}" if pid in selected else ""


def _analyse(election: Election, args, consoles: _Consoles) -> int:
    from .analysis import analyse

    outcome = _run(election, args.rule, args, consoles)
    report = analyse(election, outcome)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=str))
        return 0
    _print_report(report, consoles.out)
    return 0


def _print_report(report: dict, out) -> None:
    from rich.table import Table

    from .explain import describe

    out.print(
        f"[bold]{report['rule']}[/]: {len(report['selected'])} projects, "
        f"{report['total_cost']:,} of {report['budget']:,} "
        f"({100 * report['share_of_budget_spent']:.1f}%)"
    )
    out.print(
        f"voters with a funded project: {report['voters_satisfied']:,} of "
        f"{report['voters']:,} ({100 * report['share_of_voters_satisfied']:.1f}%)"
    )
    ejr = report.get("ejr_up_to_one", {})
    if ejr.get("checked"):
        out.print(f"EJR up to one project: {'yes' if ejr['satisfied'] else 'NO'} ({ejr['note']})")
    table = Table(title="why each project was or was not funded")
    for column in ("project", "cost", "supporters", "funded", "why"):
        table.add_column(column)
    for entry in report["explanation"]:
        table.add_row(
            entry["code"],
            f"{entry['cost']:,.0f}",
            str(entry["supporters"]),
            entry["phase"].replace("_", " ") if entry["selected"] else "",
            describe(entry),
        )
    out.print(table)
    for column, groups in report["groups"].items():
        gtable = Table(title=f"voters by {column}")
        for c in ("group", "voters", "share of voters", "share of funded money"):
            gtable.add_column(c)
        for g in groups:
            gtable.add_row(
                g["group"],
                f"{g['voters']:,}",
                f"{100 * g['share_of_voters']:.1f}%",
                f"{100 * g['share_of_budget']:.1f}%",
            )
        out.print(gtable)


if __name__ == "__main__":
    sys.exit(main())

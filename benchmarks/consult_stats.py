"""Time the consultation statistics at a large city's scale, in one run.

    python benchmarks/consult_stats.py [--responses 20000] [--options 12] [--replicates 1000]
                                       [--respondents 20000] [--repeat 3]

Priorities: a survey of ``--responses`` people (half ranking up to five options, half ticking
them) plus 40 board-table sessions, combined with a ``--replicates`` cluster bootstrap.
Raking: ``--respondents`` synthetic people on Bradford's real margins for broad ethnic group,
religion, age band and ward (4 dimensions, 30 wards), drawn half from the population shares
and half at random, 5% "prefer not to say", cap 5.
Prints best-of-``--repeat`` seconds and peak memory (``tracemalloc``).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commonground.consultstats.population import load_profile  # noqa: E402
from commonground.consultstats.priorities import (  # noqa: E402
    Response,
    Session,
    SurveyMethod,
    TallyMethod,
    combine,
)
from commonground.consultstats.reach import raking_weights  # noqa: E402


def survey_inputs(responses: int, options: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    ids = [f"option-{i}" for i in range(options)]
    p = rng.dirichlet(np.full(options, 2.0))
    people = []
    for _ in range(responses):
        picked = [ids[i] for i in rng.choice(options, size=rng.integers(1, 6), replace=False, p=p)]
        if rng.random() < 0.5:
            people.append(Response(ranking=tuple(picked)))
        else:
            people.append(Response(chosen=frozenset(picked)))
    sessions = [
        Session(dict(zip(ids, rng.multinomial(30, p).tolist(), strict=True)), 10) for _ in range(40)
    ]
    return ids, [SurveyMethod("survey", people), TallyMethod("board_table", sessions)]


def raking_inputs(respondents: int, seed: int = 2):
    profile = load_profile()
    margins = profile.margins(["ethnicity_broad", "religion", "age_band", "ward"])
    rng = np.random.default_rng(seed)
    columns = {}
    for dimension, target in margins.items():
        names = list(target)
        shares = np.array([target[n] for n in names]) / sum(target.values())
        skew = 0.5 * shares + 0.5 * rng.dirichlet(np.ones(len(names)))  # a skewed sample
        columns[dimension] = rng.choice(names, size=respondents, p=skew)
    missing = rng.random((respondents, len(margins))) < 0.05
    people = [
        {
            d: (None if missing[r, j] else str(columns[d][r]))
            for j, d in enumerate(margins)
        }
        for r in range(respondents)
    ]  # fmt: skip
    return people, margins


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """(best seconds, peak MiB)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return best, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--options", type=int, default=12)
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from rich.console import Console
    from rich.table import Table

    ids, methods = survey_inputs(args.responses, args.options)
    people, margins = raking_inputs(args.respondents)
    table = Table(title="Consultation statistics (seconds, best of repeats)")
    for column in ("task", "size", "seconds", "peak MiB", "detail"):
        table.add_column(column, justify="left" if column in ("task", "detail") else "right")

    seconds, peak = best_of(
        args.repeat, lambda: combine(ids, methods, replicates=args.replicates, seed=0)
    )
    result = combine(ids, methods, replicates=args.replicates, seed=0)
    table.add_row(
        "priorities.combine + bootstrap",
        f"{args.responses:,} responses × {args.options} options + 40 sessions",
        f"{seconds:.3f}",
        f"{peak:.0f}",
        f"{args.replicates:,} replicates; top: {result.options[0].option}",
    )
    seconds, peak = best_of(args.repeat, lambda: raking_weights(people, margins))
    raked = raking_weights(people, margins)
    table.add_row(
        "reach.raking_weights",
        f"{args.respondents:,} respondents × {len(margins)} dimensions",
        f"{seconds:.3f}",
        f"{peak:.0f}",
        f"{raked.iterations} iterations, converged {raked.converged}, "
        f"deff {raked.design_effect:.2f}",
    )
    Console(width=160).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

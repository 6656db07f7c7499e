"""Time our PB engine against pabutools on the same files, in one run.

    python benchmarks/pb_engine.py [--files NAME …] [--rules greedy,mes,…] [--cap 60]

For each file and rule it runs our engine in-process (parse + rule, best of ``--repeat``) and
pabutools in a subprocess with a time cap (parse and rule timed separately inside it), and prints
the speed-up (pabutools' rule time / ours) and our peak memory (``tracemalloc``).  A pabutools run
that exceeds the cap is shown as "> CAP s (did not finish)".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commonground.paths import shared_dir  # noqa: E402
from commonground.pb import compute, read_pb, rules_for  # noqa: E402

DEFAULT_FILES = [
    "Poland_Warszawa_2026.pb",
    "Poland_Swiecie_2023.pb",
    "Netherlands_Assen_2024.pb",
    "France_Toulouse_2019.pb",
]
DEFAULT_RULES = "greedy,mes,mes-add1u"


def shared_pabulib() -> Path:
    return shared_dir() / "data" / "pabulib"


def time_ours(path: Path, rule: str, repeat: int) -> tuple[float, float, float, list[str]]:
    """(parse seconds, best rule seconds, peak MiB, selected)."""
    start = time.perf_counter()
    election = read_pb(path)
    parse = time.perf_counter() - start
    best = float("inf")
    selected: list[str] = []
    for _ in range(repeat):
        start = time.perf_counter()
        selected = compute(election, rule).selected
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    compute(read_pb(path), rule)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return parse, best, peak, selected


def time_pabutools(path: Path, rule: str, cap: float) -> dict | None:
    """pabutools' timings from a capped subprocess, or None if it did not finish."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "commonground.pb.reference", str(path), rule],
            capture_output=True,
            text=True,
            timeout=cap,
            env=env,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="*", default=DEFAULT_FILES)
    parser.add_argument("--rules", default=DEFAULT_RULES)
    parser.add_argument("--cap", type=float, default=60.0, help="pabutools time cap (s)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pabutools", action="store_true")
    args = parser.parse_args(argv)
    from rich.console import Console
    from rich.table import Table

    table = Table(title="PB engine vs pabutools 1.2.3 (seconds; rule time excludes parsing)")
    for column in (
        "file",
        "rule",
        "ours parse",
        "ours rule",
        "peak MiB",
        "pabutools parse",
        "pabutools rule",
        "speed-up",
        "same",
    ):
        table.add_column(column, justify="right" if column not in ("file", "rule") else "left")
    for name in args.files:
        path = shared_pabulib() / name if not Path(name).exists() else Path(name)
        election = read_pb(path)
        for rule in args.rules.split(","):
            if rule not in rules_for(election):
                continue
            parse, ours, peak, selected = time_ours(path, rule, args.repeat)
            ref = None if args.no_pabutools else time_pabutools(path, rule, args.cap)
            if ref is None:
                ref_parse = ref_rule = ratio = (
                    "—" if args.no_pabutools else f"> {args.cap:.0f} s (did not finish)"
                )
                same = "—"
            else:
                ref_parse, ref_rule = f"{ref['parse_s']:.2f}", f"{ref['rule_s']:.2f}"
                ratio = f"{ref['rule_s'] / ours:,.0f}×"
                same = "yes" if sorted(ref["selected"]) == sorted(selected) else "NO"
            table.add_row(
                path.stem[:38],
                rule,
                f"{parse:.3f}",
                f"{ours:.3f}",
                f"{peak:.0f}",
                ref_parse,
                ref_rule,
                ratio,
                same,
            )
            Console(stderr=True).print(f"done: {path.stem} {rule}", style="dim")
    Console(width=200).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

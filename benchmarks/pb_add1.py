"""The Add1 loop alone: the engine's loop against the step-by-step reference, in one run.

    python benchmarks/pb_add1.py [--files NAME ...] [--repeat 3] [--style pabutools]

For each file (read and its profile built first, untimed) it times, in CPU seconds, best of
``--repeat``, :func:`~commonground.pb.mes.mes_add1` (certificates that skip increments, the
shortcuts of issue 20) and :func:`~commonground.pb.mes.mes_add1_stepwise` (one plain MES run
per unit of the per-voter budget, by the definition), checks that both stop at the same
per-voter budget with the same funded projects, and prints the MES runs each made and the
ratio.  Nothing is checked out or written: both loops are this checkout's.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from commonground.paths import shared_dir  # noqa: E402
from commonground.pb.mes import MESEngine, mes_add1, mes_add1_stepwise  # noqa: E402
from commonground.pb.pabulib import read_pb  # noqa: E402
from commonground.pb.profile import build_profile  # noqa: E402
from commonground.pb.tiebreak import tie_break_ranks  # noqa: E402


def _best(function, repeat: int):
    """(best CPU seconds, last result) of ``repeat`` calls of ``function()``."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        best = min(best, time.process_time() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=["Poland_Warszawa_2026.pb"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--style", choices=("pabutools", "equalshares"), default="pabutools")
    parser.add_argument(
        "--max-runs", type=int, default=20_000, help="stop the stepwise loop after this many"
    )
    args = parser.parse_args(argv)
    tie_break = "equalshares" if args.style == "equalshares" else "pabutools"
    print(f"{'file':34} {'runs':>5} {'engine':>8} {'runs':>6} {'stepwise':>9} {'ratio':>6} same")
    for name in args.files:
        path = Path(name) if Path(name).exists() else shared_dir() / "data" / "pabulib" / name
        profile = build_profile(read_pb(path))
        votes = profile.num_supporters.tolist()
        ranks = tie_break_ranks(profile.ids, profile.costs, votes, tie_break, None)
        engine = MESEngine(profile, ranks)
        ours, fast = _best(lambda e=engine: mes_add1(e, style=args.style), args.repeat)
        slow_s, slow = _best(
            lambda e=engine: mes_add1_stepwise(e, style=args.style, max_runs=args.max_runs),
            args.repeat,
        )
        same = fast.run.b0 == slow.run.b0 and fast.run.selected == slow.run.selected
        print(
            f"{path.stem[:34]:34} {fast.evaluations:5d} {ours:7.3f}s {slow.evaluations:6d} "
            f"{slow_s:8.3f}s {ours / slow_s:6.2f} {'yes' if same else 'NO'}"
        )
    load = os.getloadavg()[0]
    print(f"load average: {load:.1f} on {os.cpu_count()} cores (CPU time, best of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Add1 loop alone: this checkout's engine against an earlier revision's, in the same run.

    python benchmarks/pb_add1.py [--against REV] [--files NAME ...] [--repeat 3]

Each side runs in a fresh process (the file read and the profile built first, untimed), and
the CPU time of ``mes_add1`` is taken, best of ``--repeat``.  The earlier revision (default
``HEAD``) is checked out into a temporary git worktree, so uncommitted changes are measured
against what is committed.  Prints the MES runs made and the ratio ours / theirs per file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "pabulib"

TIMED = """
import sys, time
from commonground.pb.mes import MESEngine, mes_add1
from commonground.pb.pabulib import read_pb
from commonground.pb.profile import build_profile
from commonground.pb.tiebreak import tie_break_ranks
p = build_profile(read_pb(sys.argv[1]))
ranks = tie_break_ranks(p.ids, p.costs, p.num_supporters.tolist(), "pabutools", None)
engine = MESEngine(p, ranks)
t = time.process_time()
result = mes_add1(engine)
print(time.process_time() - t, result.evaluations)
"""


def _time(src: Path, path: Path) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", TIMED, str(path)], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(out.stderr.strip().splitlines()[-1])
    seconds, runs = out.stdout.split()
    return float(seconds), int(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision to compare with")
    parser.add_argument("--files", nargs="+", default=["Poland_Warszawa_2026.pb"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        theirs = Path(tmp) / "theirs"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(theirs), args.against], check=True)
        try:
            print(f"{'file':32} {'runs':>5} {'ours':>8} {args.against:>10} {'ratio':>6}")
            for name in args.files:
                path = DATA / name
                ours = [_time(ROOT / "src", path) for _ in range(args.repeat)]
                base = [_time(theirs / "src", path) for _ in range(args.repeat)]
                best_ours, best_base = min(t for t, _ in ours), min(t for t, _ in base)
                print(
                    f"{name[:32]:32} {ours[0][1]:5d} {best_ours:7.3f}s {best_base:9.3f}s "
                    f"{best_ours / best_base:6.2f}"
                )
        finally:
            subprocess.run([*git, "remove", "--force", str(theirs)], check=True)


if __name__ == "__main__":
    main()

"""Time our PB engine against pabutools on the same files, in one run.

    python benchmarks/pb_engine.py [--files NAME …] [--rules greedy,mes,…] [--cap 60]

For each file and rule it measures what a user waits for, a whole process each:
``commonground pb compute FILE --rule RULE --json`` (best of ``--repeat``) against pabutools'
parse and rule in one process of their own (``python -m commonground.pb.reference``, under a
time cap), each with its CPU time (user + sys, from ``wait4``: the fair figure on a busy
machine), wall time and peak memory (max RSS); and, beside them, the rule's time alone (ours
in-process, best of ``--repeat``; pabutools' timed inside its process).  The CPU ratio is
pabutools' whole-process CPU over ours.  A pabutools run that exceeds the cap is shown as
"> CAP s (did not finish)".  It then parses the largest shared
file alone, ours against pabutools' ``parse_pabulib`` (this timing used to be a test's assertion;
the test now checks the parsed ballots instead).

Compiled bytecode: a package installed by pip, or by uv with ``--compile-bytecode``, starts
from compiled ``.pyc`` files; a virtual environment made without them (uv's default) under
``PYTHONDONTWRITEBYTECODE=1`` compiles NumPy's and pabutools' sources again in every process,
about 0.1 s of NumPy alone.  ``--bytecode cached`` (the default) measures both sides as
installed: each process may keep compiled files in a temporary folder (``PYTHONPYCACHEPREFIX``;
nothing is written into the tree or the environment), warmed up by importing both engines
first.  ``--bytecode none`` measures the environment as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
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


def rule_time(path: Path, rule: str, repeat: int) -> tuple[float, float]:
    """(parse seconds, best rule seconds), in this process: the rule's time alone."""
    start = time.perf_counter()
    election = read_pb(path)
    parse = time.perf_counter() - start
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        compute(election, rule)
        best = min(best, time.perf_counter() - start)
    return parse, best


LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(json.dumps({
    "code": os.waitstatus_to_exitcode(status),
    "cpu": usage.ru_utime + usage.ru_stime,
    "wall": time.perf_counter() - start,
    "rss": usage.ru_maxrss / 1024,
}), file=sys.stderr)
"""
"""Runs a command and reports its own CPU, wall and max RSS on stderr.  The measured process is
forked from this small launcher, not from the benchmark: Linux counts the memory of the process
a child was forked from in the child's max RSS."""


PYCACHE: str | None = None
"""The temporary folder compiled bytecode is kept in (``--bytecode cached``), else None."""


def child_env() -> dict[str, str]:
    """The environment of every measured process (and of the warm-up)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE
    return env


WARM_UP = (
    "import commonground.cli, commonground.pb.cli, commonground.pb.reference, json\n"
    "try:\n"
    "    import pabutools.election, pabutools.rules, pabutools.fractions\n"
    "except ImportError:\n"
    "    pass\n"
)


def whole_process(command: list[str], cap: float) -> dict | None:
    """Run ``command``; its CPU seconds (user + sys), wall seconds, max RSS (MiB) and stdout,
    or None if it ran past ``cap`` seconds or failed."""
    env = child_env()
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # so that a run past the cap is stopped with its launcher
    )
    try:
        out, err = proc.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None
    usage = json.loads(err.strip().splitlines()[-1])
    if usage.pop("code") != 0:
        return None
    return {**usage, "out": out}


def ours_whole(path: Path, rule: str, repeat: int, cap: float) -> dict | None:
    """Best (least CPU) of ``repeat`` runs of ``commonground pb compute … --json``."""
    command = [sys.executable, "-m", "commonground.cli", "pb", "compute", str(path)]
    runs = [whole_process([*command, "--rule", rule, "--json"], cap) for _ in range(repeat)]
    done = [r for r in runs if r is not None]
    return min(done, key=lambda r: r["cpu"]) if done else None


def pabutools_whole(path: Path, rule: str, cap: float) -> dict | None:
    """pabutools parsing and running ``rule`` in a process of its own (timings inside)."""
    command = [sys.executable, "-m", "commonground.pb.reference", str(path), rule]
    run = whole_process(command, cap)
    if run is not None:
        run.update(json.loads(run.pop("out")))
    return run


PABUTOOLS_PARSE = (
    "import sys, time; from pabutools.election import parse_pabulib; t = time.process_time();"
    "parse_pabulib(sys.argv[1]); print(time.process_time() - t)"
)


def largest_shared_file() -> Path | None:
    files = sorted(shared_pabulib().glob("*.pb"), key=lambda p: (p.stat().st_size, p.name))
    return files[-1] if files else None


def parse_largest(repeat: int, cap: float, peer: bool) -> str:
    """One line: best-of-``repeat`` parse of the largest shared file, ours and pabutools'
    (CPU time of the parse alone, so that other work on the machine does not count)."""
    path = largest_shared_file()
    if path is None:
        return f"no .pb files in {shared_pabulib()}"
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        election = read_pb(path)
        best = min(best, time.process_time() - start)
    line = (
        f"Parsing the largest shared file, {path.name} ({path.stat().st_size / 2**20:.1f} MiB, "
        f"{election.num_voters:,} ballots): ours {best:.3f} s CPU"
    )
    if not peer:
        return line
    env = child_env()
    try:
        done = subprocess.run(
            [sys.executable, "-c", PABUTOOLS_PARSE, str(path)],
            capture_output=True,
            text=True,
            timeout=cap,
            env=env,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return f"{line}, pabutools > {cap:.0f} s (did not finish)"
    theirs = float(done.stdout.strip().splitlines()[-1])
    return f"{line}, pabutools {theirs:.3f} s: {theirs / best:,.1f}× faster"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="*", default=DEFAULT_FILES)
    parser.add_argument("--rules", default=DEFAULT_RULES)
    parser.add_argument("--cap", type=float, default=60.0, help="pabutools time cap (s)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument(
        "--bytecode",
        choices=("cached", "none"),
        default="cached",
        help="cached: both sides start from compiled bytecode, as installed (default)",
    )
    args = parser.parse_args(argv)
    global PYCACHE
    if args.bytecode == "cached":
        PYCACHE = tempfile.mkdtemp(prefix="pb-engine-pycache-")
        subprocess.run([sys.executable, "-c", WARM_UP], env=child_env(), check=True)
    try:
        return _measure(args)
    finally:
        if PYCACHE is not None:
            shutil.rmtree(PYCACHE, ignore_errors=True)


def _measure(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title="PB engine vs pabutools 1.2.3: whole process (CPU = user + sys) and rule alone, s"
    )
    for column in (
        "file",
        "rule",
        "ours CPU",
        "ours wall",
        "ours MiB",
        "ours parse",
        "ours rule",
        "pabutools CPU",
        "pabutools wall",
        "pabutools parse",
        "pabutools rule",
        "CPU ratio",
        "rule ratio",
        "same",
    ):
        table.add_column(column, justify="right" if column not in ("file", "rule") else "left")
    for name in args.files:
        path = shared_pabulib() / name if not Path(name).exists() else Path(name)
        election = read_pb(path)
        for rule in args.rules.split(","):
            if rule not in rules_for(election):
                continue
            parse, ours_rule = rule_time(path, rule, args.repeat)
            ours = ours_whole(path, rule, args.repeat, args.cap)
            if ours is None:
                raise SystemExit(f"{path}: commonground pb compute --rule {rule} failed")
            ref = None if args.no_pabutools else pabutools_whole(path, rule, args.cap)
            if ref is None:
                missing = "—" if args.no_pabutools else f"> {args.cap:.0f} s (did not finish)"
                theirs = [missing, "", "", "", "—", "—", "—"]
            else:
                same = sorted(ref["selected"]) == sorted(json.loads(ours["out"])["selected"])
                theirs = [
                    f"{ref['cpu']:.2f}",
                    f"{ref['wall']:.2f}",
                    f"{ref['parse_s']:.2f}",
                    f"{ref['rule_s']:.2f}",
                    f"{ref['cpu'] / ours['cpu']:,.0f}×",
                    f"{ref['rule_s'] / ours_rule:,.0f}×",
                    "yes" if same else "NO",
                ]
            table.add_row(
                path.stem[:38],
                rule,
                f"{ours['cpu']:.3f}",
                f"{ours['wall']:.3f}",
                f"{ours['rss']:.0f}",
                f"{parse:.3f}",
                f"{ours_rule:.3f}",
                *theirs,
            )
            Console(stderr=True).print(f"done: {path.stem} {rule}", style="dim")
    load = os.getloadavg()[0]
    Console(width=220).print(table)
    print(f"load average while measuring: {load:.1f} on {os.cpu_count()} cores")
    print(f"bytecode: {args.bytecode}")
    print(parse_largest(args.repeat, args.cap, peer=not args.no_pabutools))
    return 0


if __name__ == "__main__":
    sys.exit(main())

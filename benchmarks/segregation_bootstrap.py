"""Time bootstrap intervals for the multigroup indices on Bradford's LSOAs, ours against PySAL.

    .venv/bin/python benchmarks/segregation_bootstrap.py [--replicates 1000] [--repeat 3]

Ours: `bootstrap_multigroup`, every replicate of the four multigroup indices (dissimilarity,
Theil's H, relative diversity, normalised exposure) scored as one NumPy array (best of
``--repeat``, after a warm-up). Peer: PySAL ``segregation``'s ``SingleValueTest`` with
``null_approach="bootstrap"`` for each of the same four indices, on one core (``n_jobs=1``), the
same number of replicates. PySAL resamples whole areas where we resample residents within each
area, so the work per replicate (one index evaluation over every area) is the same but the
intervals differ; the ratio is of time only. Target: under 2 s for 1,000 replicates (this was a
timing assertion in segregation/tests/test_bootstrap.py, which now checks the results instead).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TQDM_DISABLE", "1")  # PySAL draws a progress bar per index otherwise

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commonground.paths import shared_dir  # noqa: E402
from commonground.segregation import bootstrap_multigroup, read_long_table  # noqa: E402

TARGET_S = 2.0
LSOA_FILE = "ethnicity21_lsoa21_bradford.csv"


def time_ours(path: Path, replicates: int, repeat: int) -> tuple[float, tuple[int, int]]:
    """Best-of-``repeat`` seconds for ``replicates`` replicates, and the table's shape."""
    counts = read_long_table(
        path,
        area="lsoa21_code",
        group_column="ethnic_group",
        count_column="n",
        total="total_residents",
    ).counts
    bootstrap_multigroup(counts, replicates=10, seed=0)  # warm up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        bootstrap_multigroup(counts, replicates=replicates, seed=0)
        best = min(best, time.perf_counter() - start)
    return best, counts.shape


def time_pysal(path: Path, replicates: int) -> float:
    """Seconds for PySAL's bootstrap test of the same four indices, one after another."""
    import pandas as pd
    from segregation.inference import SingleValueTest
    from segregation.multigroup import (
        MultiDissim,
        MultiInfoTheory,
        MultiNormExposure,
        MultiRelativeDiversity,
    )

    long = pd.read_csv(path)
    frame = long.pivot(index="lsoa21_code", columns="ethnic_group", values="n")
    groups = list(frame.columns)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index in (MultiDissim, MultiInfoTheory, MultiRelativeDiversity, MultiNormExposure):
            SingleValueTest(
                index(frame, groups),
                iterations_under_null=replicates,
                null_approach="bootstrap",
                n_jobs=1,
            )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pysal", action="store_true", help="time ours only")
    args = parser.parse_args(argv)
    path = shared_dir() / "data" / "uk" / "census2021" / LSOA_FILE
    if not path.is_file():
        print(f"shared census table not found: {path}", file=sys.stderr)
        return 1
    ours, (areas, groups) = time_ours(path, args.replicates, args.repeat)
    print(
        f"{args.replicates:,} replicates, 4 multigroup indices, {areas} LSOAs × {groups} groups: "
        f"ours {ours:.3f} s (target < {TARGET_S:.0f} s: {'OK' if ours < TARGET_S else 'OVER'})"
    )
    if not args.no_pysal:
        theirs = time_pysal(path, args.replicates)
        print(
            f"PySAL segregation SingleValueTest(bootstrap, n_jobs=1): {theirs:.3f} s; "
            f"ours is {theirs / ours:,.1f}× faster"
        )
    return 0 if ours < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

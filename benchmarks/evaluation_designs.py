"""Time the evaluation designs on 312 areas × 40 quarters, ours against statsmodels' dummy OLS.

    .venv/bin/python benchmarks/evaluation_designs.py [--repeat 3]

A simulated panel the size of Bradford's LSOAs (312) over ten years of quarters (40), a third of
areas treated from quarter 25.  Timed (best of ``--repeat``, after a warm-up), from a loaded
``Panel`` (reading the CSV is timed separately):

- ``did``: two-way fixed effects with unit-clustered errors, plus the event-study pre-trend test
  it reports — target under 1 s.  Peer: statsmodels' OLS on the full dummy design
  (``y ~ dp + C(unit) + C(period)``, ``cov_type="cluster"``), the same numbers, ratio printed.
- ``event-study``: leads and lags, period −1 omitted — target under 1 s.
- ``synthetic-control``: one treated area, fitted and then a placebo for every one of the 311
  donors — target under 30 s.
- ``synthetic-control`` with two covariates and three outcome periods as predictors: the nested
  V search (Synth's) for the treated area and again for every placebo — reported, no target
  (``--no-covariates`` skips it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from commonground.causal import did, event_study, read_panel, synthetic_control  # noqa: E402

UNITS, PERIODS, START = 312, 40, 25
TARGETS = {"did": 1.0, "event-study": 1.0, "synthetic-control": 30.0}


def simulated(path: Path, treated_share: float) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    unit_effect = rng.normal(0, 2, UNITS)
    period_effect = rng.normal(0, 1, PERIODS)
    treated = rng.random(UNITS) < treated_share
    if not treated.any():
        treated[0] = True
    rows = []
    for i in range(UNITS):
        for t in range(PERIODS):
            y = 50 + unit_effect[i] + period_effect[t] + rng.normal()
            y += 1.5 if treated[i] and t >= START else 0.0
            x1 = unit_effect[i] / 2 + rng.normal(0, 0.3)
            x2 = rng.normal(10, 1)
            rows.append((f"E05{i:06d}", 2000 + t, round(float(y), 4), int(treated[i]), x1, x2))
    frame = pd.DataFrame(rows, columns=["area", "quarter", "y", "treated", "x1", "x2"])
    frame.to_csv(path, index=False)
    return frame


def best(function, repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-covariates", action="store_true", help="skip the synthetic control with covariates"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        many = Path(folder) / "many.csv"
        one = Path(folder) / "one.csv"
        frame = simulated(many, 1 / 3)
        simulated(one, 0.0)
        began = time.perf_counter()
        columns = dict(unit="area", time="quarter", outcome="y", treated="treated", start="2025")
        panel = read_panel(many, **columns)
        read_s = time.perf_counter() - began
        single = read_panel(one, **columns)
    print(f"panel: {UNITS} areas × {PERIODS} quarters; reading the CSV {read_s:.2f} s")
    ours = {
        "did": best(lambda: did(panel), args.repeat),
        "event-study": best(lambda: event_study(panel), args.repeat),
        "synthetic-control": best(lambda: synthetic_control(single), max(1, args.repeat // 3)),
    }
    frame["dp"] = frame["treated"] * (frame["quarter"] >= 2025)
    groups = pd.factorize(frame["area"])[0]

    def dummies():
        with threadpool_limits(limits=1):
            return smf.ols("y ~ dp + C(area) + C(quarter)", frame).fit(
                cov_type="cluster", cov_kwds={"groups": groups}
            )

    nested_s = None
    if not args.no_covariates:
        with tempfile.TemporaryDirectory() as folder:
            one = Path(folder) / "one.csv"
            simulated(one, 0.0)
            with_x = read_panel(one, **columns, covariates=["x1", "x2"])
        lags = ["2005", "2015", "2024"]
        began = time.perf_counter()
        nested = synthetic_control(with_x, outcome_periods=lags)
        nested_s = time.perf_counter() - began
        plain_s = ours["synthetic-control"]
    peer = best(dummies, 1)
    check = dummies()
    result = did(panel)
    assert abs(result.se - check.bse["dp"]) < 1e-9 * check.bse["dp"], "standard errors differ"
    failed = False
    for design, seconds in ours.items():
        target = TARGETS[design]
        verdict = "ok" if seconds < target else "SLOW"
        failed |= seconds >= target
        print(f"{design:<18} {seconds:7.3f} s   target < {target:g} s   {verdict}")
    if nested_s is not None:
        print(
            f"synthetic-control with covariates (V search for each of {len(nested.ratios)} fits) "
            f"{nested_s:7.3f} s   reported, no target; {nested_s / plain_s:.0f}× the "
            "outcome-only synthetic control"
        )
    print(
        f"statsmodels dummy OLS (DiD alone, same estimate and SE): {peer:.3f} s; "
        f"ours (DiD + pre-trend test) is {peer / ours['did']:.1f}× faster"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

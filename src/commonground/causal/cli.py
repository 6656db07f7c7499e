"""``commonground evaluate``: evaluate an intervention from a CSV panel, for analysts.

    commonground evaluate FILE.csv --unit COL --time COL --outcome COL --treated COL
        --start VALUE --design {did,event-study,synthetic-control} [--covariates COL,...] [--json]
        [--outcome-periods PERIOD,...] [--start-column COL [--control {never,not-yet}]]

FILE has one row per unit and period; ``--treated`` is a 0/1 column constant within a unit and
``--start`` the first treated period.  ``--json`` prints the contract's JSON (docs/evaluation.md);
without it a readable summary.  Bad input: one line on stderr naming the file, the line and the
column (or the unit), and exit status 2.  Runs without Django.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from .panel import PanelError, read_panel
from .regression import did, event_study
from .staggered import CONTROLS, NEVER, StaggeredResult, callaway_santanna
from .synth import synthetic_control

PROG = "commonground evaluate"
DESIGNS = ("did", "event-study", "synthetic-control")


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
            "Estimate an intervention's effect from a panel of units by period: "
            "difference in differences, event study or synthetic control."
        ),
        epilog="See docs/evaluation.md for the method and the JSON each design prints.",
    )
    parser.add_argument("file", metavar="FILE.csv", help="one row per unit and period")
    parser.add_argument("--unit", required=True, metavar="COL", help="unit (area) column")
    parser.add_argument("--time", required=True, metavar="COL", help="period column")
    parser.add_argument("--outcome", required=True, metavar="COL", help="outcome column")
    parser.add_argument(
        "--treated", required=True, metavar="COL", help="0/1 column, constant within a unit"
    )
    parser.add_argument(
        "--start",
        metavar="VALUE",
        help="first treated period (required unless --start-column is given)",
    )
    parser.add_argument("--design", required=True, choices=DESIGNS)
    parser.add_argument(
        "--covariates",
        default="",
        metavar="COL,...",
        help=(
            "synthetic control: also match these columns' pre-period means, with the "
            "predictor weights (V) chosen to minimise the pre-period prediction error. "
            "Alone, every pre-period outcome is also a predictor and the covariates cannot "
            "change the fit: on Proposition 99 California then ranks 3rd of 39 (p = 3/39), "
            "as without covariates. Add --outcome-periods to name a few outcome years, as "
            "Abadie, Diamond and Hainmueller (2010) did: with --outcome-periods "
            "1975,1980,1988 California ranks 1st of 39 (p = 1/39). With --start-column: "
            "adjust each group-time comparison for these columns, taken at the period "
            "before the group started (outcome regression)"
        ),
    )
    parser.add_argument(
        "--outcome-periods",
        default="",
        metavar="PERIOD,...",
        help=(
            "synthetic control with --covariates: the pre-periods whose outcomes are "
            "predictors beside the covariates (default: every pre-period, which leaves the "
            "covariates no say; name a few, e.g. 1975,1980,1988 for Proposition 99)"
        ),
    )
    parser.add_argument(
        "--start-column",
        default="",
        metavar="COL",
        help=(
            "did and event-study, staggered adoption: each treated unit's own first treated "
            "period (empty for units never treated); Callaway and Sant'Anna's estimator"
        ),
    )
    parser.add_argument(
        "--control",
        choices=CONTROLS,
        default=NEVER,
        help=(
            "with --start-column: compare each group with units never treated (default) or "
            "with those not yet treated (never treated and later starters, until they start)"
        ),
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def _clean(value):
    """JSON has no NaN or infinity: write them as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def _text(design: str, result) -> str:
    if design == "did":
        lo, hi = result.ci
        return "\n".join(
            [
                "Difference in differences (unit and period fixed effects, SEs clustered by unit)",
                f"  estimate     {_fmt(result.estimate)}",
                f"  std. error   {_fmt(result.se)}",
                f"  95% CI       {_fmt(lo)} to {_fmt(hi)}",
                f"  units        {result.n_units} ({result.n_treated} treated)",
                f"  periods      {result.n_periods}",
                f"  pre-trend p  {_fmt(result.pre_trend_p)} (joint test of the leads)",
            ]
        )
    if design == "event-study":
        lines = ["Event study (period −1 is the reference)", "  event time  coefficient  95% CI"]
        for e, b, (lo, hi) in zip(result.event_times, result.coefficients, result.ci, strict=True):
            lines.append(f"  {e:>10}  {_fmt(b):>11}  {_fmt(lo)} to {_fmt(hi)}")
        lines.append(f"  pre-trend p {_fmt(result.pre_trend_p)}")
        return "\n".join(lines)
    weights = sorted(result.weights.items(), key=lambda kv: -kv[1])
    lines = [
        f"Synthetic control for {result.treated_unit}",
        f"  pre-period RMSPE  {_fmt(result.pre_rmspe)}",
        f"  mean post gap     {_fmt(result.estimate)}",
        f"  placebo p         {_fmt(result.placebo_p)} "
        f"(rank {result.rank} of {len(result.ratios)} by post/pre RMSPE ratio)",
        "  weights:",
    ]
    lines += [f"    {unit}: {w:.3f}" for unit, w in weights if w >= 0.0005]
    if result.predictor_weights:
        lines.append("  predictor weights (V):")
        lines += [f"    {name}: {v:.3f}" for name, v in result.predictor_weights.items()]
    return "\n".join(lines)


def _staggered_text(design: str, result: StaggeredResult) -> str:
    groups = ", ".join(f"{g} ({n})" for g, n in result.groups.items())
    comparison = "never-treated" if result.control == NEVER else "not-yet-treated"
    lines = [
        f"Staggered adoption: Callaway and Sant'Anna, {comparison} units as the comparison",
        f"  groups by first treated period (units): {groups}; never treated: {result.n_never}",
    ]
    if result.covariate_names:
        lines.append(f"  adjusted for: {', '.join(result.covariate_names)} (outcome regression)")
    if design == "did":
        lo, hi = result.estimate_ci
        lines += [
            f"  overall ATT  {_fmt(result.estimate)}",
            f"  std. error   {_fmt(result.estimate_se)}",
            f"  95% CI       {_fmt(lo)} to {_fmt(hi)}",
            f"  pre-trend p  {_fmt(result.pre_trend_p)} (mean pre-period ATT(g, t) is zero)",
        ]
    else:
        lines.append("  event time  ATT(e)       95% CI  (−1 is the reference)")
        for e, b, (lo, hi) in zip(result.event_times, result.coefficients, result.ci, strict=True):
            lines.append(f"  {e:>10}  {_fmt(b):>11}  {_fmt(lo)} to {_fmt(hi)}")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"{PROG}: error: {' '.join(str(message).split())}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status (0, or 2 after a one-line error on stderr)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as error:
        return _fail(str(error))
    covariates = [c.strip() for c in args.covariates.split(",") if c.strip()]
    if covariates and args.design != "synthetic-control" and not args.start_column:
        return _fail("--covariates applies to --design synthetic-control, or with --start-column")
    if args.control != NEVER and not args.start_column:
        return _fail("--control applies with --start-column only")
    if args.start is None and not args.start_column:
        return _fail("the following arguments are required: --start")
    if args.start_column and args.design == "synthetic-control":
        return _fail("--start-column applies to --design did and event-study only")
    outcome_periods = [p.strip() for p in args.outcome_periods.split(",") if p.strip()]
    if outcome_periods and not covariates:
        return _fail("--outcome-periods applies with --design synthetic-control --covariates only")
    try:
        panel = read_panel(
            args.file,
            unit=args.unit,
            time=args.time,
            outcome=args.outcome,
            treated=args.treated,
            start=args.start,
            covariates=covariates,
            start_column=args.start_column or None,
        )
        if args.start_column:
            result = callaway_santanna(panel, control=args.control)
        elif args.design == "did":
            result = did(panel)
        elif args.design == "event-study":
            result = event_study(panel)
        else:
            result = synthetic_control(panel, outcome_periods=outcome_periods or None)
    except PanelError as error:
        return _fail(str(error))
    try:
        if args.start_column:
            data = result.did_json() if args.design == "did" else result.event_json()
            text = _staggered_text(args.design, result)
        else:
            data = result.as_json() if args.json else {}
            text = "" if args.json else _text(args.design, result)
        if args.json:
            print(json.dumps(_clean(data), ensure_ascii=False))
        else:
            print(text)
    except BrokenPipeError:  # pragma: no cover - `| head`
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

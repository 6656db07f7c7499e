"""Validate and load a 100,000-row upload, with progress (goal: under 30 s).

    .venv/bin/python benchmarks/measures_upload.py [--rows N]

Builds a CSV of one indicator's figures for the district, 30 wards and every LSOA over
years and community breakdowns, then runs the same path as a web or CLI upload
(actions.receive_upload + actions.accept_upload) on a fresh SQLite database. A second
run of the same file (every row unchanged) and a run with every value changed (every
row a new version) are timed too. Row validation alone (the Django-free
`validate_rows`) is timed first on 100,000 rows against its own budget of 10 s; that timing
used to be an assertion in measures/tests/test_validation.py, which now checks the rows.
"""

import argparse
import csv
import io
import itertools
import time

from measures_common import load_areas, setup_django

BUDGET_S = 30
VALIDATION_BUDGET_S = 10


def build_csv(rows: int, codes: list[str], bump: int = 0) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["indicator", "area_code", "period", "breakdown", "value", "numerator", "denominator"]
    )
    communities = [""] + [f"community=c{n:02d}" for n in range(40)]
    combos = itertools.product(range(2000, 2030), communities, codes)
    for n, (year, breakdown, code) in enumerate(combos):
        if n == rows:
            break
        numerator = (n * 7 + bump) % 90 + 5
        writer.writerow(["survey-share", code, str(year), breakdown, "", numerator, 100])
    return out.getvalue().encode()


def time_validation(rows: int) -> float:
    """Seconds for `validate_rows` alone on ``rows`` rows of 30 wards × 20 years × communities."""
    from decimal import Decimal

    from commonground.measures.validation import IndicatorRule, validate_rows

    header = ["indicator", "area_code", "period", "breakdown", "value", "numerator", "denominator"]
    codes = [f"E05{n:06d}" for n in range(30)]
    rule = IndicatorRule(
        slug="satisfied", unit="percent", min_value=Decimal(0), max_value=Decimal(100),
        area_levels=frozenset({"ward"}), breakdowns={"community": frozenset()},
        scale=Decimal(100),
    )  # fmt: skip
    numbered = [
        (n, ["satisfied", codes[n % 30], str(2000 + n // 30 % 20), f"community=c{n // 600}",
             "", str(n % 97), "100"])
        for n in range(2, rows + 2)
    ]  # fmt: skip
    started = time.perf_counter()
    result = validate_rows(
        header, numbered, indicators={"satisfied": rule}, areas=dict.fromkeys(codes, "ward")
    )
    elapsed = time.perf_counter() - started
    assert result.ok and len(result.rows) == rows, result.problems[:3]
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    validation = time_validation(args.rows)
    print(
        f"Validation alone: {args.rows:,} rows in {validation:.2f} s "
        f"({validation / VALIDATION_BUDGET_S:.0%} of its {VALIDATION_BUDGET_S} s budget)"
    )
    setup_django("measures-upload")
    load_areas()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from commonground.core.models import Area, Organisation
    from commonground.measures import actions
    from commonground.measures.models import Indicator, Observation

    organisation = Organisation.objects.create(name="Partner", slug="partner", kind="council")
    Indicator.objects.create(
        slug="survey-share", name="Survey share", unit="percent", owner=organisation,
        area_levels=["district", "ward", "lsoa"], breakdowns={"community": []},
    )  # fmt: skip
    codes = list(
        Area.objects.filter(level__in=["district", "ward", "lsoa"]).values_list("code", flat=True)
    )
    worst = 0.0
    for label, bump in (("first upload", 0), ("same file again", 0), ("every value corrected", 1)):
        content = build_csv(args.rows, codes, bump)
        started = time.perf_counter()
        with Progress(
            TextColumn(f"{label:<22}" + " {task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(),
        ) as bar:  # fmt: skip
            tasks: dict[str, int] = {}

            def progress(
                phase: str, done: int, total: int, tasks: dict[str, int] = tasks, bar=bar
            ) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total or args.rows)
                bar.update(tasks[phase], completed=done, total=max(total, done) or args.rows)

            upload = actions.receive_upload(
                organisation, file_name="bench.csv", content=content, actor_label="bench"
            )
            upload = actions.accept_upload(upload, progress=progress)
        elapsed = time.perf_counter() - started
        worst = max(worst, elapsed)
        assert upload.status == "accepted", upload.report[:3]
        print(
            f"{label}: {upload.rows_total:,} rows in {elapsed:.1f} s "
            f"({upload.rows_created:,} added, {upload.rows_corrected:,} corrected, "
            f"{upload.rows_unchanged:,} unchanged)"
        )
    print(f"Observations stored: {Observation.objects.count():,}")
    verdict = "OK" if worst < BUDGET_S else "OVER BUDGET"
    print(f"Slowest upload: {worst:.1f} s (budget {BUDGET_S} s): {verdict}")
    return 0 if worst < BUDGET_S and validation < VALIDATION_BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())

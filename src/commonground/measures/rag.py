"""Red, amber, green: the stated rule the Board overview rates each measure by.

Pure (no Django), so the rule on the page and the rule in the code are tested together.

1. Not rated (grey): no baseline, no figure since the baseline, or the measure has no
   better direction (it is shown for context). Where the strategy states no baseline, the
   first figure recorded is the baseline.
2. With a target: progress is (latest − baseline) / (target − baseline).
   Green: the target is met, or progress is at least the share of the time from baseline
   to target date that has passed. Amber: some progress, but less than that. Red: no
   progress, or worse than the baseline.
3. Without a target: green if the latest figure is better than the baseline by more than
   2% of the baseline, red if worse by more than 2%, amber if within 2% either way.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

TOLERANCE = Decimal("0.02")


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"


@dataclass(frozen=True)
class Rating:
    status: Status
    reason: str  # a code for the template to explain: met, on_track, behind, worse, …
    progress: Decimal | None = None  # share of the way from baseline to target


def rate(
    *,
    direction: str,
    baseline: Decimal | None,
    latest: Decimal | None,
    target: Decimal | None = None,
    baseline_date: date | None = None,
    latest_date: date | None = None,
    target_date: date | None = None,
) -> Rating:
    if direction not in ("higher", "lower"):
        return Rating(Status.NONE, "no_direction")
    if baseline is None:
        return Rating(Status.NONE, "no_baseline")
    if latest is None or (baseline_date and latest_date and latest_date <= baseline_date):
        return Rating(Status.NONE, "no_new_figure")
    sign = 1 if direction == "higher" else -1
    if target is not None and target != baseline and sign * (target - baseline) > 0:
        progress = (latest - baseline) / (target - baseline)
        if progress >= 1:
            return Rating(Status.GREEN, "met", progress)
        if progress <= 0:
            return Rating(Status.RED, "worse" if progress < 0 else "no_change", progress)
        expected = _elapsed(baseline_date, latest_date, target_date)
        if expected is None or progress >= expected:
            return Rating(Status.GREEN, "on_track", progress)
        return Rating(Status.AMBER, "behind", progress)
    change = sign * (latest - baseline)
    margin = abs(baseline) * TOLERANCE
    if change > margin:
        return Rating(Status.GREEN, "better")
    if change < -margin:
        return Rating(Status.RED, "worse")
    return Rating(Status.AMBER, "little_change")


def _elapsed(start: date | None, now: date | None, end: date | None) -> Decimal | None:
    if not (start and now and end) or end <= start:
        return None
    share = Decimal((now - start).days) / Decimal((end - start).days)
    return max(Decimal(0), min(Decimal(1), share))

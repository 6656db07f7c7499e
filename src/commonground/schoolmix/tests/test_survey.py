"""The survey's change and interval against Newcombe's method written out by hand (Wilson
intervals for each share, combined), and the conservative pooling of five statements."""

import math

import pytest

from commonground.schoolmix.survey import change, overall_change, statement_change

Z = 1.959963984540054


def wilson(x: float, n: float) -> tuple[float, float]:
    p = x / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def newcombe(x1, n1, x2, n2) -> tuple[float, float]:
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt(
        (u1 - p1) ** 2 + (p2 - l2) ** 2
    )


@pytest.mark.parametrize("counts", [(12, 28, 20, 27), (0, 25, 3, 26), (30, 30, 29, 30)])
def test_change_matches_newcombe_by_hand(counts) -> None:
    before, nb, after, na = counts
    found = change(before, nb, after, na)
    low, high = newcombe(after, na, before, nb)
    assert found.change == pytest.approx(after / na - before / nb)
    assert found.low == pytest.approx(low, abs=1e-9) and found.high == pytest.approx(high, abs=1e-9)
    assert found.low <= found.change <= found.high


def test_clear_rise_and_unclear_change() -> None:
    assert change(10, 60, 40, 60).clear == "up"
    assert change(40, 60, 10, 60).clear == "down"
    assert change(14, 28, 15, 28).clear == "unclear"


def test_statement_sums_classes_and_no_answers_gives_no_change() -> None:
    found = statement_change([(10, 5, 5), (8, 8, 4)], [(15, 3, 2), (12, 6, 2)])
    assert found.before == pytest.approx(18 / 40) and found.after == pytest.approx(27 / 40)
    empty = statement_change([], [(1, 0, 0)])
    assert empty.change is None and empty.clear == "unclear"


def test_all_statements_count_each_child_once() -> None:
    before = [(10, 10, 10)] * 5
    after = [(20, 5, 5)] * 5
    pooled = overall_change(before, after)
    one = statement_change([before[0]], [after[0]])
    assert pooled.before_n == 30 and pooled.change == pytest.approx(one.change)
    assert (pooled.low, pooled.high) == pytest.approx((one.low, one.high))

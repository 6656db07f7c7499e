"""The new arrivals report's arithmetic (no database): medians and small-number suppression."""

from datetime import date

from commonground.referrals.report import StepFact, rows, waits, withhold

TODAY = date(2026, 6, 30)


def referred(kind: str, sent: date, state: str, started: date | None = None) -> StepFact:
    return StepFact(kind=kind, outcome="referred", sent=sent, started=started, state=state)


def test_withhold_hides_one_to_four_and_shows_zero():
    assert [withhold(n, 5) for n in (0, 1, 4, 5, 9)] == [0, None, None, 5, 9]
    assert withhold(2, 0) == 2  # suppression turned off


def test_waits_count_the_days_so_far_for_people_still_waiting():
    facts = [
        referred("gp", date(2026, 6, 1), "started", date(2026, 6, 11)),  # 10 days
        referred("gp", date(2026, 6, 20), "sent"),  # 10 days so far
        referred("gp", date(2026, 6, 1), "declined"),  # left out
        StepFact(kind="gp", outcome="gap"),
    ]
    assert waits(facts, TODAY) == [10, 10]


def test_rows_with_enough_people_show_every_figure():
    facts = [referred("esol", date(2026, 6, d), "started", date(2026, 6, d + d)) for d in (1, 2, 3)]
    facts += [referred("esol", date(2026, 6, 25), "accepted") for _ in range(2)]
    facts += [StepFact(kind="esol", outcome="gap") for _ in range(5)]
    (row,) = rows(facts, ["esol"], TODAY, below=5)
    assert (row.referred, row.waiting, row.gaps) == (5, None, 5)  # 2 waiting: withheld
    assert row.median_days == 3.0  # waits 1, 2, 3, 5, 5


def test_rows_with_few_people_withhold_the_median_and_keep_empty_steps():
    facts = [referred("gp", date(2026, 6, 1), "started", date(2026, 6, 3))]
    gp, housing = rows(facts, ["gp", "housing"], TODAY, below=5)
    assert (gp.referred, gp.median_days) == (None, None)
    assert (housing.referred, housing.waiting, housing.median_days, housing.gaps) == (
        0,
        0,
        None,
        0,
    )
    (shown,) = rows(facts, ["gp"], TODAY, below=0)
    assert (shown.referred, shown.median_days) == (1, 2.0)

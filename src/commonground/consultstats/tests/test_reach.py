"""Reach against the population: representation flags, Wilson intervals, raking weights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from commonground.consultstats.reach import (
    compare,
    kish_effective_n,
    raking_weights,
    sample_counts,
    weighted_shares,
    wilson_interval,
)

pytestmark = pytest.mark.engine


def test_wilson_interval_for_none_heard():
    """With x = 0 the Wilson upper limit is z² / (n + z²): for n = 10, 1.96² / 13.84 ≈ 0.278."""
    z = 1.959963984540054
    assert wilson_interval(0, 10) == pytest.approx((0.0, z * z / (10 + z * z)))
    low, high = wilson_interval(30, 100)
    assert low < 0.3 < high


def test_under_represented_needs_a_low_ratio_and_a_clear_interval(profile):
    """Against Bradford's broad ethnic groups (Asian ≈ 32%): 100 respondents with 10 Asian is
    a ratio ≈ 0.31 with an interval (5.5%, 17.4%) wholly below → named.  4 respondents with
    none Asian is a ratio of 0 but the interval reaches 49% → not named (too few to tell)."""
    population = profile.margins(["ethnicity_broad"])
    big = {"ethnicity_broad": {"asian": 10, "white": 85, "black": 3, "mixed": 2}}
    rows = {r.category: r for r in compare(big, population)}
    asian = rows["asian"]
    pop_share = population["ethnicity_broad"]["asian"] / sum(population["ethnicity_broad"].values())
    assert asian.population_share == pytest.approx(pop_share)
    assert asian.ratio == pytest.approx(0.10 / pop_share)
    assert asian.under_represented and not asian.over_represented
    assert rows["white"].over_represented
    assert rows["other"].sample_count == 0  # a group nobody answered for is still listed
    small = {"ethnicity_broad": {"white": 4, "prefer_not": 1}}
    rows = {r.category: r for r in compare(small, population)}
    assert rows["asian"].ratio == 0 and not rows["asian"].under_represented
    assert rows["white"].sample_share == 1.0  # prefer-not-to-say is not in n
    assert rows["prefer_not"].population_share is None


def test_kish_effective_n():
    """(1 + 1 + 2 + 2)² / (1 + 1 + 4 + 4) = 36 / 10."""
    assert kish_effective_n([1, 1, 2, 2]) == pytest.approx(3.6)
    assert kish_effective_n(np.ones(50)) == pytest.approx(50)


def synthetic_respondents(profile, n: int, seed: int) -> list[dict[str, str | None]]:
    """Respondents who over-represent White people and under-represent the young, with some
    "prefer not to say"; wards drawn from the real ward list."""
    rng = np.random.default_rng(seed)
    wards = list(profile.wards)
    people = []
    for _ in range(n):
        broad = rng.choice(["white", "asian", "black", "mixed", "other"],
                           p=[0.75, 0.17, 0.03, 0.03, 0.02])  # fmt: skip
        religion = rng.choice(["christian", "none", "muslim", "sikh", "hindu", "prefer_not"],
                              p=[0.4, 0.35, 0.15, 0.03, 0.02, 0.05])  # fmt: skip
        age = rng.choice(["0_15", "16_59", "60_plus", None], p=[0.05, 0.55, 0.35, 0.05])
        people.append(
            {
                "ethnicity_broad": str(broad),
                "religion": str(religion),
                "age_band": None if age is None else str(age),
                "ward": str(rng.choice(wards)),
            }
        )
    return people


def test_raking_matches_the_real_bradford_margins(profile):
    margins = profile.margins(["ethnicity_broad", "religion", "age_band", "ward"])
    respondents = synthetic_respondents(profile, 3000, seed=5)
    result = raking_weights(respondents, margins, cap=None, tol=1e-8, max_iter=500)
    assert result.converged and result.max_error < 1e-8
    assert result.weights.mean() == pytest.approx(1)
    for dimension, target in margins.items():
        values = [r[dimension] for r in respondents]
        shares = {
            row.category: row.weighted_share for row in weighted_shares(values, result.weights)
        }
        total = sum(v for k, v in target.items() if k in shares)
        for category, share in shares.items():
            assert share == pytest.approx(target[category] / total, abs=1e-7)
    assert result.effective_n == pytest.approx(
        result.weights.sum() ** 2 / (result.weights**2).sum()
    )
    assert result.design_effect == pytest.approx(3000 / result.effective_n)
    assert result.design_effect > 1  # correcting a skewed sample costs precision
    assert set(result.unreached.get("religion", [])) >= {"buddhist", "jewish", "other"}


def test_raking_cap_trims_weights(profile):
    margins = profile.margins(["ethnicity_broad", "religion"])
    respondents = synthetic_respondents(profile, 500, seed=9)
    capped = raking_weights(respondents, margins, cap=2.0)
    assert capped.weights.max() <= 2.0 + 1e-9
    assert capped.weights.mean() == pytest.approx(1)
    free = raking_weights(respondents, margins, cap=None)
    assert free.weights.max() > 2.0
    assert capped.effective_n > free.effective_n


def test_raking_by_hand_with_a_missing_answer():
    """Population 50:50 by sex; respondents 3 women, 1 man and one "prefer not to say".
    Women get 2/3 and the man 2 (before scaling to mean 1, with the one who did not answer
    kept at 1 and left out of the adjustment): 4 answered weights 2/3·3 + 2 = 4 = their count.
    """
    people = [{"sex": "female"}] * 3 + [{"sex": "male"}, {"sex": "prefer_not"}]
    result = raking_weights(people, {"sex": {"female": 50, "male": 50}})
    assert result.converged and result.iterations == 1
    assert result.weights == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2, 1])


def test_raking_error_names_the_category():
    people = [{"ethnicity_broad": "white"}, {"ethnicity_broad": "martian"}]
    with pytest.raises(ValueError, match=r"respondent 2: ethnicity_broad 'martian'"):
        raking_weights(people, {"ethnicity_broad": {"white": 80, "asian": 20}})


def test_weighted_shares_side_by_side():
    """Answers a, a, b, None with weights 1, 1, 2, 5: unweighted a 2/3, weighted a 2/4."""
    rows = weighted_shares(["a", "a", "b", None], [1, 1, 2, 5], categories=["a", "b", "c"])
    table = {r.category: (r.count, r.share, r.weighted_count, r.weighted_share) for r in rows}
    assert table["a"] == pytest.approx((2, 2 / 3, 2, 0.5))
    assert table["b"] == pytest.approx((1, 1 / 3, 2, 0.5))
    assert table["c"] == (0, 0.0, 0.0, 0.0)


def test_sample_counts_feed_compare(profile):
    respondents = synthetic_respondents(profile, 400, seed=3)
    counts = sample_counts(respondents, ["religion"])
    assert math.isclose(sum(counts["religion"].values()), 400)
    rows = compare(counts, profile.margins(["religion"]))
    named = {r.category for r in rows if r.under_represented}
    assert "muslim" in named  # 15% heard against about 32% of residents who answered

"""The distributions: sizes, quotas in every panel of the support, seeds, replacements."""

import numpy as np
import pytest

from commonground.sortition.distributions import find_distribution, leximin, maximin, nash
from commonground.sortition.lottery import draw_panel, gini, replacement_instance, select

from .pools import make_instance

pytestmark = pytest.mark.engine


def _support_meets_quotas(distribution) -> None:
    instance = distribution.instance
    for y in distribution.panels:
        assert y.sum() == instance.size
        counts = instance.incidence @ y
        assert np.all(counts >= instance.lower) and np.all(counts <= instance.upper)
        assert np.all(y <= instance.counts) and np.all(y >= 0)
    assert distribution.weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("algorithm", ["maximin", "nash", "leximin", "legacy"])
def test_probabilities_sum_to_panel_size_and_support_meets_quotas(algorithm):
    instance = make_instance(90, 15, seed=2)
    distribution = find_distribution(instance, algorithm)
    assert distribution.probabilities.sum() == pytest.approx(15, abs=1e-6)
    assert len(distribution.probabilities) == 90
    _support_meets_quotas(distribution)


def test_every_drawn_panel_meets_quotas_and_seed_repeats():
    instance = make_instance(90, 15, seed=3, households=True)
    distribution = maximin(instance)
    for seed in range(20):
        panel = draw_panel(distribution, seed)
        assert instance.meets_quotas(panel)
        assert draw_panel(distribution, seed) == panel


def test_leximin_dominates_and_equals_maximin_at_the_bottom():
    instance = make_instance(100, 16, seed=5, tolerance=0.05)
    low = maximin(instance).min_probability
    lex = leximin(instance)
    assert lex.min_probability == pytest.approx(low, abs=1e-6)
    # leximin: nobody below the maximin minimum
    assert np.sort(lex.probabilities)[0] >= low - 1e-6


def test_nash_beats_maximin_on_the_sum_of_logs():
    instance = make_instance(100, 16, seed=5, tolerance=0.05)
    by_nash = np.log(nash(instance).probabilities).sum()
    by_maximin = np.log(maximin(instance).probabilities).sum()
    assert by_nash >= by_maximin - 1e-3


def test_fair_methods_are_fairer_than_legacy():
    instance = make_instance(120, 20, seed=6, tolerance=0.1)
    fair = maximin(instance)
    legacy = find_distribution(instance, "legacy")
    assert fair.min_probability >= legacy.min_probability - 1e-9
    assert gini(fair.probabilities) <= gini(legacy.probabilities) + 0.01


def test_gini():
    assert gini(np.array([1.0, 1.0, 1.0])) == pytest.approx(0.0)
    assert gini(np.array([0.0, 0.0, 1.0])) == pytest.approx(2 / 3)


def test_replacements_keep_every_quota():
    instance = make_instance(90, 15, seed=8)
    selection = select(instance, "maximin", seed=4)
    kept = selection.panel[:-3]
    sub, back = replacement_instance(instance, kept, 3)
    chosen = select(sub, "maximin", seed=9)
    new_panel = kept + [back[i] for i in chosen.panel]
    assert instance.meets_quotas(new_panel)
    assert not set(kept) & {back[i] for i in chosen.panel}


def test_without_highspy_linprog_gives_the_same_optimum(monkeypatch):
    import commonground.sortition.master as master

    instance = make_instance(60, 10, seed=9, tolerance=0.1)
    with_highspy = maximin(instance).min_probability
    monkeypatch.setattr(master, "highspy", None)
    assert master.MasterLP([0]).use_highspy is False
    assert maximin(instance).min_probability == pytest.approx(with_highspy, abs=1e-6)

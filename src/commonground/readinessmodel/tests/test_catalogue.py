"""The shipped scales and strategies: complete, and read strictly."""

import pytest

from commonground.readinessmodel import DIMENSIONS, STAGE_NAMES, catalogue

pytestmark = pytest.mark.engine


def test_every_dimension_has_nine_anchors():
    scales = catalogue.scales()
    assert list(scales) == list(DIMENSIONS)
    for letter, scale in scales.items():
        assert scale.name == DIMENSIONS[letter]
        assert list(scale.anchors) == list(range(1, 10))
        assert all(text.strip() for text in scale.anchors.values())


def test_every_stage_has_a_goal_and_strategies():
    strategies = catalogue.strategies()
    assert sorted(strategies) == list(STAGE_NAMES)
    assert all(s.goal and len(s.strategies) >= 2 for s in strategies.values())

"""Core's browser fixtures; the browser itself comes from commonground.testing.browser."""

import pytest

from commonground.core.models import Strategy
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.testing.browser import CHROMIUM, SCREENSHOTS, Visit  # noqa: F401


@pytest.fixture
def site(transactional_db) -> Strategy:
    """Five Bradford wards and the strategy, committed so the live server's thread sees them."""
    return make_strategy(make_bradford())

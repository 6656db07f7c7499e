"""The demo loader: one published, evaluated intervention from Measures' ward figures."""

import pytest

from commonground.core.roles import Role
from commonground.testing.people import make_user

from ..demo import load_demo
from ..models import Intervention

pytestmark = pytest.mark.django_db


def test_demo_builds_a_published_evaluated_intervention(agreement):
    make_user("officer", Role.OFFICER)
    said = []
    assert load_demo(said.append) == []
    item = Intervention.objects.get(title__startswith="Demo:")
    assert item.is_published and item.plan.is_locked
    assert item.results.get().verdict
    assert item.decisions.get().evidence == item.results.get()
    load_demo(said.append)
    assert Intervention.objects.count() == 1 and "skipped" in said[-1]

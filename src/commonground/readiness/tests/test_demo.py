"""The demo loads assessments through the actions, once."""

from commonground.core.models import User
from commonground.core.roles import Role
from commonground.readiness.demo import load_demo
from commonground.readiness.models import Assessment
from commonground.testing.people import make_user


def test_demo_loads_once(bradford):
    make_user("officer", Role.OFFICER)
    said = []
    accounts = load_demo(said.append)
    assert [a[0] for a in accounts] == ["readiness-scorer"]
    assert User.objects.get(username="readiness-scorer").has_role(Role.OFFICER)
    done = Assessment.objects.filter(completed_at__isnull=False)
    assert done.count() >= 5
    assert all(a.profile() is not None for a in done)
    open_one = Assessment.objects.get(completed_at__isnull=True)
    assert open_one.profile() is None
    assert load_demo(said.append) == []
    assert "skipped" in said[-1]

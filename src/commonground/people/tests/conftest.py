"""Fixtures for the people app: an officer, a pool of 60 respondents with quotas."""

import numpy as np
import pytest
from django.contrib.auth.models import Group

from commonground.core.models import User
from commonground.core.roles import Role
from commonground.people.models import Pool, Respondent

FEATURES = ["sex", "age_band", "ethnicity"]


def make_user(username: str, role: Role) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password-1")
    user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def officer(db) -> User:
    return make_user("officer-people", Role.OFFICER)


@pytest.fixture
def resident(db) -> User:
    return make_user("resident-people", Role.RESIDENT)


@pytest.fixture
def pool(db) -> Pool:
    """60 consenting respondents with sex, age band and ethnicity; panel of 10."""
    the_pool = Pool.objects.create(
        title="Community voice 2026", slug="voice", panel_size=10, characteristics=FEATURES
    )
    rng = np.random.default_rng(1)
    sexes = ["female", "male", "prefer_not_to_say"]
    ages = ["16-29", "30-44", "45-64", "65+"]
    groups = ["white", "asian", "black", "mixed"]
    Respondent.objects.bulk_create(
        [
            Respondent(
                pool=the_pool,
                reference=f"r{i:03d}",
                consent=True,
                household_key=f"h{i}",
                characteristics={
                    "sex": sexes[rng.choice(3, p=[0.48, 0.48, 0.04])],
                    "age_band": ages[rng.integers(4)],
                    "ethnicity": groups[rng.choice(4, p=[0.6, 0.3, 0.05, 0.05])],
                },
            )
            for i in range(60)
        ]
    )
    return the_pool

"""What safety's browser tests share, kept once here rather than copied into each module.

The ``browser`` mark on every test in this folder; signing a tab in by session cookie (the
suite-wide helper); tabs that wait 90 s for a page (a busy shared machine: the same patience
every test here asked for); and the tension cast the schedule and reminder tests both need (an
officer, a school's teacher, an overdue schedule). The ward, the people, the police team and
the teacher come from the unit tests' ``conftest.py`` one folder up, so a browser test sets up
exactly what its unit test sets up.
"""

from __future__ import annotations

import pytest

from commonground.core.roles import Role
from commonground.testing.browser import Visit
from commonground.testing.browser_apps import mark_browser_tests
from commonground.testing.browser_apps import sign_in as sign_in  # the tests import it from here
from commonground.testing.people import make_user

from ..conftest import overdue_schedule as overdue_schedule  # the tests import it from here

pytest_collection_modifyitems = mark_browser_tests(__file__)

PATIENCE_MS = 90_000
"""How long a step waits for the page: the machine running the suite is shared and busy."""


@pytest.fixture
def phone(phone: Visit) -> Visit:
    """The suite's phone tab, patient (:data:`PATIENCE_MS`)."""
    phone.page.set_default_timeout(PATIENCE_MS)
    return phone


@pytest.fixture
def visit(visit: Visit) -> Visit:
    """The suite's desktop tab, patient (:data:`PATIENCE_MS`)."""
    visit.page.set_default_timeout(PATIENCE_MS)
    return visit


@pytest.fixture
def officer(db):
    """A community-safety officer (sets schedules, sees who is reminded)."""
    return make_user("olive", Role.OFFICER)

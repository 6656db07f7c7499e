"""Bradford's real strategy file, loaded by its loader, reads well and passes axe.

The other browser tests use a small strategy built in conftest; this one catches what only
real content brings: long texts, lists inside paragraphs, figures stated in words.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from commonground.core.models import Strategy
from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser

BRADFORD_FILE = Path(settings.BASE_DIR) / "data" / "strategies" / "bradford-2018-2023.yaml"


@pytest.fixture
def bradford_strategy(transactional_db) -> Strategy:
    call_command("load_strategy", BRADFORD_FILE, verbosity=0)
    return Strategy.objects.get(slug="bradford-2018-2023")


def test_the_real_strategy_pages(visit, bradford_strategy):
    page = visit.page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(bradford_strategy.title)
    expect(page.get_by_text("1,624", exact=True)).to_be_visible()  # reported hate crimes

    paths = ["/", "/about/"] + [p.get_absolute_url() for p in bradford_strategy.pillars.all()]
    for path in paths:
        page.goto(path)
        assert_accessible(page, path)

    page.goto("/pillars/getting-on/")
    expect(page.locator(".cg-objectives li")).to_have_count(
        bradford_strategy.pillars.get(slug="getting-on").objectives.count()
    )
    expect(page.get_by_role("table", name="Baseline figures for Getting On")).to_be_visible()

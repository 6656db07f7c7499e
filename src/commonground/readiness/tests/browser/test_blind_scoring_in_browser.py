"""Two scorers score an interview blind in the browser, then reach consensus; an officer
reads the profile and the ward map."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.readiness import actions
from commonground.readiness.models import Consensus
from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(tab, user) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def people(transactional_db):
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford
    from commonground.testing.people import make_user

    make_bradford()
    return {
        "officer": make_user("officer", Role.OFFICER),
        "scorer_a": make_user("amina", Role.OFFICER),
        "scorer_b": make_user("bartek", Role.PARTNER),
    }


def _score(page, scores: dict[str, int]) -> None:
    for letter, value in scores.items():
        page.locator(f"label[for=id_{letter}_{value - 1}]").click()
    page.get_by_role("button", name="Send my scores").click()


def test_two_scorers_score_blind_and_reach_consensus(visit, people):
    from datetime import date

    from commonground.core.models import Area

    assessment = actions.create_assessment(
        actor=people["officer"],
        issue="Tackling hate crime",
        ward=Area.objects.wards().order_by("name").first(),
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 2, 27),
        scorer_a=people["scorer_a"],
        scorer_b=people["scorer_b"],
    )
    interview = actions.record_interview(
        actor=people["officer"],
        assessment=assessment,
        respondent_role="youth worker",
        held_on=date(2026, 1, 12),
        language="en",
        notes="Young people say incidents go unreported.",
    )
    page = visit.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    score_url = f"/readiness/interviews/{interview.pk}/score/"
    consensus_url = f"/readiness/interviews/{interview.pk}/consensus/"

    sign_in(visit, people["scorer_a"])
    page.goto(f"/ur{score_url}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "score page in Urdu")
    page.goto(score_url)
    assert_accessible(page, "score page")
    expect(page.locator("main")).to_contain_text("Young people say incidents go unreported.")
    _score(page, {"A": 3, "B": 2, "C": 4, "D": 5, "E": 3, "F": 2})
    expect(page.locator("main")).to_contain_text("Your scores are in")
    assert page.goto(consensus_url).status == 403  # blind until the other has finished

    sign_in(visit, people["scorer_b"])
    page.goto(score_url)
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)  # nothing to copy
    _score(page, {"A": 6, "B": 2, "C": 4, "D": 6, "E": 3, "F": 3})

    page.goto(consensus_url)
    assert_accessible(page, "consensus page")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Community efforts")  # 3 against 6: shown first
    expect(first_row).to_contain_text("Differ by more than 1")
    page.locator("#id_A").fill("4.5")
    page.get_by_role("button", name="Save the consensus").click()
    expect(page).to_have_url(re.compile(rf"/readiness/{assessment.pk}/$"))
    expect(page.locator("main")).to_contain_text("See the readiness profile")
    assert Consensus.objects.get(dimension="A").score == 4.5
    assert Consensus.objects.get(dimension="D").score == 5.5  # offered: within one point

    sign_in(visit, people["officer"])
    page.goto(f"/readiness/{assessment.pk}/")
    page.get_by_role("button", name=re.compile("Complete the assessment")).click()
    page.goto(f"/readiness/{assessment.pk}/profile/")
    expect(page.locator("h2.govuk-panel__title")).to_contain_text("Stage 3")
    expect(page.locator("figure svg")).to_be_visible()
    assert_accessible(page, "profile")
    page.goto(f"/ur/readiness/{assessment.pk}/profile/")
    assert_accessible(page, "profile in Urdu")
    page.goto("/readiness/map/")
    expect(page.locator("figure svg path").first).to_be_visible()
    assert_accessible(page, "ward map")

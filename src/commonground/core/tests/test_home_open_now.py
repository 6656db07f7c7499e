"""The public home page says what is open now, and when each thing closes (issue 11, part 2).

An open vote must say when voting closes, a call for proposals when proposals close, and an
open consultation when it closes, in English, Urdu and Polish (Polish months in the genitive,
as dates inside a sentence need).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import formats, timezone, translation

from commonground.consult.models import Consultation, ConsultationStatus
from commonground.core.models import User
from commonground.core.roles import Role
from commonground.fund import actions
from commonground.fund.models import Round
from commonground.fund.phases import PhaseKind
from commonground.fund.tests.conftest import new_round, shortlisted_round
from commonground.testing.people import make_user

VOTE_ENDS = date(2031, 3, 2)
CALL_ENDS = date(2031, 5, 31)


@pytest.fixture(autouse=True)
def fund_key_dir(settings, tmp_path):
    settings.FUND_KEY_DIR = str(tmp_path / "fund-keys")


@pytest.fixture
def people(strategy) -> dict[str, User]:
    from commonground.core.models import Organisation

    group = Organisation.objects.create(name="Girlington", slug="girlington", kind="voluntary")
    return {
        "officer": make_user("officer", Role.OFFICER),
        "partner": make_user("partner", Role.PARTNER, group),
    }


@pytest.fixture
def open_things(people, strategy) -> dict:
    vote = shortlisted_round(
        people, strategy, timetable={PhaseKind.VOTE: (date(2031, 2, 1), VOTE_ENDS)}
    )
    call = new_round(
        people["officer"],
        strategy,
        title="Youth Fund 2031",
        slug="youth-2031",
        timetable={PhaseKind.PROPOSALS: (date(2031, 4, 1), CALL_ENDS)},
    )
    actions.open_round(actor=people["officer"], round_=call)
    closes = timezone.make_aware(datetime(2031, 4, 15, 17, 0))
    consultation = Consultation.objects.create(
        title="Belonging in Bradford",
        slug="belonging",
        purpose="What would make the District a better place to belong?",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=closes,
        status=ConsultationStatus.OPEN,
    )
    Consultation.objects.create(
        title="A draft nobody may see yet",
        slug="draft",
        purpose="Draft.",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=closes,
        status=ConsultationStatus.DRAFT,
    )
    return {"vote": vote, "call": call, "consultation": consultation}


def _day(value: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(value, "j E Y")


def test_the_english_home_page_lists_what_is_open_with_closing_dates(client, open_things):
    page = client.get("/").content.decode()
    open_now = page[page.index('id="open-now"') : page.index('id="pillars"')]

    assert 'href="/fund/innovation-2025/vote/"' in open_now
    assert "Vote on the projects of Innovation Fund 2025." in open_now
    assert "Voting closes on 2 March 2031" in open_now
    assert 'href="/fund/youth-2031/"' in open_now
    assert "Proposals close on 31 May 2031" in open_now
    assert 'href="/conversations/belonging/"' in open_now
    assert "Closes on 15 April 2031" in open_now
    assert "A draft nobody may see yet" not in page
    # Closing first: the vote, then the consultation, then the call.
    assert open_now.index("2 March") < open_now.index("15 April") < open_now.index("31 May")


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_the_urdu_and_polish_home_pages_give_the_same_closing_dates(client, open_things, language):
    page = client.get(f"/{language}/").content.decode()
    open_now = page[page.index('id="open-now"') :]

    assert f'href="/{language}/fund/innovation-2025/vote/"' in open_now
    assert _day(VOTE_ENDS, language) in open_now
    assert _day(CALL_ENDS, language) in open_now
    assert _day(date(2031, 4, 15), language) in open_now
    if language == "pl":
        assert "2 marca 2031" in open_now  # genitive, not "2 marzec 2031"


def test_a_vote_with_no_planned_end_says_so(client, people, strategy):
    vote = shortlisted_round(people, strategy)
    assert Round.objects.get(pk=vote.pk).phase == PhaseKind.VOTE

    page = client.get("/").content.decode()

    assert "No closing date has been set yet." in page


def test_nothing_open_leaves_the_section_out(client, strategy):
    assert 'id="open-now"' not in client.get("/").content.decode()

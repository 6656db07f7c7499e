""" "Your tasks" (`/tasks/`): each role's home after signing in, with what waits and its tools.

Officers, partners, Board members and residents each get a page listing what is waiting for
them (with data waiting, built through the apps' own actions where one exists) and a link to
each of their tools; the header carries "Your tasks" and the same tools on every page.
Signing in lands here unless `next` says otherwise (issue 11, part 2).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from commonground.consult.models import Consultation, ConsultationStatus
from commonground.core import memberships
from commonground.core.models import Organisation, User
from commonground.core.roles import Role
from commonground.fund import actions
from commonground.fund.models import (
    IdentityReview,
    PaperBallot,
    PaperEntryStatus,
    ProposalStatus,
    Round,
)
from commonground.fund.phases import PhaseKind
from commonground.fund.tests.conftest import PROJECTS, new_round, propose, shortlisted_round
from commonground.measures.models import Upload
from commonground.measures.models.upload import UploadStatus, UploadVia
from commonground.testing.people import make_user

VOTE_ENDS = date(2031, 3, 2)


@pytest.fixture(autouse=True)
def fund_key_dir(settings, tmp_path):
    settings.FUND_KEY_DIR = str(tmp_path / "fund-keys")


@pytest.fixture
def people(strategy) -> dict[str, User]:
    group = Organisation.objects.create(
        name="Girlington Women's Group", slug="girlington", kind="voluntary"
    )
    return {
        "officer": make_user("officer", Role.OFFICER),
        "partner": make_user("partner", Role.PARTNER, group),
        "resident": make_user("resident", Role.RESIDENT),
        "board": make_user("board", Role.BOARD),
    }


@pytest.fixture
def voting(people, strategy) -> Round:
    """A round in its vote phase, closing on VOTE_ENDS, with a held ballot and paper ballots
    that need an officer: one that does not match, one waiting for a second officer."""
    round_ = shortlisted_round(
        people, strategy, timetable={PhaseKind.VOTE: (date(2031, 2, 1), VOTE_ENDS)}
    )
    IdentityReview.objects.create(round=round_, district="BD1")
    PaperBallot.objects.create(
        round=round_, ref_hash="a" * 64, ref_sealed="", status=PaperEntryStatus.MISMATCH
    )
    PaperBallot.objects.create(round=round_, ref_hash="b" * 64, ref_sealed="")
    return round_


@pytest.fixture
def calling(people, strategy) -> Round:
    """A second round, open for proposals: one submitted, one sent back for revision."""
    officer = people["officer"]
    round_ = new_round(
        officer,
        strategy,
        title="Small Grants 2031",
        slug="small-grants-2031",
        timetable={PhaseKind.PROPOSALS: (date(2031, 1, 1), date(2031, 1, 31))},
    )
    actions.open_round(actor=officer, round_=round_)
    propose(round_, people["partner"], *PROJECTS[0])
    revise = propose(round_, people["partner"], *PROJECTS[1])
    actions.open_assessment(actor=officer, round_=round_)
    actions.request_revision(actor=officer, proposal=revise, reason="Add a second partner.")
    return Round.objects.get(pk=round_.pk)


def _consultation(slug: str, status: str, opens: int, closes: int, **fields) -> Consultation:
    now = timezone.now()
    return Consultation.objects.create(
        title=f"Consultation {slug}",
        slug=slug,
        purpose="What matters most to you?",
        opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=closes),
        status=status,
        **fields,
    )


def _upload(organisation: Organisation, status: str, name: str) -> Upload:
    return Upload.objects.create(
        organisation=organisation, via=UploadVia.WEB, file=name, file_name=name, status=status
    )


def _page(user: User, language: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"{language}/tasks/")
    assert response.status_code == 200
    return response.content.decode()


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


def test_an_officer_sees_what_waits_and_a_link_to_each_tool(people, voting, calling):
    officer = people["officer"]
    requester = make_user("asker", Role.RESIDENT)
    memberships.request_membership(
        actor=requester, organisation=Organisation.objects.get(slug="girlington")
    )
    _consultation("overdue", ConsultationStatus.OPEN, -30, -1)
    _consultation("to-report", ConsultationStatus.CLOSED, -60, -20)
    _upload(Organisation.objects.get(slug="girlington"), UploadStatus.PENDING, "figures.csv")

    page = _page(officer)
    links = _links(page)

    # The contract: the officer's tools, from the page body and the header.
    assert {"/conversations/manage/", "/measures/uploads/", "/measures/manage/"} <= links
    assert {"/fund/innovation-2025/manage/", "/fund/small-grants-2031/manage/"} <= links
    # What waits, each with a link to where it is done.
    assert "/fund/small-grants-2031/assessment/" in links  # one proposal to check
    assert "Proposals to check in Small Grants 2031." in page
    assert "/fund/innovation-2025/voters/reviews/" in links  # one held ballot
    assert "Held ballots in Innovation Fund 2025 wait for a decision." in page
    assert "/fund/innovation-2025/paper-ballots/" in links
    assert (
        "Paper ballots in Innovation Fund 2025: 1 do not match, 1 wait for a second officer."
        in page
    )
    assert "/conversations/overdue/manage/" in links
    assert "Consultation overdue has passed its closing date: close it." in page
    assert "/conversations/to-report/manage/" in links
    assert "Consultation to-report has closed: publish what people said." in page
    assert "Uploads are waiting to be checked or saved." in page
    assert "/memberships/" in links
    assert "Requests to act for an organisation wait for a decision." in page
    assert "/background-work/" in links
    assert "Closes on 2 March 2031" in page  # the vote, on its management task
    # The header's own row: "Your tasks", marked as the page you are on.
    assert re.search(r'href="/tasks/" aria-current="page"', page)


def test_a_partner_sees_their_proposals_uploads_and_refusals(people, calling):
    partner = people["partner"]
    group = Organisation.objects.get(slug="girlington")
    rejected = _upload(group, UploadStatus.REJECTED, "hate-crime-2030.csv")
    other = Organisation.objects.create(name="Elsewhere", slug="elsewhere", kind="voluntary")
    _upload(other, UploadStatus.REJECTED, "not-theirs.csv")
    revise = calling.proposals.get(status=ProposalStatus.REVISION_REQUESTED)

    page = _page(partner)
    links = _links(page)

    assert f"/fund/small-grants-2031/proposals/{revise.pk}/edit/" in links
    assert f"{revise.title}: the officers ask you to revise it." in page
    assert "/fund/proposals/" in links
    assert f"/measures/uploads/{rejected.pk}/" in links
    assert "hate-crime-2030.csv from Girlington Women&#x27;s Group: Rejected." in page
    assert "not-theirs.csv" not in page
    assert "/measures/uploads/" in links
    # Not an officer's tools.
    assert not {"/conversations/manage/", "/measures/manage/", "/background-work/"} & links


def test_a_board_member_sees_the_board_report_results_and_published_reports(
    people, voting, strategy
):
    Round.objects.filter(pk=voting.pk).update(phase=PhaseKind.RESULTS)
    _consultation(
        "reported", ConsultationStatus.REPORTED, -90, -60, report_published_at=timezone.now()
    )

    page = _page(people["board"])
    links = _links(page)

    assert "/measures/board/" in links
    assert "/fund/innovation-2025/results/" in links
    assert "The results of Innovation Fund 2025 are out." in page
    assert "/conversations/reported/report/" in links
    assert "/conversations/manage/" not in links


def test_a_resident_sees_their_proposal_and_what_is_open(people, voting, strategy):
    resident = people["resident"]
    officer = people["officer"]
    call = new_round(
        officer,
        strategy,
        title="Youth Fund 2031",
        slug="youth-2031",
        timetable={PhaseKind.PROPOSALS: (date(2031, 1, 1), date(2031, 4, 30))},
    )
    actions.open_round(actor=officer, round_=call)
    mine = propose(call, resident, *PROJECTS[2], submit=False)
    _consultation("belonging", ConsultationStatus.OPEN, -1, 20)

    page = _page(resident)
    links = _links(page)

    assert f"/fund/youth-2031/proposals/{mine.pk}/edit/" in links
    assert f"{mine.title} is a draft: submit it before the call closes." in page
    assert "/fund/innovation-2025/vote/" in links
    assert "Voting closes on 2 March 2031" in page
    assert "/conversations/belonging/" in links
    assert "Have your say: Consultation belonging." in page
    assert not {"/conversations/manage/", "/measures/uploads/"} & links


def test_the_page_in_polish_gives_the_closing_day_in_the_genitive(people, voting):
    page = _page(people["resident"], "/pl")
    assert "2 marca 2031" in page


def test_someone_with_nothing_waiting_is_told_so(db):
    page = _page(make_user("quiet", Role.RESIDENT))
    assert "Nothing is waiting for you." in page


def test_signing_in_lands_on_your_tasks_unless_next_says_otherwise(db):
    User.objects.create_user("officer", password="correct horse battery")
    client = Client()

    landed = client.post("/sign-in/", {"username": "officer", "password": "correct horse battery"})
    assert landed.status_code == 302 and landed["Location"] == "/tasks/"

    client.logout()
    sent_on = client.post(
        "/sign-in/",
        {"username": "officer", "password": "correct horse battery", "next": "/measures/"},
    )
    assert sent_on.status_code == 302 and sent_on["Location"] == "/measures/"


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    response = client.get("/tasks/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")

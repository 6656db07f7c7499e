"""The permission matrix, phase × role, as adhocracy4 tests it: first what each phase switches
on (the specification, written out by hand), then what each role gets from the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from commonground.fund.models import Round
from commonground.fund.phases import FEATURES, phase_features
from commonground.fund.rules import may

from .conftest import PROJECTS, propose

PHASES = ["draft", "proposals", "assessment", "vote", "results", "delivery"]
ROLES = ["anonymous", "resident", "partner", "officer", "board"]

MANAGE = {"round.manage"}
FOR_VOTERS = {"voters.upload", "access_codes.issue"}

EXPECTED_FEATURES = {
    "draft": MANAGE | FOR_VOTERS | {"round.configure", "round.open", "proposal.view"},
    "proposals": MANAGE
    | FOR_VOTERS
    | {
        "round.configure",
        "assessment.open",
        "proposal.start",
        "proposal.edit",
        "proposal.submit",
        "proposal.revise",
        "proposal.resubmit",
        "proposal.view",
        "proposal.assess",
    },
    "assessment": MANAGE
    | FOR_VOTERS
    | {
        "round.configure",
        "proposal.revise",
        "proposal.resubmit",
        "proposal.view",
        "proposal.assess",
        "proposal.shortlist",
        "vote.open",
    },
    "vote": MANAGE
    | FOR_VOTERS
    | {
        "proposal.view",
        "shortlist.view",
        "ballot.cast",
        "ballot.key_paper",
        "identity.review",
        "vote.close",
    },
    "results": MANAGE
    | {
        "proposal.view",
        "shortlist.view",
        "results.compute",
        "results.view",
        "results.override",
        "grants.award",
    },
    "delivery": MANAGE
    | {
        "proposal.view",
        "shortlist.view",
        "results.compute",
        "results.view",
        "grants.award",
        "grant.update",
        "milestone.pay",
        "grant.report",
    },
}
NOT_IN_A_ROUND = {"round.create", "round.import"}


@pytest.mark.engine
@pytest.mark.parametrize("phase", PHASES)
def test_each_phase_switches_on_exactly_its_features(phase):
    assert phase_features(phase) == EXPECTED_FEATURES[phase]


@pytest.mark.engine
def test_every_feature_is_used_by_some_phase():
    assert set().union(*EXPECTED_FEATURES.values()) | NOT_IN_A_ROUND == set(FEATURES)


def _page_status(phase: str, role: str, page: str) -> int:
    """What the page should answer: 200, 302 (to sign in), 403 or 404."""
    officer = role == "officer"
    if page in ("manage", "queue"):
        return {True: 200}.get(officer, 302 if role == "anonymous" else 403)
    if page == "paper":  # officers only, checked before anything else
        if role == "anonymous":
            return 302
        return 200 if officer and phase == "vote" else 403
    if phase == "draft" and not officer:
        return 302 if page == "propose" and role == "anonymous" else 404
    if page == "round":
        return 200
    if page == "propose":
        if role == "anonymous":
            return 302
        return 200 if phase == "proposals" else 403
    if page == "vote":
        return 200 if phase == "vote" else 403
    if page == "results":
        return 200 if phase in ("results", "delivery") else 403
    raise AssertionError(page)


PAGES = {
    "round": "/fund/{slug}/",
    "propose": "/fund/{slug}/propose/",
    "vote": "/fund/{slug}/vote/",
    "results": "/fund/{slug}/results/",
    "manage": "/fund/{slug}/manage/",
    "queue": "/fund/{slug}/assessment/",
    "paper": "/fund/{slug}/paper-ballots/",
}


@pytest.mark.parametrize("phase", PHASES)
def test_pages_follow_the_phase_and_role(phase, round_draft, people):
    Round.objects.filter(pk=round_draft.pk).update(phase=phase)
    round_ = Round.objects.get(pk=round_draft.pk)
    failures = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(people[role])
        for page, url in PAGES.items():
            expected = _page_status(phase, role, page)
            got = client.get(url.format(slug=round_.slug)).status_code
            if got != expected:
                failures.append(f"{phase} {role} {page}: {got} != {expected}")
        for feature in set(FEATURES) - NOT_IN_A_ROUND:
            user = people.get(role, AnonymousUser())
            allowed = may(user, f"fund.{feature}", round_)
            if feature in EXPECTED_FEATURES[phase] and FEATURES[feature].roles == ("anyone",):
                assert allowed, (phase, role, feature)
            if feature in EXPECTED_FEATURES[phase] and FEATURES[feature].roles == ("officer",):
                assert allowed == (role == "officer"), (phase, role, feature)
            if feature not in EXPECTED_FEATURES[phase]:
                assert not allowed, (phase, role, feature)
    assert not failures, failures


def test_proposer_only_features_need_the_proposer(round_draft, people):
    from commonground.fund import actions

    round_ = actions.open_round(actor=people["officer"], round_=round_draft)
    proposal = propose(round_, people["partner"], *PROJECTS[0], submit=False)
    assert proposal.is_proposer(people["partner"])
    assert not proposal.is_proposer(people["partner2"])
    assert may(people["partner"], "fund.proposal.revise", proposal)
    assert may(people["partner"], "fund.proposal.submit", proposal)
    assert not may(people["partner2"], "fund.proposal.revise", proposal)
    assert not may(people["partner2"], "fund.proposal.view", proposal)
    assert may(people["officer"], "fund.proposal.revise", proposal)
    assert not may(people["officer"], "fund.proposal.submit", proposal)  # only its proposers
    client = Client()
    client.force_login(people["partner2"])
    assert client.get(f"/fund/{round_.slug}/proposals/{proposal.pk}/").status_code == 403
    client.force_login(people["partner"])
    own = client.get(f"/fund/{round_.slug}/proposals/{proposal.pk}/")
    assert own.status_code == 200 and proposal.title in own.content.decode()

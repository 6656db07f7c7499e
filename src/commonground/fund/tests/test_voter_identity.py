"""One person, one vote by postcode: names are normalised (accents, punctuation, spacing,
order, honorifics), eligibility is bound to the person, and a check *near* an earlier voter at
the same postcode has its ballot held for an officer to count or reject (audited), with no
name or date of birth stored or shown."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.test import Client

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import (
    Ballot,
    IdentityReview,
    IdentitySignal,
    PostcodeIdentity,
    ReviewStatus,
    VoterLink,
)
from commonground.fund.voters import by_postcode, normalise_name

from .conftest import shortlisted_round
from .test_concurrency import needs_postgresql


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (
            [
                "Ana Kowalska",
                "ana kowalska",
                "ANA  KOWALSKA ",
                "A.na Kowalska",
                "Kowalska, Ana",
                "Kowalska Ana",
                "Ms Ana Kowalska",
                "Ána Kowalská",
            ],
            "ana kowalska",
        ),
        (["Łódź Żółć", "lodz zolc", "ŁÓDŹ ŻÓŁĆ", "Zolc Lodz"], "lodz zolc"),
        (["Wojciech Łukasz Brzęczyszczykiewicz", "Brzeczyszczykiewicz Wojciech Lukasz"], None),
        (["Muhammad Asif", "Dr. Muhammad Asif", "Asif  Muhammad", "MUHAMMAD-ASIF"], None),
        (["Siobhán O'Brien", "Siobhan OBrien", "siobhan o’brien", "Mrs Siobhan O`Brien"], None),
        (["محمد علی", "علی محمد", "مُحمّد علي"], None),
    ],
)
def test_names_normalise_across_spellings_scripts_and_order(variants, expected):
    forms = {normalise_name(v) for v in variants}
    assert len(forms) == 1, forms
    if expected:
        assert forms == {expected}


def test_different_people_stay_different():
    names = ["Ana Kowalska", "Anna Kowalska", "Jan Kowalski", "Asif Khan", "Asif Khan Jr", "Mr"]
    assert len({normalise_name(n) for n in names}) == len(names)
    assert normalise_name("Mr") == "mr"  # a name that is only a title is kept, not emptied


def _check(client: Client, round_, name: str, born: str, postcode: str = "BD8 7PB"):
    return client.post(
        f"/fund/{round_.slug}/vote/postcode/",
        {"name": name, "postcode": postcode, "born": born},
        REMOTE_ADDR="203.0.113.40",
    )


def _vote(client: Client, round_, name: str, born: str, postcode: str = "BD8 7PB"):
    checked = _check(client, round_, name, born, postcode)
    assert checked.status_code == 302, checked.content.decode()
    cast = client.post(f"/fund/{round_.slug}/vote/ballot/", {"projects": ["1"], "action": "save"})
    assert cast.status_code == 302
    return checked


ATTACK = [
    ("Ana Kowalska", "1980-02-03"),
    ("Ana  Kowalska.", "1980-02-03"),
    ("KOWALSKA Ana", "1980-02-03"),
    ("Ána Kowalská", "1980-02-03"),
    ("Ms A.N.A. Kowalska", "1980-02-03"),
    ("Ana Kowalska", "1980-02-04"),
    ("Ana Kowalska", "1981-02-03"),
    ("Anna Kowalska", "1980-02-03"),
    ("Ana Kowalskaa", "1979-12-31"),
    ("A Kowalska", "1980-02-03"),
]


def test_one_person_cannot_vote_many_times_by_retyping(round_voting):
    """The attack from the issue, through the real web flow: dots, spaces, accents, order,
    titles, dates of birth and one-letter misspellings give one counted ballot; everything
    near it is held for review, and nothing readable is stored."""
    for name, born in ATTACK:
        _vote(Client(), round_voting, name, born)
    assert Ballot.objects.filter(round=round_voting).count() == 1
    pending = actions.pending_reviews(round_voting)
    assert pending.count() == 5  # the five that changed the date or the spelling
    assert all(review.choices == ["1"] for review in pending)
    stored = list(PostcodeIdentity.objects.values_list("token", flat=True)) + list(
        IdentitySignal.objects.values_list("key", flat=True)
    )
    assert stored and all(re.fullmatch(r"[0-9a-f]{64}", value) for value in stored)


def test_a_family_sharing_a_postcode_votes_without_being_held(round_voting):
    for name, born in [
        ("Asif Khan", "1961-05-01"),
        ("Nasreen Akhtar", "1965-09-12"),
        ("Bilal Khan", "1990-01-20"),
        ("Sana Khan", "2001-07-07"),
    ]:
        _vote(Client(), round_voting, name, born, "BD8 9AA")
    assert Ballot.objects.filter(round=round_voting).count() == 4
    assert not actions.pending_reviews(round_voting).exists()


def test_the_same_name_at_another_postcode_is_another_person(round_voting):
    _vote(Client(), round_voting, "Mohammed Hussain", "1970-01-01", "BD8 7PB")
    _vote(Client(), round_voting, "Mohammed Hussain", "1970-01-01", "BD1 1HY")
    assert Ballot.objects.filter(round=round_voting).count() == 2
    assert not actions.pending_reviews(round_voting).exists()


def test_a_held_voter_can_change_the_held_ballot_and_is_told_it_is_held(round_voting):
    _vote(Client(), round_voting, "Ana Kowalska", "1980-02-03")
    client = Client()
    checked = _check(client, round_voting, "Ana Kowalska", "1980-03-02")
    page = client.get(checked["Location"]).content.decode()
    assert "checked by the council before it is counted" in page
    client.post(f"/fund/{round_voting.slug}/vote/ballot/", {"projects": ["2"], "action": "save"})
    client.post(f"/fund/{round_voting.slug}/vote/ballot/", {"projects": ["3"], "action": "save"})
    held = actions.pending_reviews(round_voting).get()
    assert held.choices == ["3"]
    assert Ballot.objects.filter(round=round_voting).count() == 1


def _officer(people) -> Client:
    client = Client()
    client.force_login(people["officer"])
    return client


def test_an_officer_counts_or_rejects_held_ballots_with_a_reason(round_voting, people):
    for name, born in [
        ("Ana Kowalska", "1980-02-03"),
        ("Ana Kowalska", "1990-02-03"),
        ("Ana Kowalska", "1991-02-03"),
    ]:
        _vote(Client(), round_voting, name, born)
    officer = _officer(people)
    url = f"/fund/{round_voting.slug}/voters/reviews/"
    manage = officer.get(f"/fund/{round_voting.slug}/manage/").content.decode()
    assert url in manage
    page = officer.get(url).content.decode()
    assert "Kowalska" not in page and "1990" not in page and "BD8 7PB" not in page
    assert "Same name, different date of birth" in page
    first, second = actions.pending_reviews(round_voting).order_by("pk")

    missing = officer.post(url, {"review": first.pk, "decision": "count", "reason": ""})
    assert missing.status_code == 200 and "Enter a reason" in missing.content.decode()
    assert IdentityReview.objects.get(pk=first.pk).status == ReviewStatus.PENDING

    done = officer.post(
        url, {"review": first.pk, "decision": "count", "reason": "Mother and daughter, same name"}
    )
    assert done.status_code == 302
    officer.post(url, {"review": second.pk, "decision": "reject", "reason": "Same device, 2 min"})
    assert Ballot.objects.filter(round=round_voting).count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ReviewStatus.COUNTED, ReviewStatus.REJECTED)
    assert first.decided_by == people["officer"] and second.choices is None
    events = AuditEvent.objects.filter(action="fund.identity_review_decided").order_by("pk")
    assert [e.data["decision"] for e in events] == ["count", "reject"]
    assert events[1].data["reason"] == "Same device, 2 min"
    assert not actions.pending_reviews(round_voting).exists()

    # A decision is final.
    with pytest.raises(ValidationError):
        actions.decide_review(
            actor=people["officer"], review=first, count=False, reason="changed my mind"
        )
    # The rejected person cannot vote again by checking again.
    again = _check(Client(), round_voting, "Ana Kowalska", "1991-02-03")
    assert again.status_code == 200 and "could not be counted" in again.content.decode()
    # The counted one now changes a real ballot.
    counted = Client()
    _vote(counted, round_voting, "Ana Kowalska", "1990-02-03")
    assert Ballot.objects.filter(round=round_voting).count() == 2


def test_only_officers_see_and_decide_the_queue(round_voting, people):
    url = f"/fund/{round_voting.slug}/voters/reviews/"
    resident = Client()
    resident.force_login(people["resident"])
    assert resident.get(url).status_code == 403
    _vote(Client(), round_voting, "Ana Kowalska", "1980-02-03")
    _vote(Client(), round_voting, "Ana Kowalska", "1980-02-04")
    review = actions.pending_reviews(round_voting).get()
    with pytest.raises(PermissionDenied):
        actions.decide_review(actor=people["resident"], review=review, count=True, reason="x")


def test_held_ballots_must_be_decided_before_the_close_and_identities_are_forgotten(
    round_voting, people
):
    _vote(Client(), round_voting, "Ana Kowalska", "1980-02-03")
    _vote(Client(), round_voting, "Ana Kowalska", "1980-02-04")
    with pytest.raises(ValidationError, match="1 held ballot"):
        actions.close_vote(actor=people["officer"], round_=round_voting)
    review = actions.pending_reviews(round_voting).get()
    actions.decide_review(actor=people["officer"], review=review, count=True, reason="Twins")
    actions.close_vote(actor=people["officer"], round_=round_voting)
    assert not PostcodeIdentity.objects.exists() and not IdentitySignal.objects.exists()
    assert not IdentityReview.objects.exists()  # not even the time a held ballot came in
    assert Ballot.objects.filter(round=round_voting).count() == 2
    closed = AuditEvent.objects.get(action="fund.vote_closed")
    assert closed.data["held_ballots"] == {
        "identities": 2,  # the first check and its near-duplicate, each a person to bind
        "reviews_counted": 1,
        "reviews_rejected": 0,
    }


def test_i_have_finished_also_ends_changes_to_a_held_ballot(round_voting, people):
    _vote(Client(), round_voting, "Ana Kowalska", "1980-02-03")
    held = Client()
    _vote(held, round_voting, "Ana Kowalska", "1980-02-04")  # near the first: held
    url = f"/fund/{round_voting.slug}/vote/ballot/"
    kept = held.cookies[f"fund_voter_{round_voting.pk}"].value

    finished = held.post(f"/fund/{round_voting.slug}/vote/done/", follow=True)
    held.cookies[f"fund_voter_{round_voting.pk}"] = kept  # a copy from before finishing
    changed = held.post(url, {"projects": ["2"], "action": "save"})

    assert "cannot be changed" in finished.content.decode()
    assert changed.status_code == 200 and "cannot be changed" in changed.content.decode()
    review = actions.pending_reviews(round_voting).get()
    assert review.choices == ["1"] and review.final
    actions.decide_review(actor=people["officer"], review=review, count=True, reason="Twins")
    counted = VoterLink.objects.get(round=round_voting, ballot__choices=["1"], final=True)
    assert counted is not None


def test_by_postcode_binds_the_person(round_voting):
    today = date(2025, 6, 1)
    first = by_postcode(round_voting, "bd8 7pb", date(1980, 2, 3), "Ana Kowalska", today=today)
    again = by_postcode(round_voting, "BD87PB", date(1980, 2, 3), "Kowalska, Ána", today=today)
    assert first.token == again.token and not again.held
    near = by_postcode(round_voting, "BD87PB", date(1980, 2, 4), "Ana Kowalska", today=today)
    assert near.token != first.token and near.held
    review = IdentityReview.objects.get()
    assert review.kinds == ["same_name"]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_variants_sent_at_once_are_caught_like_variants_sent_in_turn(people, strategy):
    """Twelve dates of birth for one name, checked by twelve threads released together: the
    postcode's row lock makes exactly one of them the voter and holds the other eleven."""
    round_ = shortlisted_round(people, strategy)
    round_.refresh_from_db()
    # A neighbour has checked already, so the postcode's row exists and the threads do not
    # queue on inserting it: only its row lock keeps them in turn.
    assert not by_postcode(round_, "BD8 7PB", date(1950, 1, 1), "Jan Kowalski").held
    results: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(12)

    def check(month: int) -> None:
        try:
            barrier.wait(timeout=30)
            held = by_postcode(round_, "BD8 7PB", date(1980, month, 3), "Ana Kowalska").held
            results.append(held)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check, args=(m,)) for m in range(1, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(results) == [False] + [True] * 11
    assert actions.pending_reviews(round_).count() == 11

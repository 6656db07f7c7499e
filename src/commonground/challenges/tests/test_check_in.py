"""Checking in: by a venue's code (scanned or typed) or a reflection; once per person and
challenge, once per client UUID; a code from another challenge is refused and says why."""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from commonground.challenges import actions
from commonground.challenges.models import Attempt, CheckIn
from commonground.core.models import AuditEvent

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db


def _sync(client, cast, challenge, **payload):
    body = {"challenge": challenge.slug} | payload
    return client.post("/challenges/sync/", json.dumps(body), content_type="application/json")


def test_a_venue_code_checks_in_and_counts_in_the_venues_ward(cast):
    made, created = actions.check_in(
        actor=cast["alice"], challenge=cast["visit"], code=cast["mosque"].code.lower()
    )
    assert created and made.points == 20
    assert made.ward == cast["city"] and made.venue == cast["mosque"]
    assert Attempt.objects.filter(user=cast["alice"], challenge=cast["visit"]).exists()
    assert AuditEvent.objects.filter(action="challenges.checked_in").count() == 1


def test_a_scanned_address_is_read_as_its_code(cast):
    url = f"https://example.org/ur/challenges/scan/{cast['mosque'].code}/"
    made, _created = actions.check_in(actor=cast["bob"], challenge=cast["visit"], code=url)
    assert made.venue == cast["mosque"]


def test_a_reflection_counts_in_the_persons_own_ward(cast):
    made, _created = actions.check_in(
        actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION
    )
    assert made.ward == cast["tong"] and made.reflection == REFLECTION


def test_the_same_uuid_synced_twice_counts_once(client, cast):
    client.force_login(cast["alice"])
    client_id = str(uuid.uuid4())
    first = _sync(client, cast, cast["visit"], client_id=client_id, code=cast["mosque"].code)
    again = _sync(client, cast, cast["visit"], client_id=client_id, code=cast["mosque"].code)
    assert first.status_code == 201 and first.json()["status"] == "recorded"
    assert again.status_code == 200 and again.json()["status"] == "already"
    assert CheckIn.objects.filter(user=cast["alice"]).count() == 1
    assert AuditEvent.objects.filter(action="challenges.checked_in").count() == 1


def test_a_second_check_in_with_a_new_uuid_is_refused(client, cast):
    client.force_login(cast["alice"])
    _sync(client, cast, cast["visit"], client_id=str(uuid.uuid4()), code=cast["mosque"].code)
    second = _sync(
        client, cast, cast["visit"], client_id=str(uuid.uuid4()), code=cast["mosque"].code
    )
    assert second.status_code == 400
    assert "already checked in" in second.json()["message"]
    assert CheckIn.objects.filter(user=cast["alice"]).count() == 1


def test_a_code_of_another_challenge_is_refused_by_name(client, cast):
    client.force_login(cast["alice"])
    response = _sync(
        client, cast, cast["visit"], client_id=str(uuid.uuid4()), code=cast["cathedral"].code
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["code"]
    assert errors == [
        "This QR code is for Cathedral, which is not part of this challenge: "
        "it does not count here."
    ]
    assert not CheckIn.objects.exists()


def test_the_form_shows_the_reason_beside_the_field(client, cast):
    client.force_login(cast["alice"])
    response = client.post(f"/challenges/{cast['visit'].slug}/check-in/", {"code": "NOSUCHCODE"})
    assert response.status_code == 400
    assert "No venue has this code" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Scan the venue's QR code"), ("ZZZZZZZZ", "No venue has this code")],
)
def test_a_missing_or_unknown_code_is_refused(cast, code, message):
    with pytest.raises(ValidationError) as error:
        actions.check_in(actor=cast["alice"], challenge=cast["visit"], code=code)
    assert message in str(error.value.message_dict["code"])
    assert not CheckIn.objects.exists()


def test_a_short_reflection_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        actions.check_in(actor=cast["alice"], challenge=cast["meal"], reflection="nice")
    assert "at least 20 characters" in error.value.message_dict["reflection"][0]


def test_an_offline_check_in_keeps_when_it_was_done(client, cast):
    client.force_login(cast["alice"])
    when = timezone.now() - timedelta(days=2)
    response = _sync(
        client,
        cast,
        cast["meal"],
        client_id=str(uuid.uuid4()),
        reflection=REFLECTION,
        done_at=when.isoformat(),
    )
    assert response.status_code == 201
    assert abs(CheckIn.objects.get().done_at - when) < timedelta(seconds=1)


def test_a_check_in_from_the_future_is_dated_now_and_one_too_old_refused(cast):
    future = timezone.now() + timedelta(days=3)
    made, _created = actions.check_in(
        actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION, done_at=future
    )
    assert made.done_at <= timezone.now()
    with pytest.raises(ValidationError, match="more than 30 days"):
        actions.check_in(
            actor=cast["bob"],
            challenge=cast["meal"],
            reflection=REFLECTION,
            done_at=timezone.now() - timedelta(days=31),
        )


def test_someone_elses_uuid_is_refused(cast):
    client_id = uuid.uuid4()
    actions.check_in(
        actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION, client_id=client_id
    )
    with pytest.raises(ValidationError, match="already used"):
        actions.check_in(
            actor=cast["bob"], challenge=cast["meal"], reflection=REFLECTION, client_id=client_id
        )
    assert CheckIn.objects.count() == 1


def test_sync_needs_signing_in_and_a_csrf_token(cast):
    anonymous = _sync(Client(), cast, cast["visit"], code=cast["mosque"].code)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast["alice"])
    assert _sync(strict, cast, cast["visit"], code=cast["mosque"].code).status_code == 403
    assert not CheckIn.objects.exists()


def test_bad_json_and_unknown_challenges_get_a_clear_answer(client, cast):
    client.force_login(cast["alice"])
    bad = client.post("/challenges/sync/", "not json", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["message"] == "The request is not valid JSON."
    missing = client.post(
        "/challenges/sync/", json.dumps({"challenge": "nope"}), content_type="application/json"
    )
    assert missing.status_code == 404


def test_the_follow_up_is_answered_by_the_person_only(client, cast):
    made, _created = actions.check_in(
        actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION
    )
    client.force_login(cast["alice"])
    page = client.get(cast["meal"].get_absolute_url())
    assert "Did you meet someone from a different background?" in page.content.decode()
    client.post(
        f"/challenges/{cast['meal'].slug}/follow-up/",
        {"met_someone_different": "yes", "new_place": "no"},
    )
    made.refresh_from_db()
    assert made.met_someone_different is True and made.new_place is False
    client.force_login(cast["bob"])
    assert client.post(f"/challenges/{cast['meal'].slug}/follow-up/", {}).status_code == 404


def test_a_scanned_poster_lists_the_challenges_of_that_place(client, cast):
    client.force_login(cast["alice"])
    response = client.get(f"/challenges/scan/{cast['mosque'].code}/")
    assert response.status_code == 200
    assert cast["visit"].get_absolute_url() in response.content.decode()
    assert client.get("/challenges/scan/NOPE/").status_code == 404

"""Free text is sealed at rest: the database holds no plain text of it, and the key comes
from the environment."""

import pytest
from django.db import connection

from commonground.safety import actions, crypto
from commonground.safety.models import IncidentReport

from .conftest import make_report

pytestmark = pytest.mark.django_db

SECRET_WORDS = {
    "description": "Neighbour sprayed graffiti about Polish families on our door",
    "place_text": "Flat 3, Manningham Lane",
    "point": "53.800000,-1.760000",
    "contact_name": "Agnieszka Nowak",
    "contact_phone": "07700 900456",
    "contact_email": "agnieszka@example.org",
    "police_reference": "13190012345",
}


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM safety_incidentreport")
        rows = cursor.fetchall()
        cursor.execute("SELECT * FROM safety_referral")
        rows += cursor.fetchall()
        cursor.execute("SELECT * FROM core_auditevent")
        rows += cursor.fetchall()
    return repr(rows)


def test_database_holds_no_plain_text(people):
    report, _secret = make_report(**SECRET_WORDS)
    actions.triage(
        actor=people["caseworker"],
        report=report,
        risk="high",
        confirmed_strands=[],
        linked=[],
        notes="Spoke to Agnieszka by phone",
    )
    actions.refer(
        actor=people["caseworker"],
        report=report,
        service="police",
        consent_given=True,
        notes="Agnieszka agreed to a police referral",
    )
    raw = _raw_rows()
    for value in [*SECRET_WORDS.values(), "Agnieszka", "graffiti", "Manningham"]:
        assert value not in raw
    assert "v1:" in raw
    stored = IncidentReport.objects.get()
    assert stored.description == SECRET_WORDS["description"]
    assert stored.contact_email == SECRET_WORDS["contact_email"]
    assert "Spoke to Agnieszka" in stored.case_notes


def test_a_value_moved_to_another_column_does_not_open():
    sealed = crypto.seal("hello", context="safety.incidentreport.description")
    assert crypto.open_sealed(sealed, context="safety.incidentreport.description") == "hello"
    with pytest.raises(ValueError, match="no configured key"):
        crypto.open_sealed(sealed, context="safety.incidentreport.contact_name")


def test_a_different_key_cannot_read_and_old_keys_still_can(monkeypatch):
    sealed = crypto.seal("hello", context="x")
    old = "q2v5c0gqQ1pW7wT1aF9m4n8rK3sJ6hX0yZ2uB5dE7gA="
    monkeypatch.setenv("SAFETY_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    crypto.keys.cache_clear()
    with pytest.raises(ValueError):
        crypto.open_sealed(sealed, context="x")
    monkeypatch.setenv("SAFETY_OLD_ENCRYPTION_KEYS", old)
    crypto.keys.cache_clear()
    assert crypto.open_sealed(sealed, context="x") == "hello"


def test_a_malformed_key_is_refused(monkeypatch):
    monkeypatch.setenv("SAFETY_ENCRYPTION_KEY", "c2hvcnQ=")
    crypto.keys.cache_clear()
    with pytest.raises(crypto.KeyProblem, match="32 bytes"):
        crypto.keys()
    assert [m.id for m in crypto.check_key()] == ["safety.E001"]

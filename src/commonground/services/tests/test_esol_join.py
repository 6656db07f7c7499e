"""A learner asks for an English class themselves: no account, in Urdu or Polish, phone first;
they join the one waiting list the unit works from and the gaps page counts."""

from __future__ import annotations

import pytest

from commonground.core.models import Area, AuditEvent
from commonground.core.roles import Role
from commonground.services import esol
from commonground.services.models import EsolNeed, RecordedBy
from commonground.testing.people import make_user

ANSWERS = {
    "first_name": "Halina",
    "contact": "07700 900456",
    "languages": ["pl"],
    "level": "entry-2",
    "goals": ["work", "children"],
    "available_days": ["TU", "TH"],
    "postcode": "",
    "ward": "",
    "travel": "",
    "consent": "on",
}


@pytest.fixture
def ward(db) -> Area:
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    return Area.objects.create(code="E05001346", name="Manningham", level="ward", parent=district)


def test_a_learner_asks_in_polish_without_an_account(client, ward):
    page = client.get("/pl/services/esol/join/")
    assert page.status_code == 200
    assert 'lang="pl"' in page.content.decode()
    response = client.post("/pl/services/esol/join/", ANSWERS | {"ward": ward.pk})
    assert response.status_code == 302 and response["Location"] == "/pl/services/esol/join/done/"
    need = EsolNeed.objects.get()
    assert need.recorded_via == RecordedBy.LEARNER and need.recorded_by is None
    assert need.level == "entry-2" and need.languages == ["pl"] and need.ward == ward
    assert need.consent_at is not None
    event = AuditEvent.objects.get(action=esol.NEED_RECORDED)
    assert event.actor is None and event.data["via"] == "learner"
    done = client.get(response["Location"]).content.decode()
    assert "Halina" not in done  # the thank-you page shows nothing about them


def test_the_learner_is_on_the_unit_s_waiting_list_and_in_the_gaps(client, ward):
    client.post("/services/esol/join/", ANSWERS | {"ward": ward.pk})
    client.force_login(make_user("unit", Role.OFFICER))
    assert "Halina" in client.get("/services/esol/waiting/").content.decode()
    rows = {row.ward.name: row for row in client.get("/services/esol/gaps/").context["rows"]}
    assert rows["Manningham"].waiting == 1


def test_level_is_asked_as_can_do_statements_in_urdu(client, db):
    page = client.get("/ur/services/esol/join/").content.decode()
    assert 'dir="rtl"' in page
    assert 'type="radio"' in page and 'value="pre-entry"' in page
    assert 'autocomplete="tel"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"consent": ""}, "consent", "Tick the box to agree"),
        ({"first_name": ""}, "first_name", "Enter your first name."),
        ({"contact": "12345"}, "contact", "Enter a phone number with 10 to 15 digits"),
        ({"languages": []}, "languages", "Choose at least one language you speak."),
        ({"level": ""}, "level", "Choose the sentence that is most like you."),
        ({"postcode": "ZZ1 1ZZ"}, "postcode", "We do not know the postcode ZZ1 1ZZ"),
    ],
)
def test_bad_answers_name_the_field_and_keep_nothing(client, db, changes, field, message):
    response = client.post("/services/esol/join/", ANSWERS | changes)
    text = response.content.decode()
    assert response.status_code == 200 and message in text
    assert f'href="#id_{field}' in text
    assert EsolNeed.objects.count() == 0


def test_an_e_mail_address_is_accepted_instead_of_a_phone(client, db):
    client.post("/services/esol/join/", ANSWERS | {"contact": "halina@example.org"})
    assert EsolNeed.objects.get().contact == "halina@example.org"


def test_a_postcode_becomes_a_ward_and_is_not_kept(client, db, monkeypatch):
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    ward = Area.objects.create(code="E05001352", name="Toller", level="ward", parent=district)
    seen = []

    def locate(lat, lon):
        seen.append((round(lat, 3), round(lon, 3)))
        return None, ward

    monkeypatch.setattr("commonground.core.places.locate", locate)
    client.post("/services/esol/join/", ANSWERS | {"postcode": "bd8 9aa"})
    need = EsolNeed.objects.get()
    assert need.ward == ward and len(seen) == 1
    assert "BD8" not in " ".join(str(v) for v in need.__dict__.values())


def test_a_chosen_ward_wins_over_the_postcode(client, ward, monkeypatch):
    monkeypatch.setattr(
        "commonground.core.places.locate", lambda lat, lon: pytest.fail("not needed")
    )
    client.post("/services/esol/join/", ANSWERS | {"postcode": "BD8 9AA", "ward": ward.pk})
    assert EsolNeed.objects.get().ward == ward


# -- The rate limit: keyed hashes only, a clear message in the learner's language ------------
@pytest.mark.parametrize("prefix", ["", "/ur", "/pl"])
def test_asking_is_rate_limited_without_keeping_the_address(client, db, settings, prefix):
    from django.utils import translation

    from commonground.services import throttle
    from commonground.services.models import JoinAttempt

    settings.SERVICES_JOIN_LIMIT = 3
    address = {"REMOTE_ADDR": "203.0.113.9"}
    for n in range(3):
        answers = ANSWERS | {"first_name": f"Learner{n}"}
        assert client.post(f"{prefix}/services/esol/join/", answers, **address).status_code == 302
    refused = client.post(
        f"{prefix}/services/esol/join/", ANSWERS | {"first_name": "Fourth"}, **address
    )
    assert refused.status_code == 429
    assert EsolNeed.objects.count() == 3 and not EsolNeed.objects.filter(first_name="Fourth")
    text = refused.content.decode()
    assert 'data-testid="esol-join-limited"' in text
    with translation.override(prefix.strip("/") or "en"):
        expected = translation.gettext(
            "Too many requests for a class have been sent from this connection. Wait "
            "%(minutes)s minutes and send the form again, or ask a community worker to help you."
        ) % {"minutes": 60}
    assert expected in text
    assert 'value="Fourth"' in text  # what they typed is kept for when they try again
    # Only keyed hashes are stored, never the address.
    keys = list(JoinAttempt.objects.values_list("key", flat=True))
    assert keys == [throttle.key("203.0.113.9")] * 3
    assert all("203.0.113" not in k for k in keys)
    # Another connection is not held back.
    other = client.post(
        f"{prefix}/services/esol/join/",
        ANSWERS | {"first_name": "Other"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 302


def test_the_limit_lifts_when_the_window_has_passed(db):
    from datetime import timedelta

    from django.utils import timezone

    from commonground.services import throttle
    from commonground.services.models import JoinAttempt

    earlier = timezone.now() - throttle.window() - timedelta(minutes=1)
    for _ in range(throttle.limit()):
        throttle.count("203.0.113.9", now=earlier)
    assert throttle.limited("203.0.113.9", now=earlier + timedelta(seconds=1))
    assert not throttle.limited("203.0.113.9")
    assert JoinAttempt.objects.count() == 0  # the old hashes are gone, not just ignored


def test_a_form_with_mistakes_is_not_counted(client, db):
    from commonground.services.models import JoinAttempt

    client.post("/services/esol/join/", ANSWERS | {"first_name": ""})
    assert JoinAttempt.objects.count() == 0


def test_the_postcode_is_placed_by_core_s_locate_on_real_boundaries(client, db):
    """No stand-in: the LSOA containing the postcode's centroid gives the ward (services reads
    places through core, never through another app)."""
    from commonground.core.tests.conftest import square
    from commonground.services import postcodes

    lat, lon = postcodes.centroid("BD8 9AA")
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    ward = Area.objects.create(code="E05001352", name="Toller", level="ward", parent=district)
    Area.objects.create(
        code="E01010700", name="Bradford 040A", level="lsoa", parent=ward,
        boundary=square(lon - 0.01, lat - 0.01),
    )  # fmt: skip
    Area.objects.create(
        code="E01010701", name="Elsewhere", level="lsoa", parent=district,
        boundary=square(lon + 0.05, lat + 0.05),
    )  # fmt: skip
    client.post("/services/esol/join/", ANSWERS | {"postcode": "BD8 9AA"})
    assert EsolNeed.objects.get().ward == ward

"""The ESOL central unit: a need recorded with consent, a place offered on a class that fits,
the placement followed through its states, providers limited to their own classes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.services import esol, esol_gaps
from commonground.services.models import EsolClass, Service
from commonground.testing.people import make_user


@pytest.fixture
def unit(directory):
    """Two ESOL classes; the Manningham one (crèche) is run by a partner."""
    provider, _ = Organisation.objects.get_or_create(
        name="Manningham CLC", defaults={"slug": "manningham-clc", "kind": "voluntary"}
    )
    women = Service.objects.select_related("organization").get(
        name="ESOL for women: Pre-entry and Entry 1"
    )
    women.organization.partner = provider
    women.organization.save()
    evening = Service.objects.get(name="ESOL Entry 2 and Entry 3: evening classes")
    return {
        "provider": provider,
        "women": EsolClass.objects.create(
            service=women, lowest_level="pre-entry", highest_level="entry-1", capacity=1,
            childcare=True,
        ),
        "evening": EsolClass.objects.create(
            service=evening, lowest_level="entry-2", highest_level="entry-3", capacity=10
        ),
        "officer": make_user("unit", Role.OFFICER),
        "provider_user": make_user("tutor", Role.PARTNER, provider),
    }  # fmt: skip


def _need(unit, **extra):
    fields = {
        "first_name": "Amina",
        "contact": "07700 900123",
        "languages": ["ur", "pa"],
        "level": "entry-1",
        "goals": ["children", "everyday"],
        "available_days": ["MO", "WE"],
        "needs_childcare": True,
        "recorded_via": "community-worker",
    } | extra
    return esol.record_need(actor=unit["officer"], consent=True, **fields)


def test_need_needs_consent(unit):
    with pytest.raises(ValidationError):
        esol.record_need(actor=unit["officer"], consent=False, first_name="A", level="entry-1")


def test_classes_that_fit_level_childcare_and_days(unit):
    need = _need(unit)
    fits = esol.classes_for(need)
    assert [f.esol_class for f in fits] == [unit["women"]]
    assert fits[0].shared_days == ("MO", "WE")
    assert (
        esol.classes_for(_need(unit, level="entry-3", needs_childcare=False, available_days=[]))[
            0
        ].esol_class
        == unit["evening"]
    )


def test_offer_then_follow_to_completion(unit):
    need = _need(unit)
    placement = esol.offer_place(actor=unit["officer"], need=need, esol_class=unit["women"])
    assert unit["women"].places_left() == 0 and not need.waiting
    with pytest.raises(ValidationError):  # full
        esol.offer_place(actor=unit["officer"], need=_need(unit), esol_class=unit["women"])
    tutor = unit["provider_user"]
    for state in ("accepted", "started"):
        esol.move_placement(actor=tutor, placement=placement, state=state)
    esol.move_placement(
        actor=tutor, placement=placement, state="completed", assessed_level="entry-2"
    )
    placement.refresh_from_db()
    assert (placement.state, placement.assessed_level) == ("completed", "entry-2")
    assert unit["women"].places_left() == 1
    with pytest.raises(ValidationError):
        esol.move_placement(actor=tutor, placement=placement, state="started")
    assert AuditEvent.objects.filter(action=esol.PLACEMENT_MOVED).count() == 3


def test_declined_learner_is_back_on_the_waiting_list(unit):
    need = _need(unit)
    placement = esol.offer_place(actor=unit["officer"], need=need, esol_class=unit["women"])
    esol.move_placement(actor=unit["officer"], placement=placement, state="declined")
    assert need.waiting
    assert sum(esol_gaps.waiting_by_ward().values()) == 1
    assert sum(esol_gaps.places_by_ward().values()) == 11


def test_provider_sees_and_changes_only_its_own(unit):
    own = esol.offer_place(actor=unit["officer"], need=_need(unit), esol_class=unit["women"])
    other = esol.offer_place(
        actor=unit["officer"],
        need=_need(unit, level="entry-2", needs_childcare=False),
        esol_class=unit["evening"],
    )
    tutor = unit["provider_user"]
    assert list(esol.placements_visible_to(tutor)) == [own]
    assert set(esol.placements_visible_to(unit["officer"])) == {own, other}
    with pytest.raises(PermissionDenied):
        esol.move_placement(actor=tutor, placement=other, state="accepted")
    with pytest.raises(PermissionDenied):
        esol.set_capacity(actor=tutor, esol_class=unit["evening"], capacity=0)
    esol.set_capacity(actor=tutor, esol_class=unit["women"], capacity=5)
    assert EsolClass.objects.get(pk=unit["women"].pk).capacity == 5
    with pytest.raises(PermissionDenied):
        esol.offer_place(actor=tutor, need=_need(unit), esol_class=unit["women"])


# -- The learner hears of an offered place (by their own channel, in their language) ---------
@pytest.fixture
def outbox(settings):
    from commonground.core import messaging

    settings.MESSAGE_SENDER = "commonground.core.messaging.ConsoleSender"
    messaging.outbox.clear()
    yield messaging.outbox
    messaging.outbox.clear()


def test_an_offer_is_texted_to_the_learner_in_their_language(unit, outbox):
    need = _need(unit, contact_consent=True, language="ur")
    placement = esol.offer_place(actor=unit["officer"], need=need, esol_class=unit["women"])
    [message] = outbox
    assert message.channel == "sms" and message.to == "07700 900123"
    assert message.language == "ur"
    # The class, its venue and its times, named in Urdu where the directory has it …
    assert "خواتین کے لیے ای ایس او ایل" in message.body
    assert "09:30–11:30" in message.body
    # … and nothing else the unit holds about the learner (a phone may be shared).
    for private in ("Amina", "Entry 1", "entry-1", "childcare", "crèche"):
        assert private not in message.body
    event = AuditEvent.objects.get(action=esol.PLACE_OFFERED, object_id=str(placement.pk))
    assert event.data["told_by"] == "sms"
    assert "07700" not in str(event.data)


def test_an_offer_goes_by_e_mail_when_that_is_the_contact_given(unit, outbox):
    from django.core import mail

    need = _need(unit, contact="amina@example.org", contact_consent=True, language="pl")
    esol.offer_place(actor=unit["officer"], need=need, esol_class=unit["women"])
    [message] = outbox
    assert message.channel == "email" and message.language == "pl"
    assert "ESOL dla kobiet" in message.body
    [sent] = mail.outbox
    assert sent.to == ["amina@example.org"] and sent.subject


def test_no_message_without_consent_to_contact(unit, outbox):
    need = _need(unit)  # consent to keep the details, not to be contacted
    placement = esol.offer_place(actor=unit["officer"], need=need, esol_class=unit["women"])
    assert outbox == []
    event = AuditEvent.objects.get(action=esol.PLACE_OFFERED, object_id=str(placement.pk))
    assert event.data["told_by"] == ""


def test_a_learner_who_asked_in_urdu_is_written_to_in_urdu(client, unit, outbox):
    answers = {
        "first_name": "Amina",
        "contact": "07700 900123",
        "languages": ["ur"],
        "level": "entry-1",
        "goals": ["children"],
        "available_days": ["MO"],
        "needs_childcare": "on",
        "consent": "on",
    }
    assert client.post("/ur/services/esol/join/", answers).status_code == 302
    from commonground.services.models import EsolNeed

    need = EsolNeed.objects.get(first_name="Amina")
    assert need.language == "ur" and need.contact_consent
    esol.offer_place(actor=unit["officer"], need=need, esol_class=unit["women"])
    [message] = outbox
    assert message.language == "ur" and "خواتین" in message.body

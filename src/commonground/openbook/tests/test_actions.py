"""Offering, approving, requesting, matching, both sides confirming, safeguarding, cancelling,
delivery and feedback, each audited, with clear refusals that change nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commonground.core import messaging
from commonground.core.models import AuditEvent
from commonground.openbook import actions
from commonground.openbook.models import Check, Feedback, TalkOffer, TalkRequest

from .conftest import new_offer, new_request, soon


@pytest.fixture(autouse=True)
def empty_outbox():
    messaging.outbox.clear()
    yield
    messaging.outbox.clear()


def _actions():
    return list(
        AuditEvent.objects.filter(action__startswith="openbook.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_offer_is_public_only_once_approved(cast):
    offer = new_offer(cast, approve=False)
    assert not TalkOffer.objects.public().exists()
    with pytest.raises(PermissionDenied):
        actions.approve_offer(actor=cast["amina"], offer=offer)
    actions.approve_offer(actor=cast["coordinator"], offer=offer)
    actions.approve_offer(actor=cast["coordinator"], offer=offer)  # twice: nothing new
    assert list(TalkOffer.objects.public()) == [offer]
    assert _actions().count("openbook.offer_approved") == 1
    assert any(m.to == "amina@example.org" for m in messaging.outbox)


def test_an_offer_needs_topics_languages_and_wards(cast):
    with pytest.raises(ValidationError) as error:
        new_offer(cast, topics=[])
    assert "topics" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.offer_talk(
            actor=cast["amina"],
            speaker_name="A",
            title="T",
            bio="b",
            description="d",
            topics=["life"],
            languages=["en"],
            format="in_person",
        )
    assert "wards" in error.value.message_dict
    assert not TalkOffer.objects.exists()


def test_the_whole_journey_to_a_confirmed_and_delivered_talk(cast):
    offer = new_offer(cast)
    request = new_request(cast)
    request = actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    assert request.status == "matched"
    sent_to = {m.to for m in messaging.outbox}
    assert {"requester@example.org", "amina@example.org"} <= sent_to
    request = actions.respond(actor=cast["amina"], request=request, accept=True)
    assert request.status == "matched"
    request = actions.confirm_date(actor=cast["requester"], request=request)
    assert request.status == "confirmed"
    with pytest.raises(ValidationError, match="has not happened yet"):
        actions.record_delivery(actor=cast["amina"], request=request, audience=18)
    TalkRequest.objects.filter(pk=request.pk).update(talk_at=timezone.now() - timedelta(days=1))
    request = actions.record_delivery(actor=cast["amina"], request=request, audience=18)
    assert (request.status, request.audience_reached) == ("delivered", 18)
    actions.give_feedback(actor=cast["requester"], request=request, rating=5, comment="Great")
    actions.give_feedback(actor=cast["amina"], request=request, rating=4, comment="Kind group")
    with pytest.raises(ValidationError, match="already given feedback"):
        actions.give_feedback(actor=cast["amina"], request=request, rating=1)
    assert Feedback.objects.count() == 2
    assert _actions()[-8:] == [
        "openbook.requested",
        "openbook.matched",
        "openbook.volunteer_accepted",
        "openbook.date_confirmed",
        "openbook.confirmed",
        "openbook.delivered",
        "openbook.feedback_given",
        "openbook.feedback_given",
    ]


def test_a_school_talk_waits_for_the_safeguarding_checklist(cast):
    offer = new_offer(cast)
    request = new_request(cast, audience_kind="school", age_group="children")
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    actions.respond(actor=cast["amina"], request=request, accept=True)
    request = actions.confirm_date(actor=cast["requester"], request=request)
    assert request.status == "matched"
    request = actions.save_safeguarding(
        actor=cast["coordinator"], request=request, notes="DBS seen", checklist=[Check.DBS]
    )
    assert request.status == "matched"
    request = actions.save_safeguarding(
        actor=cast["coordinator"], request=request, notes="DBS seen", checklist=Check.values
    )
    assert request.status == "confirmed"
    with pytest.raises(PermissionDenied):
        actions.save_safeguarding(actor=cast["amina"], request=request, notes="x", checklist=[])


def test_refusals_say_why_and_change_nothing(cast):
    offer = new_offer(cast)
    request = new_request(cast)
    with pytest.raises(ValidationError, match="must be in the future"):
        actions.match(
            actor=cast["coordinator"],
            request=request,
            talk=offer,
            talk_at=timezone.now() - timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="There is no proposed date"):
        actions.confirm_date(actor=cast["requester"], request=request)
    with pytest.raises(PermissionDenied):
        actions.match(actor=cast["amina"], request=request, talk=offer, talk_at=soon())
    request.refresh_from_db()
    assert request.status == "requested" and request.talk_id is None
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    with pytest.raises(ValidationError, match="is matched: it cannot be matched now"):
        actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon(9))
    with pytest.raises(PermissionDenied):
        actions.respond(actor=cast["marek"], request=request, accept=True)
    with pytest.raises(ValidationError) as error:
        actions.cancel(actor=cast["requester"], request=request, reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError, match="after the talk"):
        actions.give_feedback(actor=cast["requester"], request=request, rating=3)


def test_declining_returns_the_request_to_the_coordinator(cast):
    offer = new_offer(cast)
    request = new_request(cast)
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    request = actions.respond(actor=cast["amina"], request=request, accept=False)
    assert (request.status, request.talk_id, request.talk_at) == ("requested", None, None)


def test_either_side_can_cancel_with_a_reason_and_notice(cast):
    offer = new_offer(cast)
    request = new_request(cast)
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon(1))
    request = actions.cancel(actor=cast["amina"], request=request, reason="I am unwell")
    assert (request.status, request.cancelled_by, request.short_notice) == (
        "cancelled",
        "volunteer",
        True,
    )
    assert any("I am unwell" in m.body for m in messaging.outbox if m.to == "requester@example.org")
    with pytest.raises(ValidationError, match="is cancelled"):
        actions.cancel(actor=cast["requester"], request=request, reason="again")


def test_a_requester_may_pick_a_talk_only_in_its_format(cast):
    offer = new_offer(cast, format="online")
    with pytest.raises(ValidationError) as error:
        new_request(cast, talk=offer, format="in_person")
    assert "format" in error.value.message_dict
    picked = new_request(cast, talk=offer, format="online")
    assert picked.talk == offer and picked.status == "requested"


def test_a_partner_asks_only_for_their_own_organisation(cast):
    request = new_request(cast, who="teacher", organisation=cast["organisation"])
    assert request.organisation == cast["organisation"]
    with pytest.raises(ValidationError) as error:
        new_request(cast, who="stranger", organisation=cast["organisation"])
    assert "organisation" in error.value.message_dict


def test_a_withdrawn_offer_cannot_leave_a_group_waiting(cast):
    offer = new_offer(cast)
    request = new_request(cast)
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    with pytest.raises(ValidationError, match="A group is waiting"):
        actions.withdraw_offer(actor=cast["amina"], offer=offer)
    with pytest.raises(PermissionDenied):
        actions.withdraw_offer(actor=cast["marek"], offer=offer)

"""Erasing an Open Book volunteer's or requester's data at their request: refused while a talk
is matched (the other side counts on it), otherwise names, biographies and contact addresses
go and the talks stay counted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.light_accounts import make_stand_in
from commonground.core.models import AuditEvent
from commonground.openbook import actions
from commonground.openbook.models import TalkOffer, TalkRequest

from .conftest import new_offer, new_request, soon


def test_a_matched_talk_must_be_cancelled_before_erasing(cast):
    offer = new_offer(cast)
    request = new_request(cast, talk=offer)
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    for who in ("amina", "requester"):
        with pytest.raises(ValidationError) as error:
            actions.erase_person(actor=cast[who], user=cast[who], stand_in=make_stand_in())
        assert "Cancel it first" in error.value.messages[0]
    offer.refresh_from_db()
    assert (offer.volunteer_id, offer.speaker_name) == (cast["amina"].pk, "Amina")
    assert not AuditEvent.objects.filter(action="openbook.person_erased").exists()


def test_erasing_withdraws_offers_and_cancels_waiting_requests_without_names(cast):
    offer = new_offer(cast)
    request = new_request(cast)
    stand_in = make_stand_in(cast["amina"])

    counts = actions.erase_person(actor=cast["amina"], user=cast["amina"], stand_in=stand_in)
    assert counts == {"offers": 1, "requests": 0, "cancelled": 0}
    offer = TalkOffer.objects.get(pk=offer.pk)
    assert (offer.volunteer_id, offer.status) == (stand_in.pk, "withdrawn")
    assert (offer.speaker_name, offer.bio, offer.description) == ("", "", "")

    requester = cast["requester"]
    counts = actions.erase_person(actor=requester, user=requester, stand_in=make_stand_in())
    assert counts == {"offers": 0, "requests": 1, "cancelled": 1}
    request = TalkRequest.objects.get(pk=request.pk)
    assert request.status == "cancelled"
    assert (request.contact_email, request.wants_to_learn) == ("", "")
    assert request.requester_id != requester.pk
    assert AuditEvent.objects.filter(action="openbook.person_erased").count() == 2


def test_nobody_may_erase_someone_elses_talks(cast):
    offer = new_offer(cast)
    with pytest.raises(PermissionDenied):
        actions.erase_person(actor=cast["coordinator"], user=cast["amina"], stand_in=None)
    assert TalkOffer.objects.get(pk=offer.pk).volunteer_id == cast["amina"].pk

"""Talks delivered and people reached, by ward and quarter, go to Measures (officers only,
idempotent)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commonground.measures.models import Observation
from commonground.openbook import actions
from commonground.openbook.models import TalkRequest
from commonground.openbook.states import quarter

from .conftest import new_offer, new_request, soon


def _delivered(cast, audience: int) -> TalkRequest:
    offer = new_offer(cast, title=f"Talk for {audience}")
    request = new_request(cast)
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    actions.respond(actor=cast["amina"], request=request, accept=True)
    actions.confirm_date(actor=cast["requester"], request=request)
    TalkRequest.objects.filter(pk=request.pk).update(talk_at=timezone.now() - timedelta(hours=2))
    return actions.record_delivery(actor=cast["coordinator"], request=request, audience=audience)


def test_talks_and_audiences_go_to_measures_once(cast, client):
    first = _delivered(cast, 30)
    _delivered(cast, 12)
    new_request(cast, organisation_name="Not yet matched")  # not counted
    with pytest.raises(PermissionDenied):
        actions.publish_to_measures(actor=cast["amina"])
    client.force_login(cast["amina"])
    assert client.post("/open-book/figures/publish/").status_code == 403
    client.force_login(cast["coordinator"])
    page = client.get("/open-book/figures/")
    assert page.context["rows"][0]["talks"] == 2 and page.context["rows"][0]["people"] == 42
    client.post("/open-book/figures/publish/")
    talks = Observation.objects.get(indicator__slug="open-book-talks", is_current=True)
    people = Observation.objects.get(indicator__slug="open-book-audience", is_current=True)
    assert (talks.value, people.value) == (Decimal(2), Decimal(42))
    assert talks.origin == "involvement" and talks.area_id == first.ward_id
    assert talks.period == quarter(timezone.localdate())
    again = actions.publish_to_measures(actor=cast["coordinator"])
    assert again["created"] == 0 and again["corrected"] == 0
    assert Observation.objects.filter(indicator__slug="open-book-talks").count() == 1

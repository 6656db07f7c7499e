"""Your tasks: the coordinator's offers and matches, the volunteer's answer and the group's
date, and feedback due on both sides."""

from datetime import timedelta

from django.utils import timezone

from commonground.openbook import actions, waiting
from commonground.openbook.models import TalkRequest

from .conftest import new_offer, new_request, soon


def _texts(user):
    return [t.text for t in waiting.tasks(user)]


def test_each_side_sees_what_waits_for_them(cast):
    offer = new_offer(cast)
    new_offer(cast, who="marek", approve=False, title="Pending")
    request = new_request(cast)
    assert any("to approve: 1" in t for t in _texts(cast["coordinator"]))
    assert any("Match a talk for Acme" in t for t in _texts(cast["coordinator"]))
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    assert any("Will you give a talk" in t for t in _texts(cast["amina"]))
    assert any("Confirm the date" in t for t in _texts(cast["requester"]))
    assert _texts(cast["stranger"]) == []
    actions.respond(actor=cast["amina"], request=request, accept=True)
    actions.confirm_date(actor=cast["requester"], request=request)
    TalkRequest.objects.filter(pk=request.pk).update(talk_at=timezone.now() - timedelta(hours=1))
    actions.record_delivery(actor=cast["amina"], request=request, audience=10)
    assert any("How did the talk" in t for t in _texts(cast["amina"]))
    assert any("How did the talk" in t for t in _texts(cast["requester"]))
    labels = [t.label for t in waiting.tools(cast["coordinator"])]
    assert "Open Book coordination" in labels
    assert "Open Book coordination" not in [t.label for t in waiting.tools(cast["amina"])]

"""Delete my data: a confirm page, then every app's own erase action in one transaction; a part
that refuses (an Open Book talk still matched) leaves everything as it was."""

import pytest
from django.test import Client

from commonground.core.models import AuditEvent, User
from commonground.involved import actions
from commonground.involved.models import Registration
from commonground.involved.tests.conftest import new_event
from commonground.openbook import actions as openbook_actions
from commonground.openbook.models import TalkOffer
from commonground.openbook.tests.conftest import make_cast, new_offer, new_request, soon

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_nothing_is_erased_until_the_box_is_ticked(people, event):
    actions.register(actor=people["alice"], event=event)
    client = _signed_in(people["alice"])
    assert "Delete my data" in client.get("/involved/me/erase/").content.decode()
    response = client.post("/involved/me/erase/", {})
    assert response.status_code == 200
    assert "Tick the box to say you understand" in response.content.decode()
    assert Registration.objects.filter(user=people["alice"]).count() == 1


def test_erasing_runs_every_apps_action_and_keeps_one_nameless_person(people, event):
    alice = people["alice"]
    actions.register(actor=alice, event=event)
    response = _signed_in(alice).post("/involved/me/erase/", {"confirm": "on"}, follow=True)
    assert "Your involvement has been erased" in response.content.decode()
    assert not Registration.objects.filter(user=alice).exists()
    stand_in = Registration.objects.get(event=event).user
    assert stand_in.username.startswith("erased-") and not stand_in.is_active
    assert (stand_in.email, stand_in.first_name, stand_in.has_usable_password()) == ("", "", False)
    erased = set(
        AuditEvent.objects.filter(actor=alice, action__endswith="erased").values_list(
            "action", flat=True
        )
    )
    assert erased == {
        "involved.person.erased",
        "volunteering.person_erased",
        "openbook.person_erased",
        "challenges.person_erased",
        "involved.involvement.erased",
    }


def test_a_matched_talk_stops_the_whole_erasure_with_a_message(strategy):
    cast = make_cast()
    event = new_event({"organiser": cast["coordinator"], "organisation": None})
    amina = cast["amina"]
    actions.register(actor=amina, event=event)
    offer = new_offer(cast)
    request = new_request(cast, talk=offer)
    openbook_actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    users_before = User.objects.count()

    response = _signed_in(amina).post("/involved/me/erase/", {"confirm": "on"})

    assert response.status_code == 200
    assert "Cancel it first" in response.content.decode()
    assert Registration.objects.filter(user=amina, status="confirmed").count() == 1
    assert TalkOffer.objects.get(pk=offer.pk).volunteer_id == amina.pk
    assert User.objects.count() == users_before

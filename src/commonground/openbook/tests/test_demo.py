"""The demo: four volunteers' talks (one more waiting for approval) and three requests in
different states; running it twice adds nothing."""

import pytest

from commonground.core.roles import Role
from commonground.openbook import demo
from commonground.openbook.models import Feedback, TalkOffer, TalkRequest
from commonground.testing.people import make_user


@pytest.mark.django_db(transaction=True)
def test_demo_is_idempotent(strategy):
    make_user("officer", Role.OFFICER)
    make_user("resident", Role.RESIDENT)
    said = []
    demo.load_demo(said.append)
    counts = (TalkOffer.objects.count(), TalkRequest.objects.count(), Feedback.objects.count())
    demo.load_demo(said.append)
    assert counts == (
        TalkOffer.objects.count(),
        TalkRequest.objects.count(),
        Feedback.objects.count(),
    )
    assert counts == (5, 3, 2)
    assert set(TalkRequest.objects.values_list("status", flat=True)) == {
        "requested",
        "matched",
        "delivered",
    }
    assert TalkOffer.objects.public().count() == 4
    assert {lang for o in TalkOffer.objects.all() for lang in o.languages} >= {"en", "ur", "pl"}
    assert "openbook: 4 talks public, 3 requests" in said

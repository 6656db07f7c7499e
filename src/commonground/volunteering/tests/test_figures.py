"""Officers' figures: small counts withheld; hours by ward and quarter go to Measures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commonground.core.roles import Role
from commonground.measures.models import Observation
from commonground.testing.people import make_user
from commonground.volunteering import actions
from commonground.volunteering.models import HoursEntry


@pytest.mark.django_db
def test_figures_withhold_small_counts_and_publish_to_measures(client, people, opportunity):
    volunteers = [make_user(f"v{n}", Role.RESIDENT) for n in range(6)]
    for user in volunteers:
        signup = actions.sign_up(actor=user, opportunity=opportunity, confirms_age=True)
        signup.status = "accepted"
        signup.save()
        HoursEntry.objects.create(
            signup=signup, date=timezone.localdate() - timedelta(days=1), hours=Decimal(2)
        )
    client.force_login(people["alice"])
    assert client.get("/volunteering/figures/").status_code == 403
    client.force_login(people["officer"])
    page = client.get("/volunteering/figures/")
    by_ward = page.context["by_ward"]
    assert by_ward[0]["volunteers"] == 6 and by_ward[0]["hours"] == Decimal(12)
    by_background = page.context["by_background"]
    assert by_background[0]["volunteers"] == 6  # none given: one group of six
    client.post("/volunteering/figures/publish/")
    figure = Observation.objects.get(indicator__slug="volunteering-hours", is_current=True)
    assert figure.value == Decimal(12) and figure.origin == "involvement"
    assert figure.area_id == opportunity.ward_id


@pytest.mark.django_db
def test_a_handful_of_volunteers_is_withheld(client, people, opportunity):
    signup = actions.sign_up(actor=people["alice"], opportunity=opportunity, confirms_age=True)
    signup.status = "accepted"
    signup.save()
    HoursEntry.objects.create(signup=signup, date=timezone.localdate(), hours=Decimal(2))
    client.force_login(people["officer"])
    page = client.get("/volunteering/figures/")
    assert page.context["by_ward"][0]["volunteers"] is None
    assert "[c]" in page.content.decode()

"""Officers set a measure's target and owner and publish or withdraw it; every change is
checked by a form, goes through its audited action and shows in the change history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commonground.core.models import AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.measures.models import Indicator

from .conftest import make_user


@pytest.fixture
def officer(client, council):
    user = make_user("officer", Role.OFFICER, council)
    client.force_login(user)
    return user


def manage_url(slug: str = "satisfied-with-area") -> str:
    return reverse("measures:manage_indicator", args=[slug])


def test_only_officers_manage_measures(client, indicators, police):
    client.force_login(make_user("partner", Role.PARTNER, police))
    assert client.get(reverse("measures:manage")).status_code == 403
    assert client.get(manage_url()).status_code == 403
    client.force_login(make_user("board", Role.BOARD, police))
    assert client.post(manage_url(), {"form": "publication", "publish": "0"}).status_code == 403


def test_officer_sets_a_target_and_sees_it_in_the_history(client, indicators, officer):
    response = client.post(
        manage_url(),
        {"form": "target", "value": "72", "target_date": "2025-12-31", "reason": "Board agreed"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(slug="satisfied-with-area")
    assert indicator.target_value == Decimal(72)
    event = AuditEvent.objects.get(action="measures.target_set")
    assert event.actor == officer and event.reason == "Board agreed"
    page = client.get(manage_url()).content.decode()
    assert "Target set: 72 by 2025-12-31" in page and "Board agreed" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "101", "target_date": "2025-12-31"}, "The target must be 100 or less."),
        ({"value": "-1", "target_date": "2025-12-31"}, "The target must be 0 or more."),
        ({"value": "72", "target_date": "2016-01-01"}, "must be after the baseline date"),
        ({"value": "72", "target_date": ""}, "Enter the date the target should be met by."),
        ({"value": "72", "target_date": "2025-12-31", "reason": ""}, "This field is required."),
    ],
)
def test_targets_outside_the_unit_or_before_the_baseline_are_refused(
    client, indicators, officer, data, message
):
    response = client.post(manage_url(), {"form": "target", "reason": "x", **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert Indicator.objects.get(slug="satisfied-with-area").target_value is None
    assert not AuditEvent.objects.filter(action="measures.target_set").exists()


def test_the_owner_must_be_a_partner_organisation(client, indicators, officer, council):
    outsider = Organisation.objects.create(
        name="A shop", slug="shop", kind="business", is_partner=False
    )
    refused = client.post(manage_url(), {"form": "owner", "owner": outsider.pk, "reason": "asked"})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    client.post(manage_url(), {"form": "owner", "owner": council.pk, "reason": "Council survey"})
    assert Indicator.objects.get(slug="satisfied-with-area").owner == council
    event = AuditEvent.objects.get(action="measures.owner_set", reason="Council survey")
    assert event.data == {"before": "west-yorkshire-police", "owner": "council"}


def test_withdrawing_needs_a_reason_and_hides_the_measure(client, indicators, officer):
    refused = client.post(manage_url(), {"form": "publication", "publish": "0", "reason": ""})
    assert "Say why the measure is withdrawn." in refused.content.decode()
    client.post(manage_url(), {"form": "publication", "publish": "0", "reason": "Under review"})
    assert (
        client.get(reverse("measures:indicator", args=["satisfied-with-area"])).status_code == 404
    )
    listing = client.get(reverse("measures:manage")).content.decode()
    assert "Withdrawn" in listing
    client.post(manage_url(), {"form": "publication", "publish": "1", "reason": ""})
    back = client.get(reverse("measures:indicator", args=["satisfied-with-area"]))
    assert back.status_code == 200
    assert "Residents satisfied with their area as a place to live" in back.content.decode()
    history = client.get(manage_url()).content.decode()
    assert history.index("Published") < history.index("Under review")  # newest first

"""The officer's linking page: pairs proposed, explained, fixed pairs costed; officers only."""

import pytest
from django.urls import reverse

from commonground.core.roles import Role
from commonground.schools.models import School
from commonground.testing.people import make_user


@pytest.fixture
def officer(db):
    return make_user("officer", Role.OFFICER)


@pytest.mark.django_db
def test_officer_gets_pairs_and_the_cost_of_a_fixed_pair(client, loaded, officer) -> None:
    client.force_login(officer)
    url = reverse("schools:linking")
    best = client.get(url, {"phase": "secondary", "max_km": "4"}).content.decode()
    assert "Proposed pairs" in best and "Largest differences" in best
    assert "this is the best plan possible" in best
    a, b = School.objects.filter(phase="secondary", in_district=True).order_by("urn")[:2]
    fixed = client.get(
        url, {"phase": "secondary", "max_km": "4", "fix": f"{a.urn}, {b.urn}"}
    ).content.decode()
    row = next(r for r in fixed.split("<tr") if "govuk-tag--grey" in r)
    assert f"({a.urn})" in row and f"({b.urn})" in row
    assert "The pairs you fixed cost" in fixed


@pytest.mark.django_db
def test_zero_distance_is_refused(client, loaded, officer) -> None:
    client.force_login(officer)
    html = client.get(
        reverse("schools:linking"), {"phase": "primary", "max_km": "0"}
    ).content.decode()
    assert "The distance must be more than 0 km." in html and "Proposed pairs" not in html


@pytest.mark.django_db
def test_residents_cannot_plan(client, db) -> None:
    resident = make_user("resident", Role.RESIDENT)
    client.force_login(resident)
    assert client.get(reverse("schools:linking")).status_code == 403
